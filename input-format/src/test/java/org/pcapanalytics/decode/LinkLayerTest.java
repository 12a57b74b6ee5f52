package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LinkLayerTest {
  private static final byte[] IP_UDP = ipv4(17, udp(1000, 2000, ascii("x")));

  @Test
  void ethernetIpv4() {
    DecodedPacket p = decode(1, eth(0x0800, IP_UDP));
    assertTrue(p.hasEth);
    assertEquals(0x001122334455L, p.ethDst);
    assertEquals(0x66778899AABBL, p.ethSrc);
    assertEquals(0x0800, p.ethType);
    assertEquals(0x0800, p.ethHeaderType);
    assertEquals(0, p.vlanCount);
    assertEquals(4, p.ipVersion);
    assertEquals(1000, p.srcPort);
    assertNull(p.decodeError);
    assertFalse(p.truncated);
  }

  @Test
  void stackedTagsOutermostFirst() {
    // 802.1ad S-tag 30, then 802.1Q C-tag 100, then an old-style 0x9100 tag 7.
    byte[] f = eth(0x88A8, cat(tag(30, 0x8100), tag(100, 0x9100), tag(7, 0x0800), IP_UDP));
    DecodedPacket p = decode(1, f);
    assertEquals(3, p.vlanCount);
    assertArrayEquals(new int[] {30, 100, 7}, Arrays.copyOf(p.vlanIds, 3));
    assertArrayEquals(new int[] {0x88A8, 0x8100, 0x9100}, Arrays.copyOf(p.vlanTpids, 3));
    assertEquals(0x0800, p.ethType, "EtherType after the tags");
    assertEquals(0x88A8, p.ethHeaderType, "the Ethernet header's own type (tshark eth.type)");
    assertEquals("100", TsharkFields.firstQTag(p), "tshark's vlan.id is the C-tag behind an S-tag");
    assertEquals(2000, p.dstPort);
  }

  @Test
  void vlanIdIsTwelveBits() {
    DecodedPacket p = decode(1, eth(0x8100, cat(bytes(0xEF, 0xFF, 0x08, 0x00), IP_UDP)));
    assertEquals(0xFFF, p.vlanIds[0]);
  }

  @Test
  void moreThanEightTagsIsAnError() {
    byte[] tags = new byte[0];
    for (int i = 0; i < 9; i++) tags = cat(tags, tag(i + 1, i < 8 ? 0x8100 : 0x0800));
    DecodedPacket p = decode(1, eth(0x8100, cat(tags, IP_UDP)));
    assertEquals(8, p.vlanCount);
    assertEquals(LinkLayer.VLAN_TOO_MANY, p.decodeError);
    assertEquals(0, p.ipVersion);
  }

  @Test
  void tagCutBySnaplenIsTruncationTagMissingIsMalformed() {
    byte[] f = eth(0x8100, cat(tag(5, 0x0800), IP_UDP));
    DecodedPacket cut = decode(1, f, 16, f.length);
    assertTrue(cut.truncated);
    assertNull(cut.decodeError);
    DecodedPacket shortFrame = decode(1, f, 16, 16);
    assertFalse(shortFrame.truncated);
    assertEquals(LinkLayer.VLAN_SHORT, shortFrame.decodeError);
  }

  @Test
  void ieee8023LengthFrameHasNoEtherType() {
    // CDP over 802.3/LLC/SNAP, untagged and behind a tag.
    byte[] llc = cat(hex("aaaa0300000c2000"), new byte[30]);
    DecodedPacket p = decode(1, eth(llc.length, llc));
    assertTrue(p.hasEth);
    assertEquals(-1, p.ethType);
    assertEquals(-1, p.ethHeaderType);
    assertNull(p.decodeError);
    DecodedPacket q = decode(1, eth(0x8100, cat(tag(100, llc.length), llc)));
    assertEquals(1, q.vlanCount);
    assertEquals(-1, q.ethType);
    assertEquals(0x8100, q.ethHeaderType);
  }

  @Test
  void shortEthernetTruncatedOrMalformed() {
    byte[] f = eth(0x0800, IP_UDP);
    DecodedPacket cut = decode(1, f, 10, f.length);
    assertTrue(cut.truncated);
    assertNull(cut.decodeError);
    assertFalse(cut.hasEth);
    DecodedPacket tiny = decode(1, f, 10, 10);
    assertEquals(LinkLayer.ETH_SHORT, tiny.decodeError);
  }

  @Test
  void otherEtherTypeStops() {
    DecodedPacket p = decode(1, eth(0x0806, new byte[28])); // ARP
    assertEquals(0x0806, p.ethType);
    assertEquals(0, p.ipVersion);
    assertNull(p.decodeError);
  }

  @Test
  void linuxCookedV1AndV2() {
    byte[] sll = cat(u16(0), u16(1), u16(6), MAC_SRC, u16(0), u16(0x86DD), ipv6(17, udp(5353, 5353, new byte[0])));
    DecodedPacket p = decode(113, sll);
    assertFalse(p.hasEth);
    assertEquals(0x86DD, p.ethType);
    assertEquals(-1, p.ethHeaderType);
    assertEquals(6, p.ipVersion);
    assertEquals(5353, p.srcPort);

    byte[] sll2 = cat(u16(0x0800), u16(0), u32(3), u16(1), bytes(0, 6), MAC_SRC, u16(0), IP_UDP);
    DecodedPacket q = decode(276, sll2);
    assertEquals(0x0800, q.ethType);
    assertEquals(4, q.ipVersion);
    assertEquals(2000, q.dstPort);

    DecodedPacket llc = decode(113, cat(u16(0), u16(1), u16(6), MAC_SRC, u16(0), u16(0x0004), new byte[10]));
    assertEquals(-1, llc.ethType, "SLL protocol below 0x0600 is not an EtherType");
    assertEquals(LinkLayer.SLL_SHORT, decode(113, new byte[10]).decodeError);
  }


  @Test
  void nullLoopbackBothByteOrdersAndEtherTypeForm() {
    byte[] v6 = ipv6(17, udp(1, 2, new byte[0]));
    assertEquals(4, decode(0, cat(bytes(2, 0, 0, 0), IP_UDP)).ipVersion, "AF_INET little-endian");
    assertEquals(4, decode(0, cat(bytes(0, 0, 0, 2), IP_UDP)).ipVersion, "AF_INET big-endian");
    for (int af : new int[] {24, 28, 30}) {
      assertEquals(6, decode(0, cat(bytes(af, 0, 0, 0), v6)).ipVersion, "AF_INET6 " + af);
      assertEquals(6, decode(0, cat(bytes(0, 0, 0, af), v6)).ipVersion, "AF_INET6 BE " + af);
    }
    // Seen in the corpus (null_loopback frame 3): an EtherType in the low bytes, as tshark reads it.
    assertEquals(4, decode(0, cat(hex("0f000800"), IP_UDP)).ipVersion);
    assertEquals(6, decode(0, cat(hex("000086dd"), v6)).ipVersion);
    DecodedPacket other = decode(0, cat(bytes(10, 0, 0, 0), v6)); // Linux AF_INET6: not a BSD loopback value
    assertEquals(0, other.ipVersion);
    assertNull(other.decodeError);
    assertEquals(-1, other.ethType);
  }

  @Test
  void rawIpByVersionNibbleOrLinkType() {
    byte[] v6 = ipv6(6, tcp(1, 2, new byte[0]));
    for (int lt : new int[] {101, 12, 14}) {
      assertEquals(4, decode(lt, IP_UDP).ipVersion);
      assertEquals(6, decode(lt, v6).ipVersion);
      assertEquals(LinkLayer.RAW_VERSION, decode(lt, cat(bytes(0x50), IP_UDP)).decodeError);
    }
    assertEquals(4, decode(228, IP_UDP).ipVersion);
    assertEquals(6, decode(229, v6).ipVersion);
    assertEquals(Ipv4.BAD_VERSION, decode(228, v6).decodeError);
    assertEquals(-1, decode(101, IP_UDP).ethType);
  }

  @Test
  void unknownLinkTypeGivesFrameColumnsOnly() {
    DecodedPacket p = decode(127, eth(0x0800, IP_UDP));
    assertFalse(p.hasEth);
    assertEquals(0, p.ipVersion);
    assertNull(p.decodeError);
    assertTrue(decode(127, new byte[40], 20, 40).truncated);
  }
}

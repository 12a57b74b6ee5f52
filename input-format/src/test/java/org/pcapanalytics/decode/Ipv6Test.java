package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import org.junit.jupiter.api.Test;

class Ipv6Test {
  private static final byte[] UDP = udp(1111, 2222, ascii("abc"));
  private static final byte[] TCP = tcp(1000, 2000, ascii("hello"));

  @Test
  void fixedHeader() {
    DecodedPacket p = decode(1, eth(0x86DD, ipv6(17, UDP)));
    assertEquals(6, p.ipVersion);
    assertEquals(0x20010DB800000000L, p.srcHi);
    assertEquals(1L, p.srcLo);
    assertEquals("2001:db8::1", AddressFormat.srcIpString(p));
    assertEquals("fe80::2", AddressFormat.dstIpString(p));
    assertEquals(17, p.ipProto);
    assertEquals(17, p.ipNextHeader);
    assertEquals(255, p.ttl);
    assertEquals(-1, p.ipId);
    assertEquals(-1, p.fragOffset, "no fragment header");
    assertEquals(3, p.payloadLen);
    assertEquals(40 + UDP.length, p.ipTotalLen);
  }

  @Test
  void extensionChainToUpperLayer() {
    // Hop-by-hop -> destination options (16 bytes) -> routing -> fragment (first, M=1) -> TCP
    byte[] chain = cat(ext(60, 0), ext(43, 1), ext(44, 0), frag6(6, 0, true, 0xCAFEBABEL));
    DecodedPacket p = decode(229, ipv6(0, cat(chain, TCP)));
    assertNull(p.decodeError);
    assertEquals(0, p.ipNextHeader, "first Next Header (tshark ipv6.nxt)");
    assertEquals(6, p.ipProto, "upper-layer protocol");
    assertEquals(1000, p.srcPort);
    assertEquals(0, p.fragOffset);
    assertTrue(p.moreFragments);
    assertEquals(0xCAFEBABEL, p.ipv6FragId);
    assertEquals(-1, p.payloadLen, "a first fragment: the segment length is unknown");
  }

  @Test
  void authenticationHeaderLengthIsInFourByteWords() {
    // AH payload length 4 -> (4 + 2) * 4 = 24 bytes (an 8-byte unit reading would give 40)
    DecodedPacket p = decode(229, ipv6(51, cat(ah(17, 4), UDP)));
    assertNull(p.decodeError);
    assertEquals(17, p.ipProto);
    assertEquals(1111, p.srcPort);
    assertEquals(51, p.ipNextHeader);
  }

  @Test
  void espAndNoNextHeaderEndTheChain() {
    DecodedPacket esp = decode(229, ipv6(0, cat(ext(50, 0), new byte[24])));
    assertEquals(50, esp.ipProto);
    assertEquals(-1, esp.srcPort);
    assertNull(esp.decodeError);
    DecodedPacket none = decode(229, ipv6(59, new byte[0]));
    assertEquals(59, none.ipProto);
    assertNull(none.decodeError);
  }

  @Test
  void laterFragmentStops() {
    DecodedPacket p = decode(229, ipv6(44, cat(frag6(17, 10, false, 7), UDP)));
    assertEquals(17, p.ipProto);
    assertEquals(80, p.fragOffset);
    assertFalse(p.moreFragments);
    assertEquals(-1, p.srcPort);
    assertNull(p.decodeError);
  }

  @Test
  void atomicFragmentIsAWholePacket() {
    DecodedPacket p = decode(229, ipv6(44, cat(frag6(6, 0, false, 7), TCP)));
    assertEquals(5, p.payloadLen);
  }

  @Test
  void extensionHeaderBeyondPayloadIsMalformed() {
    byte[] hbh = ext(6, 0);
    hbh[1] = (byte) 0xFF; // claims 2048 bytes
    DecodedPacket p = decode(229, ipv6(0, cat(hbh, TCP)));
    assertEquals(Ipv6.EXT_BEYOND_PAYLOAD, p.decodeError);
    assertEquals(-1, p.ipProto);
    assertEquals(-1, p.srcPort);
  }

  @Test
  void extensionHeaderCutBySnaplenIsTruncation() {
    byte[] f = ipv6(0, cat(ext(60, 0), ext(17, 2), UDP));
    DecodedPacket p = decode(229, f, 40 + 8 + 1, f.length);
    assertTrue(p.truncated);
    assertNull(p.decodeError);
    assertEquals(6, p.ipVersion);
    DecodedPacket q = decode(229, f, 40 + 8 + 10, f.length); // second header's length known, body cut
    assertTrue(q.truncated);
    assertNull(q.decodeError);
    assertEquals(17, q.ipProto);
    assertEquals(-1, q.srcPort);
  }

  @Test
  void payloadLengthBeyondFrame() {
    DecodedPacket p = decode(229, ipv6(17, 500, UDP));
    assertEquals(Ipv6.PAYLOAD_BEYOND_FRAME, p.decodeError);
    assertEquals(1111, p.srcPort);
  }

  @Test
  void chainOfManyHeadersEnds() {
    byte[] chain = new byte[0];
    for (int i = 0; i < 40; i++) chain = cat(chain, ext(60, 0));
    DecodedPacket p = decode(229, ipv6(60, cat(chain, UDP)));
    assertEquals(Ipv6.EXT_TOO_MANY, p.decodeError);
  }

  @Test
  void mobilityHeaderIsAnUpperLayer() {
    DecodedPacket p = decode(229, ipv6(135, cat(ext(17, 0), UDP)));
    assertEquals(135, p.ipProto, "as tshark: no transport behind a Mobility header");
    assertEquals(-1, p.srcPort);
  }
}

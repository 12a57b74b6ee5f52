package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import org.junit.jupiter.api.Test;

class Ipv4Test {
  private static final byte[] TCP = tcp(1234, 80, 0x002, new byte[0], ascii("hello"));

  @Test
  void headerFields() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(6, TCP)));
    assertEquals(4, p.ipVersion);
    assertEquals(0x0A000001L, p.srcLo);
    assertEquals(0xC0A80102L, p.dstLo);
    assertEquals(0, p.srcHi);
    assertEquals("10.0.0.1", AddressFormat.srcIpString(p));
    assertEquals("192.168.1.2", AddressFormat.dstIpString(p));
    assertEquals(6, p.ipProto);
    assertEquals(6, p.ipNextHeader);
    assertEquals(64, p.ttl);
    assertEquals(0x1234, p.ipId);
    assertEquals(0, p.fragOffset);
    assertFalse(p.moreFragments);
    assertEquals(14, p.ipOffset);
    assertEquals(20 + TCP.length, p.ipTotalLen);
    assertEquals(5, p.payloadLen);
  }

  @Test
  void optionsAreSkipped() {
    byte[] opts = bytes(1, 1, 1, 0, 0x94, 4, 0, 0); // NOP NOP NOP EOL, router alert
    DecodedPacket p = decode(1, eth(0x0800, ipv4(7, 28 + TCP.length, 0, 6, opts, TCP)));
    assertNull(p.decodeError);
    assertEquals(1234, p.srcPort);
    assertEquals(5, p.payloadLen);
  }

  @Test
  void ethernetPaddingIsNotPayload() {
    byte[] f = cat(eth(0x0800, ipv4(17, udp(1, 2, new byte[0]))), new byte[18]); // padded to 60 bytes
    DecodedPacket p = decode(1, f);
    assertEquals(0, p.payloadLen);
    assertEquals(0, p.payloadCapLen);
  }

  @Test
  void firstFragmentHasPortsButNoSegmentLength() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(5, 20 + TCP.length, 0x2000, 6, new byte[0], TCP)));
    assertTrue(p.moreFragments);
    assertEquals(0, p.fragOffset);
    assertEquals(1234, p.srcPort);
    assertEquals(0x002, p.tcpFlags);
    assertEquals(-1, p.payloadLen, "the segment continues in later fragments (tshark shows no tcp.len)");
    assertNull(p.decodeError);
  }

  @Test
  void laterFragmentHasNoTransport() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(5, 20 + TCP.length, 18, 6, new byte[0], TCP)));
    assertEquals(144, p.fragOffset, "offset in bytes");
    assertFalse(p.moreFragments);
    assertEquals(6, p.ipProto);
    assertEquals(-1, p.srcPort);
    assertEquals(-1, p.tcpFlags);
    assertNull(p.decodeError);
  }

  @Test
  void bogusHeaderLengthIsMalformedAndShowsNoAddress() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(3, 20 + TCP.length, 0, 6, new byte[0], TCP)));
    assertEquals(Ipv4.BAD_HEADER_LENGTH, p.decodeError);
    assertEquals(0, p.ipVersion);
    DecodedPacket q = decode(1, eth(0x0800, ipv4(5, 12, 0, 6, new byte[0], TCP)));
    assertEquals(Ipv4.TOTAL_BELOW_HEADER, q.decodeError);
    DecodedPacket r = decode(1, eth(0x0800, ipv4(9, 28, 0, 6, new byte[16], new byte[0])));
    assertEquals(Ipv4.TOTAL_BELOW_HEADER, r.decodeError);
  }

  @Test
  void totalLengthBeyondFrameIsAnErrorButDecodingGoesOn() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(5, 1000, 0, 6, new byte[0], TCP)));
    assertEquals(Ipv4.TOTAL_BEYOND_FRAME, p.decodeError);
    assertEquals(1234, p.srcPort);
    assertEquals(5, p.payloadLen, "as tshark: what the frame holds");
    assertFalse(p.truncated);
  }

  @Test
  void zeroTotalLengthIsSegmentationOffload() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(5, 0, 0, 6, new byte[0], TCP)));
    assertNull(p.decodeError);
    assertEquals(5, p.payloadLen);
  }

  @Test
  void snaplenCutIsTruncationNotError() {
    byte[] f = eth(0x0800, ipv4(6, TCP));
    DecodedPacket inPayload = decode(1, f, f.length - 3, f.length);
    assertTrue(inPayload.truncated);
    assertNull(inPayload.decodeError);
    assertEquals(5, inPayload.payloadLen, "payload length comes from the headers, not the caplen");
    assertEquals(2, inPayload.payloadCapLen);

    DecodedPacket inHeader = decode(1, f, 14 + 12, f.length);
    assertTrue(inHeader.truncated);
    assertNull(inHeader.decodeError);
    assertEquals(0, inHeader.ipVersion);

    DecodedPacket reallyShort = decode(1, f, 14 + 12, 14 + 12);
    assertFalse(reallyShort.truncated);
    assertEquals(Ipv4.SHORT, reallyShort.decodeError);

    DecodedPacket inOptions = decode(1, eth(0x0800, ipv4(8, 32 + TCP.length, 0, 6, new byte[12], TCP)), 14 + 24, 14 + 32 + TCP.length);
    assertTrue(inOptions.truncated);
    assertEquals(4, inOptions.ipVersion, "the fixed header is there");
    assertEquals(-1, inOptions.srcPort);
  }

  @Test
  void optionsBeyondTotalLength() {
    // IHL 15 (60 bytes) but total length 40 and a 60-byte frame: total length < header length.
    DecodedPacket p = decode(1, eth(0x0800, ipv4(15, 40, 0, 6, new byte[40], new byte[0])));
    assertEquals(Ipv4.TOTAL_BELOW_HEADER, p.decodeError);
  }
}

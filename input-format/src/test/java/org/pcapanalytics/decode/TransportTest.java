package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import org.junit.jupiter.api.Test;

class TransportTest {

  @Test
  void tcpHeaderFieldsAndOptions() {
    byte[] opts = hex("020405b4 01030307"); // MSS, NOP, window scale
    byte[] f = eth(0x0800, ipv4(6, tcp(443, 51000, 0x1D2, opts, ascii("payload!"))));
    DecodedPacket p = decode(1, f);
    assertEquals(443, p.srcPort);
    assertEquals(51000, p.dstPort);
    assertEquals(0xDEADBEEFL, p.tcpSeq, "unsigned 32 bits");
    assertEquals(0x01020304L, p.tcpAck);
    assertEquals(0x1D2, p.tcpFlags, "AE (0x100) kept with the reserved bits in the 12-bit field");
    assertEquals(65535, p.tcpWindow);
    assertEquals(8, p.payloadLen);
    assertEquals(14 + 20 + 28, p.payloadOffset);
    assertEquals(8, p.payloadCapLen);
    assertEquals(14 + 20, p.transportOffset);
    assertNull(p.decodeError);
  }

  @Test
  void tcpPayloadLengthIsNotLimitedBySnaplen() {
    byte[] f = eth(0x0800, ipv4(6, tcp(1, 2, new byte[1000])));
    DecodedPacket p = decode(1, f, 80, f.length);
    assertEquals(1000, p.payloadLen);
    assertEquals(80 - 54, p.payloadCapLen);
    assertTrue(p.truncated);
    assertNull(p.decodeError);
  }

  @Test
  void tcpBadDataOffset() {
    byte[] seg = tcp(1, 2, ascii("xxxxxxxx"));
    seg[12] = 0x30; // 3 words
    DecodedPacket p = decode(1, eth(0x0800, ipv4(6, seg)));
    assertEquals(Tcp.BAD_DATA_OFFSET, p.decodeError);
    assertEquals(1, p.srcPort);
    assertEquals(-1, p.tcpFlags);
    assertEquals(-1, p.payloadLen);
  }

  @Test
  void tcpDataOffsetBeyondPacketIsMalformedButCutBySnaplenIsNot() {
    byte[] seg = tcp(1, 2, ascii("hello"));
    seg[12] = (byte) 0xF0; // 60-byte header in a 25-byte segment
    DecodedPacket p = decode(1, eth(0x0800, ipv4(6, seg)));
    assertEquals(Tcp.DATA_OFFSET_BEYOND, p.decodeError);
    assertEquals(0x018, p.tcpFlags);

    byte[] withOpts = eth(0x0800, ipv4(6, tcp(1, 2, 0x010, new byte[40], ascii("hello"))));
    DecodedPacket q = decode(1, withOpts, 14 + 20 + 30, withOpts.length);
    assertNull(q.decodeError);
    assertTrue(q.truncated);
    assertEquals(5, q.payloadLen);
    assertEquals(-1, q.payloadOffset, "no payload byte captured");
  }

  @Test
  void tcpCutInsideTheFixedHeaderKeepsWhatIsThere() {
    byte[] f = eth(0x0800, ipv4(6, tcp(1000, 2000, ascii("hello"))));
    DecodedPacket p = decode(1, f, 14 + 20 + 5, f.length);
    assertTrue(p.truncated);
    assertNull(p.decodeError);
    assertEquals(1000, p.srcPort, "tshark shows the ports of a segment cut after 4 bytes");
    assertEquals(-1, p.tcpSeq);
    DecodedPacket shortSeg = decode(1, eth(0x0800, ipv4(5, 20 + 10, 0, 6, new byte[0], tcp(1, 2, new byte[0]))));
    assertEquals(Tcp.SHORT, shortSeg.decodeError);
  }

  @Test
  void udp() {
    DecodedPacket p = decode(1, eth(0x0800, ipv4(17, Frames.udp(68, 67, new byte[300]))));
    assertEquals(68, p.srcPort);
    assertEquals(67, p.dstPort);
    assertEquals(300, p.payloadLen);
    assertEquals(-1, p.tcpFlags);
    assertNull(p.decodeError);
  }

  @Test
  void udpLengthErrors() {
    byte[] d = Frames.udp(1, 2, new byte[20]);
    d[4] = 0;
    d[5] = 4;
    DecodedPacket small = decode(1, eth(0x0800, ipv4(17, d)));
    assertEquals(Udp.BAD_LENGTH, small.decodeError);
    assertEquals(1, small.srcPort);
    d[4] = 0x03;
    d[5] = (byte) 0xE8;
    assertEquals(Udp.LENGTH_BEYOND, decode(1, eth(0x0800, ipv4(17, d))).decodeError);
    d[4] = 0;
    d[5] = 20; // shorter than the IP payload: the rest is not UDP's
    DecodedPacket shorter = decode(1, eth(0x0800, ipv4(17, d)));
    assertNull(shorter.decodeError);
    assertEquals(12, shorter.payloadLen);
    assertEquals(12, shorter.payloadCapLen);
  }

  @Test
  void udpInFirstFragmentUsesItsOwnLength() {
    byte[] d = Frames.udp(53, 5353, new byte[100]);
    byte[] firstPart = java.util.Arrays.copyOf(d, 48);
    DecodedPacket p = decode(1, eth(0x0800, ipv4(5, 20 + 48, 0x2000, 17, new byte[0], firstPart)));
    assertNull(p.decodeError);
    assertEquals(100, p.payloadLen);
    assertEquals(40, p.payloadCapLen);
  }

  @Test
  void icmpAndIcmpv6() {
    DecodedPacket echo = decode(1, eth(0x0800, ipv4(1, hex("0800f7ff00000000"))));
    assertEquals(8, echo.icmpType);
    assertEquals(0, echo.icmpCode);
    assertEquals(-1, echo.srcPort);
    assertNull(echo.decodeError);
    // Time exceeded quoting an IPv4+UDP header: the outer type/code only.
    byte[] quoted = ipv4(17, Frames.udp(33434, 33435, new byte[0]));
    DecodedPacket te = decode(1, eth(0x0800, ipv4(1, cat(hex("0b000000 00000000"), quoted))));
    assertEquals(11, te.icmpType);
    assertEquals(-1, te.srcPort);
    assertEquals("10.0.0.1", AddressFormat.srcIpString(te));

    DecodedPacket v6 = decode(1, eth(0x86DD, ipv6(58, hex("81000000 00010001"))));
    assertEquals(129, v6.icmpType);
    assertNull(v6.decodeError);
    DecodedPacket tiny = decode(1, eth(0x0800, ipv4(1, hex("0800"))));
    assertEquals(8, tiny.icmpType);
    assertEquals(Icmp.SHORT, tiny.decodeError);
    assertFalse(tiny.truncated);
  }

  @Test
  void sctpPortsOnly() {
    byte[] common = cat(u16(2905), u16(36412), u32(0xCAFEF00DL), u32(0));
    DecodedPacket p = decode(1, eth(0x0800, ipv4(132, cat(common, new byte[16]))));
    assertEquals(2905, p.srcPort);
    assertEquals(36412, p.dstPort);
    assertEquals(14 + 20, p.transportOffset);
    assertEquals(-1, p.payloadLen, "chunks are not decoded");
    assertNull(p.decodeError);
    DecodedPacket v6 = decode(1, eth(0x86DD, ipv6(0, cat(ext(132, 0), common))));
    assertEquals(2905, v6.srcPort, "behind IPv6 extension headers too");

    byte[] f = eth(0x0800, ipv4(132, common));
    DecodedPacket cut = decode(1, f, 14 + 20 + 6, f.length);
    assertEquals(36412, cut.dstPort, "ports as soon as their 4 bytes are captured");
    assertTrue(cut.truncated);
    assertNull(cut.decodeError);
    DecodedPacket shortPacket = decode(1, eth(0x0800, ipv4(132, java.util.Arrays.copyOf(common, 8))));
    assertEquals(Sctp.SHORT, shortPacket.decodeError);
    assertEquals(2905, shortPacket.srcPort);
    DecodedPacket later = decode(1, eth(0x0800, ipv4(5, 20 + 12, 0x0004, 132, new byte[0], common)));
    assertEquals(-1, later.srcPort, "a later fragment has no SCTP header");
  }
}

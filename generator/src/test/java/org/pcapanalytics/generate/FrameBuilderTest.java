package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {
  private static final byte[] V4A = addr("10.1.2.3");
  private static final byte[] V4B = addr("93.184.216.34");
  private static final byte[] V6A = addr("fd12:3456:789a:1::10");
  private static final byte[] V6B = addr("2001:db8::1");

  private static byte[] addr(String s) {
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Plain RFC 1071 sum, independent of {@link Checksums}. */
  private static long sum(byte[] b, int off, int len) {
    long s = 0;
    for (int i = 0; i < len; i += 2) {
      s += ((b[off + i] & 0xFF) << 8) | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
    }
    return s;
  }

  private static int fold(long s) {
    while (s >> 16 != 0) {
      s = (s & 0xFFFF) + (s >> 16);
    }
    return (int) s;
  }

  private static int u16(byte[] b, int o) {
    return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
  }

  @Test
  void tcpOverIpv4InVlanHasValidLengthsAndChecksums() {
    FrameBuilder fb = new FrameBuilder();
    int ip = fb.link(1, 0x001b21000001L, 0x00005e000101L, 0, 20, FrameBuilder.ETH_IPV4, true);
    assertEquals(18, ip);
    int tcp = fb.ipv4(ip, V4A, V4B, FrameBuilder.PROTO_TCP, 64, 1234, true);
    int pay = fb.tcp(tcp, 50000, 443, 0xFFFFFFF0L, 7, FrameBuilder.TCP_ACK, 500, FrameBuilder.TCPOPT_TIMESTAMP,
        1, 2, 1460);
    assertEquals(tcp + 32, pay);
    byte[] payload = new byte[1001];
    new SplittableRandom(1).nextBytes(payload);
    System.arraycopy(payload, 0, fb.buf, pay, payload.length);
    int len = fb.finish(pay + 1001, false);
    assertEquals(pay + 1001, len);
    byte[] b = fb.buf;
    assertEquals(0x8100, u16(b, 12));
    assertEquals(20, u16(b, 14) & 0xFFF);
    assertEquals(len - ip, u16(b, ip + 2));
    assertEquals(0xFFFF, fold(sum(b, ip, 20)), "IPv4 header checksum");
    int tcpLen = len - tcp;
    long pseudo = sum(V4A, 0, 4) + sum(V4B, 0, 4) + 6 + tcpLen;
    assertEquals(0xFFFF, fold(pseudo + sum(b, tcp, tcpLen)), "TCP checksum");
    assertEquals(0x4000, u16(b, ip + 6), "DF set, not a fragment");
  }

  @Test
  void udpAndIcmpv6OverIpv6HaveValidChecksums() {
    FrameBuilder fb = new FrameBuilder();
    int ip = fb.link(113, 0x001b21000001L, 0, 0, 0, FrameBuilder.ETH_IPV6, false);
    assertEquals(16, ip);
    int udp = fb.ipv6(ip, V6A, V6B, FrameBuilder.PROTO_UDP, 64, 5, false);
    int pay = fb.udp(udp, 40000, 53);
    for (int i = 0; i < 33; i++) {
      fb.buf[pay + i] = (byte) (i * 7);
    }
    int len = fb.finish(pay + 33, false);
    byte[] b = fb.buf;
    assertEquals(len - ip - 40, u16(b, ip + 4));
    assertEquals(41, u16(b, udp + 4));
    long pseudo = sum(V6A, 0, 16) + sum(V6B, 0, 16) + 17 + 41;
    assertEquals(0xFFFF, fold(pseudo + sum(b, udp, 41)), "UDP checksum");

    int icmp = fb.ipv6(fb.link(101, 0, 0, 0, 0, FrameBuilder.ETH_IPV6, false), V6A, V6B,
        FrameBuilder.PROTO_ICMPV6, 64, 0, false);
    int p = fb.icmp(icmp, 128, 0, 0x12340001);
    len = fb.finish(p + 56, false);
    pseudo = sum(V6A, 0, 16) + sum(V6B, 0, 16) + 58 + (len - icmp);
    assertEquals(0xFFFF, fold(pseudo + sum(fb.buf, icmp, len - icmp)), "ICMPv6 checksum");
  }

  @Test
  void jumbogramCarriesLengthInHopByHopOption() {
    FrameBuilder fb = new FrameBuilder();
    int ip = fb.link(1, 1, 2, 0, 0, FrameBuilder.ETH_IPV6, false);
    int tcp = fb.ipv6(ip, V6A, V6B, FrameBuilder.PROTO_TCP, 64, 0, true);
    assertEquals(ip + 48, tcp);
    int pay = fb.tcp(tcp, 445, 50000, 1, 2, FrameBuilder.TCP_ACK, 100, FrameBuilder.TCPOPT_TIMESTAMP, 0, 0, 0);
    int len = fb.finish(pay + 200_000, false);
    byte[] b = fb.buf;
    assertEquals(0, u16(b, ip + 4), "payload length 0 in a jumbogram");
    assertEquals(0, b[ip + 6], "next header hop-by-hop");
    assertEquals(0xC2, b[ip + 42] & 0xFF);
    long jumbo = ((long) u16(b, ip + 44) << 16) | u16(b, ip + 46);
    assertEquals(len - ip - 40, jumbo);
    long tcpLen = len - tcp;
    long pseudo = sum(V6A, 0, 16) + sum(V6B, 0, 16) + 6 + (tcpLen >> 16) + (tcpLen & 0xFFFF);
    assertEquals(0xFFFF, fold(pseudo + sum(b, tcp, (int) tcpLen)));
  }

  @Test
  void shortEthernetFramesArePaddedAndOtherLinkHeadersHaveTheirSizes() {
    FrameBuilder fb = new FrameBuilder();
    int ip = fb.link(1, 1, 2, 200, 10, FrameBuilder.ETH_IPV4, false);
    assertEquals(22, ip);
    assertEquals(0x88A8, u16(fb.buf, 12));
    assertEquals(0x8100, u16(fb.buf, 16));
    int tcp = fb.ipv4(ip, V4B, V4A, FrameBuilder.PROTO_TCP, 50, 1, true);
    int end = fb.tcp(tcp, 80, 5000, 0, 1, FrameBuilder.TCP_RST | FrameBuilder.TCP_ACK, 0, FrameBuilder.TCPOPT_NONE,
        0, 0, 0);
    assertEquals(62, end);
    fb.link(1, 1, 2, 0, 0, FrameBuilder.ETH_ARP, false);
    assertEquals(60, fb.finish(14 + 28, true));
    assertEquals(20, fb.link(276, 1, 2, 0, 0, FrameBuilder.ETH_IPV4, true));
    fb.fileLittleEndian = false;
    assertEquals(4, fb.link(0, 1, 2, 0, 0, FrameBuilder.ETH_IPV6, true));
    assertEquals(24, fb.buf[3]);
    assertEquals(0, fb.link(101, 1, 2, 0, 0, FrameBuilder.ETH_IPV4, true));
  }
}

package org.pcapanalytics.decode;

/**
 * Allocation-free text forms of addresses, written as ASCII into a caller's scratch array; each
 * method returns the number of bytes written. {@code String} variants are for tests and slow
 * paths.
 *
 * <ul>
 *   <li>IPv4: dotted decimal.</li>
 *   <li>IPv6: RFC 5952 (lower case, no leading zeros, the longest run of two or more zero groups
 *       as "::", the first on ties), with tshark's dotted tail for IPv4-mapped
 *       ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}) addresses.</li>
 *   <li>MAC: {@code aa:bb:cc:dd:ee:ff}.</li>
 * </ul>
 */
public final class AddressFormat {
  /** Longest output of each kind, to size scratch arrays. */
  public static final int MAX_IPV4 = 15, MAX_IPV6 = 45, MAC_LEN = 17;

  private static final byte[] HEX = Dns.ascii("0123456789abcdef");

  private AddressFormat() {}

  /** {@code addr}'s low 32 bits as a.b.c.d. */
  public static int ipv4(long addr, byte[] dst, int off) {
    int o = off;
    for (int shift = 24; shift >= 0; shift -= 8) {
      o = decimal((int) (addr >>> shift) & 0xFF, dst, o);
      if (shift > 0) dst[o++] = '.';
    }
    return o - off;
  }

  /** The IPv6 address whose bytes are {@code hi} then {@code lo}, big-endian. */
  public static int ipv6(long hi, long lo, byte[] dst, int off) {
    // Longest run of zero 16-bit groups (group 0 is the top of hi).
    int bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
    for (int i = 0; i < 8; i++) {
      if (group(hi, lo, i) == 0) {
        if (curBase < 0) curBase = i;
        curLen++;
        if (curLen > bestLen) { // strictly longer: the first run wins ties
          bestBase = curBase;
          bestLen = curLen;
        }
      } else {
        curBase = -1;
        curLen = 0;
      }
    }
    if (bestLen < 2) bestBase = -1; // a single zero group is not compressed (RFC 5952 4.2.2)
    int o = off;
    if (bestBase == 0 && (bestLen == 6 || (bestLen == 5 && group(hi, lo, 5) == 0xFFFF))) {
      dst[o++] = ':';
      dst[o++] = ':';
      if (bestLen == 5) {
        for (int k = 0; k < 4; k++) dst[o++] = 'f';
        dst[o++] = ':';
      }
      return o - off + ipv4(lo & 0xFFFF_FFFFL, dst, o);
    }
    for (int i = 0; i < 8; i++) {
      if (i == bestBase) {
        dst[o++] = ':';
        dst[o++] = ':';
        i += bestLen - 1;
        continue;
      }
      if (i > 0 && i != bestBase + bestLen) dst[o++] = ':';
      o = hex(group(hi, lo, i), dst, o);
    }
    return o - off;
  }

  /** A 48-bit MAC (first byte most significant) as aa:bb:cc:dd:ee:ff. */
  public static int mac(long mac, byte[] dst, int off) {
    int o = off;
    for (int shift = 40; shift >= 0; shift -= 8) {
      int v = (int) (mac >>> shift) & 0xFF;
      dst[o++] = HEX[v >>> 4];
      dst[o++] = HEX[v & 0xF];
      if (shift > 0) dst[o++] = ':';
    }
    return o - off;
  }

  /** The source address of a decoded packet (0 bytes when it has no IP header). */
  public static int srcIp(DecodedPacket p, byte[] dst, int off) {
    return ip(p.ipVersion, p.srcHi, p.srcLo, dst, off);
  }

  public static int dstIp(DecodedPacket p, byte[] dst, int off) {
    return ip(p.ipVersion, p.dstHi, p.dstLo, dst, off);
  }

  private static int ip(int version, long hi, long lo, byte[] dst, int off) {
    if (version == 4) return ipv4(lo, dst, off);
    if (version == 6) return ipv6(hi, lo, dst, off);
    return 0;
  }

  public static String ipv4String(long addr) {
    byte[] b = new byte[MAX_IPV4];
    return ascii(b, ipv4(addr, b, 0));
  }

  public static String ipv6String(long hi, long lo) {
    byte[] b = new byte[MAX_IPV6];
    return ascii(b, ipv6(hi, lo, b, 0));
  }

  public static String macString(long mac) {
    byte[] b = new byte[MAC_LEN];
    return ascii(b, mac(mac, b, 0));
  }

  /** Source address text, or null without an IP header. */
  public static String srcIpString(DecodedPacket p) {
    if (p.ipVersion == 0) return null;
    byte[] b = new byte[MAX_IPV6];
    return ascii(b, srcIp(p, b, 0));
  }

  public static String dstIpString(DecodedPacket p) {
    if (p.ipVersion == 0) return null;
    byte[] b = new byte[MAX_IPV6];
    return ascii(b, dstIp(p, b, 0));
  }

  private static int group(long hi, long lo, int i) {
    long w = i < 4 ? hi : lo;
    return (int) (w >>> (48 - 16 * (i & 3))) & 0xFFFF;
  }

  private static int decimal(int v, byte[] dst, int o) {
    if (v >= 100) dst[o++] = (byte) ('0' + v / 100);
    if (v >= 10) dst[o++] = (byte) ('0' + v / 10 % 10);
    dst[o++] = (byte) ('0' + v % 10);
    return o;
  }

  private static int hex(int v, byte[] dst, int o) {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >>> shift) & 0xF;
      if (d != 0 || started || shift == 0) {
        dst[o++] = HEX[d];
        started = true;
      }
    }
    return o;
  }

  private static String ascii(byte[] b, int n) {
    return new String(b, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
  }
}

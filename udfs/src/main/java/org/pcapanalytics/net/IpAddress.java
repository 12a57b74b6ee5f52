package org.pcapanalytics.net;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An IPv4 or IPv6 address, parsed by hand (no regular expressions, no DNS look-ups, no
 * exceptions for bad input: {@link #parse} returns {@code null}).
 *
 * <p>Accepted text:
 * <ul>
 *   <li>IPv4: dotted quad, exactly four decimal parts 0–255. A part with a leading zero
 *       ({@code 010.0.0.1}) is rejected, because some tools read it as octal.</li>
 *   <li>IPv6: any RFC 4291 text form — 1 to 4 hex digits per group, either case, at most one
 *       {@code ::}, an optional trailing dotted IPv4 part ({@code ::ffff:10.1.2.3}). Brackets are
 *       not accepted.</li>
 *   <li>A zone id after an IPv6 address ({@code fe80::1%eth0}) is accepted by {@link #parse} and
 *       dropped: the zone names the link, it is not part of the 128 address bits, so
 *       {@code fe80::1%eth0} matches {@code fe80::/10}. An empty zone ({@code fe80::1%}) is
 *       invalid. {@link #parseNoZone} (used for CIDRs and configuration) rejects zones.</li>
 *   <li>No surrounding white space.</li>
 * </ul>
 *
 * <p>Representation: {@code hi}/{@code lo} are the upper and lower 64 bits of the 128-bit value;
 * an IPv4 address has {@code hi == 0} and its 32-bit value in {@code lo}.
 */
public final class IpAddress implements Comparable<IpAddress>, Serializable {
  private static final long serialVersionUID = 1L;

  /** 10^38: the smallest number that no longer fits Spark's widest DECIMAL(38,0). */
  private static final BigInteger DECIMAL38_LIMIT = BigInteger.TEN.pow(38);

  private final boolean v6;
  private final long hi;
  private final long lo;

  private IpAddress(boolean v6, long hi, long lo) {
    this.v6 = v6;
    this.hi = hi;
    this.lo = lo;
  }

  public static IpAddress ofIpv4(long value) {
    if (value < 0 || value > 0xFFFF_FFFFL) throw new IllegalArgumentException("not a 32-bit value: " + value);
    return new IpAddress(false, 0, value);
  }

  public static IpAddress ofIpv6(long hi, long lo) {
    return new IpAddress(true, hi, lo);
  }

  /** Parses an address, accepting (and dropping) an IPv6 zone id; {@code null} if invalid. */
  public static IpAddress parse(CharSequence s) {
    return s == null ? null : parse(s, 0, s.length(), true);
  }

  /** Parses an address without a zone id; {@code null} if invalid. */
  public static IpAddress parseNoZone(CharSequence s) {
    return s == null ? null : parse(s, 0, s.length(), false);
  }

  /** Parses {@code s[from, to)}; {@code null} if invalid. */
  public static IpAddress parse(CharSequence s, int from, int to, boolean allowZone) {
    if (to - from < 2) return null; // shortest valid texts: "::" ("1.2.3.4" is longer)
    // Every IPv6 text has a ':' within its first five characters (at most 4 hex digits per group).
    int probe = Math.min(to, from + 5);
    for (int i = from; i < probe; i++) {
      if (s.charAt(i) == ':') return parseV6(s, from, to, allowZone);
    }
    long v4 = parseV4(s, from, to);
    return v4 < 0 ? null : new IpAddress(false, 0, v4);
  }

  /** The 32-bit value of a dotted quad in {@code s[from, to)}, or -1 if it is not one. */
  static long parseV4(CharSequence s, int from, int to) {
    long value = 0;
    int i = from;
    for (int part = 0; part < 4; part++) {
      int start = i;
      int octet = 0;
      while (i < to && i - start < 4) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') break;
        octet = octet * 10 + (c - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 3 || octet > 255 || (len > 1 && s.charAt(start) == '0')) return -1;
      value = (value << 8) | octet;
      if (part < 3) {
        if (i >= to || s.charAt(i) != '.') return -1;
        i++;
      }
    }
    return i == to ? value : -1;
  }

  private static IpAddress parseV6(CharSequence s, int from, int to, boolean allowZone) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '%') {
        if (!allowZone || i == to - 1) return null;
        to = i;
        break;
      }
    }
    if (to - from < 2) return null;
    int[] groups = new int[8];
    int n = 0;
    int gap = -1; // index in groups where "::" stands
    int i = from;
    if (s.charAt(i) == ':') {
      if (s.charAt(i + 1) != ':') return null;
      gap = 0;
      i += 2;
    }
    while (i < to) {
      int start = i;
      int value = 0;
      while (i < to && i - start <= 4) {
        int d = hexDigit(s.charAt(i));
        if (d < 0) break;
        value = (value << 4) | d;
        i++;
      }
      if (i < to && s.charAt(i) == '.') { // trailing dotted IPv4 part: the last 32 bits
        if (n > 6) return null;
        long v4 = parseV4(s, start, to);
        if (v4 < 0) return null;
        groups[n++] = (int) (v4 >>> 16);
        groups[n++] = (int) (v4 & 0xFFFF);
        i = to;
        break;
      }
      int len = i - start;
      if (len == 0 || len > 4 || n == 8) return null;
      groups[n++] = value;
      if (i == to) break;
      if (s.charAt(i) != ':') return null;
      i++;
      if (i == to) return null; // a single trailing ':'
      if (s.charAt(i) == ':') {
        if (gap >= 0) return null; // a second "::"
        gap = n;
        i++;
      }
    }
    if (gap < 0 ? n != 8 : n > 7) return null;
    long hi = 0;
    long lo = 0;
    int zeros = 8 - n;
    int g = 0;
    for (int k = 0; k < 8; k++) {
      int v;
      if (gap >= 0 && k >= gap && k < gap + zeros) {
        v = 0;
      } else {
        v = groups[g++];
      }
      if (k < 4) hi = (hi << 16) | v;
      else lo = (lo << 16) | v;
    }
    return new IpAddress(true, hi, lo);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** 4 or 6. */
  public int version() {
    return v6 ? 6 : 4;
  }

  public boolean isIpv6() {
    return v6;
  }

  /** Upper 64 bits (0 for IPv4). */
  public long hi() {
    return hi;
  }

  /** Lower 64 bits (the 32-bit value for IPv4). */
  public long lo() {
    return lo;
  }

  /** An IPv6 address in {@code ::ffff:0:0/96}, i.e. an IPv4 host seen through an IPv6 socket. */
  public boolean isIpv4Mapped() {
    return v6 && hi == 0 && (lo >>> 32) == 0xFFFFL;
  }

  /** The IPv4 value of an IPv4 or IPv4-mapped address; -1 otherwise. */
  public long ipv4Value() {
    if (!v6) return lo;
    return isIpv4Mapped() ? lo & 0xFFFF_FFFFL : -1;
  }

  /** Network-order bytes: 4 for IPv4, 16 for IPv6. Unsigned byte order equals numeric order. */
  public byte[] toBytes() {
    if (!v6) {
      return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    }
    byte[] b = new byte[16];
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (hi >>> (56 - 8 * k));
      b[8 + k] = (byte) (lo >>> (56 - 8 * k));
    }
    return b;
  }

  /** The unsigned value: 32 bits for IPv4, 128 bits for IPv6. */
  public BigInteger toBigInteger() {
    if (!v6) return BigInteger.valueOf(lo);
    BigInteger h = new BigInteger(Long.toUnsignedString(hi));
    return h.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
  }

  /**
   * The unsigned value as a decimal that fits Spark's DECIMAL(38,0), or {@code null} for the IPv6
   * values of 39 digits (10^38 and above: from {@code 4b3b:4ca8:5a86:c47a:98a:2240::} up, which
   * includes fc00::/7, fe80::/10 and ff00::/8).
   */
  public BigDecimal toDecimal38() {
    if (!v6) return BigDecimal.valueOf(lo);
    BigInteger v = toBigInteger();
    return v.compareTo(DECIMAL38_LIMIT) < 0 ? new BigDecimal(v) : null;
  }

  /** IPv4 before IPv6, then by unsigned value. */
  @Override
  public int compareTo(IpAddress o) {
    if (v6 != o.v6) return v6 ? 1 : -1;
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpAddress a && a.v6 == v6 && a.hi == hi && a.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi * 31 + lo) ^ (v6 ? 1 : 0);
  }

  /** Canonical text: dotted quad, or RFC 5952 IPv6 (IPv4-mapped as {@code ::ffff:a.b.c.d}). */
  @Override
  public String toString() {
    if (!v6) return ipv4Text(lo);
    int[] g = new int[8];
    for (int k = 0; k < 4; k++) {
      g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xFFFF);
      g[4 + k] = (int) ((lo >>> (48 - 16 * k)) & 0xFFFF);
    }
    if (isIpv4Mapped()) return "::ffff:" + ipv4Text(lo & 0xFFFF_FFFFL);
    // Longest run of two or more zero groups (the first one on a tie) becomes "::".
    int bestStart = -1;
    int bestLen = 1;
    for (int k = 0; k < 8; ) {
      if (g[k] != 0) {
        k++;
        continue;
      }
      int start = k;
      while (k < 8 && g[k] == 0) k++;
      if (k - start > bestLen) {
        bestStart = start;
        bestLen = k - start;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int k = 0; k < 8; k++) {
      if (k == bestStart) {
        sb.append("::");
        k += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[k]));
    }
    return sb.toString();
  }

  static String ipv4Text(long v) {
    return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
  }
}

package org.pcapanalytics.net;

import java.io.Serializable;

/**
 * An IPv4 or IPv6 network: {@code address/prefix}, or a bare address (a /32 or /128 network).
 *
 * <p>Host bits of a non-canonical base are cleared: {@code 10.1.2.3/8} is {@code 10.0.0.0/8}
 * (as Zeek and most firewalls read it). Prefix lengths are decimal, 0–32 for IPv4 and 0–128 for
 * IPv6, without sign or leading zeros. The address part takes no zone id.
 *
 * <p>Family rule of {@link #contains}: an IPv4 network contains IPv4 addresses and IPv4-mapped
 * IPv6 addresses ({@code ::ffff:10.1.2.3} is host 10.1.2.3 seen through an IPv6 socket); an IPv6
 * network contains IPv6 addresses only (plain IPv4 addresses are never inside {@code ::/0}).
 */
public final class Cidr implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean v6;
  private final int prefix;
  private final long hi;
  private final long lo;
  private final long maskHi;
  private final long maskLo;

  private Cidr(boolean v6, long hi, long lo, int prefix) {
    this.v6 = v6;
    this.prefix = prefix;
    if (v6) {
      maskHi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
      maskLo = prefix <= 64 ? 0 : -1L << (128 - prefix);
    } else {
      maskHi = 0;
      maskLo = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
    }
    this.hi = hi & maskHi;
    this.lo = lo & maskLo;
  }

  /** {@code address/prefix} or a bare address; {@code null} if invalid. */
  public static Cidr parse(CharSequence s) {
    if (s == null) return null;
    int n = s.length();
    int slash = -1;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) == '/') {
        slash = i;
        break;
      }
    }
    IpAddress a = IpAddress.parse(s, 0, slash < 0 ? n : slash, false);
    if (a == null) return null;
    int max = a.isIpv6() ? 128 : 32;
    int prefix = max;
    if (slash >= 0) {
      int len = n - slash - 1;
      if (len < 1 || len > 3 || (len > 1 && s.charAt(slash + 1) == '0')) return null;
      prefix = 0;
      for (int i = slash + 1; i < n; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') return null;
        prefix = prefix * 10 + (c - '0');
      }
      if (prefix > max) return null;
    }
    return of(a, prefix);
  }

  public static Cidr of(IpAddress base, int prefix) {
    int max = base.isIpv6() ? 128 : 32;
    if (prefix < 0 || prefix > max) throw new IllegalArgumentException("prefix " + prefix + " out of 0.." + max);
    return new Cidr(base.isIpv6(), base.hi(), base.lo(), prefix);
  }

  /** Why {@code s} is not a valid CIDR, for configuration error messages; {@code null} if it is. */
  public static String problem(String s) {
    if (s == null || s.isEmpty()) return "empty network";
    if (parse(s) != null) return null;
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    IpAddress a = IpAddress.parseNoZone(addr);
    if (a == null) return "not an IPv4 or IPv6 address: \"" + addr + "\"";
    return "bad prefix length \"" + s.substring(slash + 1) + "\" (0-" + (a.isIpv6() ? 128 : 32) + " for IPv" + a.version() + ")";
  }

  public int version() {
    return v6 ? 6 : 4;
  }

  public int prefix() {
    return prefix;
  }

  /** The network address (host bits cleared). */
  public IpAddress base() {
    return v6 ? IpAddress.ofIpv6(hi, lo) : IpAddress.ofIpv4(lo);
  }

  long maskHi() {
    return maskHi;
  }

  long maskLo() {
    return maskLo;
  }

  long baseHi() {
    return hi;
  }

  long baseLo() {
    return lo;
  }

  public boolean contains(IpAddress a) {
    if (a == null) return false;
    if (!v6) {
      long v4 = a.ipv4Value();
      return v4 >= 0 && (v4 & maskLo) == lo;
    }
    return a.isIpv6() && (a.hi() & maskHi) == hi && (a.lo() & maskLo) == lo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.v6 == v6 && c.prefix == prefix && c.hi == hi && c.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi * 31 + lo) * 31 + prefix + (v6 ? 1000 : 0);
  }

  /** Canonical {@code base/prefix}. */
  @Override
  public String toString() {
    return base() + "/" + prefix;
  }
}

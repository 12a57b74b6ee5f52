package org.pcapanalytics.udf;

import java.util.concurrent.ConcurrentHashMap;
import org.pcapanalytics.net.Cidr;
import org.pcapanalytics.net.CidrTable;
import org.pcapanalytics.net.IpAddress;

/**
 * The per-row function objects behind the IP address SQL functions. All return {@code null} for
 * null or invalid input.
 */
public final class IpFunctions {
  private IpFunctions() {}

  /**
   * The networks of {@code is_private_ip}: RFC 1918 (10/8, 172.16/12, 192.168/16), CGNAT
   * shared space 100.64/10 (RFC 6598), IPv4 loopback 127/8 and link-local 169.254/16, IPv6
   * unique-local fc00::/7 (RFC 4193), link-local fe80::/10 and loopback ::1/128. Not included:
   * unspecified (0.0.0.0, ::), multicast, broadcast, documentation and benchmarking ranges,
   * deprecated site-local fec0::/10. IPv4-mapped IPv6 addresses are judged by their IPv4 part.
   */
  public static final CidrTable PRIVATE_NETWORKS = CidrTable.parse(
      "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
      "fc00::/7", "fe80::/10", "::1/128");

  /** cidr_match with a CIDR that changes per row: parsed CIDRs are cached per instance. */
  static final class CidrMatch extends Fn.Fn2 {
    private static final long serialVersionUID = 1L;
    private static final int CACHE_LIMIT = 4096;
    private static final Object INVALID = new Object();
    private transient ConcurrentHashMap<String, Object> cache;

    @Override
    public Object apply(Object ip, Object cidr) {
      if (ip == null || cidr == null) return null;
      Cidr c = lookup(Fn.string(cidr));
      if (c == null) return null;
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : c.contains(a);
    }

    private Cidr lookup(String text) {
      ConcurrentHashMap<String, Object> m = cache;
      if (m == null) cache = m = new ConcurrentHashMap<>();
      Object v = m.get(text);
      if (v == null) {
        Cidr c = Cidr.parse(text);
        v = c == null ? INVALID : c;
        if (m.size() >= CACHE_LIMIT) m.clear();
        m.put(text, v);
      }
      return v == INVALID ? null : (Cidr) v;
    }
  }

  /** cidr_match with a constant CIDR, parsed once when the query is analysed. */
  static final class CidrMatchConstant extends Fn.Fn2 {
    private static final long serialVersionUID = 1L;
    private final Cidr cidr; // null: the constant is null or invalid, so every result is null

    CidrMatchConstant(Cidr cidr) {
      this.cidr = cidr;
    }

    @Override
    public Object apply(Object ip, Object ignored) {
      if (ip == null || cidr == null) return null;
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : cidr.contains(a);
    }
  }

  /** Membership in a fixed table (is_private_ip, is_internal_ip). */
  static final class InTable extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final CidrTable table;

    InTable(CidrTable table) {
      this.table = table;
    }

    @Override
    public Object apply(Object ip) {
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : table.contains(a);
    }
  }

  /** Label of the most specific matching network (watchlist_ip_match). */
  static final class MatchTable extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final CidrTable table;

    MatchTable(CidrTable table) {
      this.table = table;
    }

    @Override
    public Object apply(Object ip) {
      if (ip == null || table.isEmpty()) return null;
      return table.match(IpAddress.parse(Fn.string(ip)));
    }
  }

  static final class ToNumber extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object ip) {
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : a.toDecimal38();
    }
  }

  static final class Version extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object ip) {
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : a.version();
    }
  }

  static final class ToBinary extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object ip) {
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : a.toBytes();
    }
  }

  static final class Canonical extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object ip) {
      IpAddress a = IpAddress.parse(Fn.string(ip));
      return a == null ? null : a.toString();
    }
  }
}

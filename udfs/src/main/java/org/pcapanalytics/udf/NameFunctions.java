package org.pcapanalytics.udf;

import org.pcapanalytics.config.Watchlist;
import org.pcapanalytics.net.DomainNames;
import org.pcapanalytics.net.Services;

/** DNS name, watch-list and service functions behind the SQL functions. */
final class NameFunctions {
  private NameFunctions() {}

  /** registered_domain, remembering its answers (a Public Suffix List look-up costs microseconds). */
  static final class RegisteredDomain extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final Fn.Memo memo = new Fn.Memo();

    @Override
    public Object apply(Object name) {
      return memo.get(Fn.string(name), DomainNames::registeredDomain);
    }
  }

  static final class DnsSuffix extends Fn.Fn2 {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object name, Object n) {
      if (!(n instanceof Integer k)) return null;
      return DomainNames.suffix(Fn.string(name), k);
    }
  }

  static final class WatchlistDomain extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final Watchlist watchlist;

    WatchlistDomain(Watchlist watchlist) {
      this.watchlist = watchlist;
    }

    @Override
    public Object apply(Object name) {
      return watchlist.matchDomain(Fn.string(name));
    }
  }

  /** service_name(proto, port): proto is a name ("tcp") or an IP protocol number (6). */
  static final class ServiceName extends Fn.Fn2 {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object proto, Object port) {
      if (proto == null || !(port instanceof Integer p)) return null;
      if (proto instanceof Integer n) return Services.name(n, p);
      if (proto instanceof String s) return Services.name(s, p);
      return null;
    }
  }
}

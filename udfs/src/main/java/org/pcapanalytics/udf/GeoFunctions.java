package org.pcapanalytics.udf;

/**
 * The per-row function objects of the GeoIP SQL functions, over a {@link GeoLookup}; each
 * remembers its answers, since a look-up (decoding MaxMind's records) costs microseconds and the
 * same addresses come back on row after row.
 */
final class GeoFunctions {
  private GeoFunctions() {}

  /** geo_country(ip). */
  static final class Country extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final GeoLookup geo;
    private final Fn.Memo memo = new Fn.Memo();

    Country(GeoLookup geo) {
      this.geo = geo;
    }

    @Override
    public Object apply(Object ip) {
      return memo.get(Fn.string(ip), geo::country);
    }
  }

  /** asn(ip). */
  static final class Asn extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final GeoLookup geo;
    private final Fn.Memo memo = new Fn.Memo();

    Asn(GeoLookup geo) {
      this.geo = geo;
    }

    @Override
    public Object apply(Object ip) {
      return memo.get(Fn.string(ip), geo::asn);
    }
  }

  /** as_org(ip). */
  static final class AsOrg extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final GeoLookup geo;
    private final Fn.Memo memo = new Fn.Memo();

    AsOrg(GeoLookup geo) {
      this.geo = geo;
    }

    @Override
    public Object apply(Object ip) {
      return memo.get(Fn.string(ip), geo::asOrg);
    }
  }

  /** geo_city(ip). */
  static final class City extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final GeoLookup geo;
    private final Fn.Memo memo = new Fn.Memo();

    City(GeoLookup geo) {
      this.geo = geo;
    }

    @Override
    public Object apply(Object ip) {
      return memo.get(Fn.string(ip), geo::city);
    }
  }

  /** watchlist_geo_match(ip). */
  static final class WatchlistGeo extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final GeoLookup geo;
    private final Fn.Memo memo = new Fn.Memo();

    WatchlistGeo(GeoLookup geo) {
      this.geo = geo;
    }

    @Override
    public Object apply(Object ip) {
      return geo.watchesGeo() ? memo.get(Fn.string(ip), geo::watchlistMatch) : null;
    }
  }
}

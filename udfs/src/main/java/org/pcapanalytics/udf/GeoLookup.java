package org.pcapanalytics.udf;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.model.IspResponse;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.ConfigException;
import org.pcapanalytics.config.GeoIp;
import org.pcapanalytics.config.Watchlist;
import org.pcapanalytics.net.IpAddress;

/**
 * Country, AS and city of IP addresses from the configured MaxMind databases
 * ({@link GeoIp}), read with MaxMind's own {@link DatabaseReader}; and the watch list's country
 * and AS entries matched against them. Every method returns {@code null} for null or invalid
 * addresses, addresses the database does not hold (private and reserved ranges among them) and
 * when the database is not configured.
 *
 * <p>Serializable: it travels to the executors inside the SQL functions (or a job's own UDF).
 * Each JVM opens each database once, memory-mapped and shared by all its tasks (the reader is
 * thread-safe), with MaxMind's node cache; a database file replaced on disk (by rename, as
 * {@code geoipupdate} does) is opened anew by the next task. A database that is missing, not a
 * MaxMind database or of the wrong kind fails with a {@link ConfigException} naming the key
 * ({@code geoip.asn}) — when the query is analysed if the driver can see the file
 * ({@link #check}), else in the first task.
 */
public final class GeoLookup implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a database is opened for: the look-up it must support. */
  private enum Kind {
    COUNTRY("a Country, City or Enterprise database"),
    ASN("an ASN or ISP database"),
    CITY("a City or Enterprise database");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }

    boolean accepts(String type) {
      return switch (this) {
        case COUNTRY -> type.contains("Country") || type.contains("City") || type.contains("Enterprise");
        case ASN -> type.contains("GeoLite2-ASN") || type.contains("GeoIP2-ISP");
        case CITY -> type.contains("City") || type.contains("Enterprise");
      };
    }
  }

  private final GeoIp.Database country;
  private final GeoIp.Database asn;
  private final GeoIp.Database city;
  private final Watchlist watchlist;
  private transient volatile Opened countryDb;
  private transient volatile Opened asnDb;
  private transient volatile Opened cityDb;

  private GeoLookup(GeoIp.Database country, GeoIp.Database asn, GeoIp.Database city, Watchlist watchlist) {
    this.country = country;
    this.asn = asn;
    this.city = city;
    this.watchlist = watchlist;
  }

  /** The look-ups of {@code config}'s databases and watch list; opens nothing yet. */
  public static GeoLookup of(Config config) {
    GeoIp g = config.geoIp();
    String source = config.source();
    return new GeoLookup(g.countryDatabase(source), g.asnDatabase(source), g.cityDatabase(source), config.watchlist());
  }

  /**
   * Opens the configured databases (those of the country, AS and city look-ups as asked) now, so
   * that a bad one fails before any task runs; skipped for one the driver cannot see, which the
   * executors may have (shipped with the application).
   */
  public GeoLookup check(boolean countries, boolean ases, boolean cities) {
    if (countries) checkOne(country, Kind.COUNTRY);
    if (ases) checkOne(asn, Kind.ASN);
    if (cities) checkOne(city, Kind.CITY);
    return this;
  }

  private static void checkOne(GeoIp.Database db, Kind kind) {
    if (db != null && find(db, new ArrayList<>()) != null) open(db, kind);
  }

  private static Path find(GeoIp.Database db, List<String> tried) {
    try {
      return ShippedFiles.find(db.location(), tried);
    } catch (UncheckedIOException e) {
      throw error(db, e.getCause().getMessage(), e);
    }
  }

  /** ISO 3166-1 alpha-2 code of the country where MaxMind locates the address ({@code GB}). */
  public String country(String ip) {
    InetAddress a = country == null ? null : address(ip);
    if (a == null) return null;
    Optional<CountryResponse> r = lookup(country, () -> countryReader().tryCountry(a));
    return r.map(x -> x.country().isoCode()).orElse(null);
  }

  /** The number of the autonomous system announcing the address (15169). */
  public Long asn(String ip) {
    InetAddress a = asn == null ? null : address(ip);
    if (a == null) return null;
    Opened db = asnReader();
    if (db.isp()) return lookup(asn, () -> db.reader.tryIsp(a)).map(IspResponse::autonomousSystemNumber).orElse(null);
    return lookup(asn, () -> db.reader.tryAsn(a)).map(AsnResponse::autonomousSystemNumber).orElse(null);
  }

  /** The organisation of that autonomous system ({@code Google Inc.}). */
  public String asOrg(String ip) {
    InetAddress a = asn == null ? null : address(ip);
    if (a == null) return null;
    Opened db = asnReader();
    if (db.isp()) return lookup(asn, () -> db.reader.tryIsp(a)).map(IspResponse::autonomousSystemOrganization).orElse(null);
    return lookup(asn, () -> db.reader.tryAsn(a)).map(AsnResponse::autonomousSystemOrganization).orElse(null);
  }

  /** The English name of the city where MaxMind locates the address ({@code London}). */
  public String city(String ip) {
    InetAddress a = city == null ? null : address(ip);
    if (a == null) return null;
    Optional<CityResponse> r = lookup(city, () -> cityReader().tryCity(a));
    return r.map(x -> x.city().name()).orElse(null);
  }

  /**
   * The watch-list entry the address falls under: its AS ({@code AS64496}) if that is listed, else
   * its country ({@code RU}) if that is listed; {@code null} otherwise.
   */
  public String watchlistMatch(String ip) {
    if (ip == null) return null;
    if (!watchlist.asns().isEmpty()) {
      String hit = watchlist.matchAsn(asn(ip));
      if (hit != null) return hit;
    }
    return watchlist.countries().isEmpty() ? null : watchlist.matchCountry(country(ip));
  }

  /** Whether the watch list has country or AS entries. */
  public boolean watchesGeo() {
    return !watchlist.countries().isEmpty() || !watchlist.asns().isEmpty();
  }

  private static InetAddress address(String ip) {
    IpAddress a = IpAddress.parse(ip);
    if (a == null) return null;
    try {
      return InetAddress.getByAddress(a.toBytes()); // no name look-up for raw bytes
    } catch (UnknownHostException e) {
      return null; // not for 4 or 16 bytes
    }
  }

  private DatabaseReader countryReader() {
    return open(country, Kind.COUNTRY, countryDb, o -> countryDb = o).reader;
  }

  private Opened asnReader() {
    return open(asn, Kind.ASN, asnDb, o -> asnDb = o);
  }

  private DatabaseReader cityReader() {
    return open(city, Kind.CITY, cityDb, o -> cityDb = o).reader;
  }

  private interface Query<T> {
    Optional<T> run() throws IOException, GeoIp2Exception;
  }

  private static <T> Optional<T> lookup(GeoIp.Database db, Query<T> q) {
    try {
      return q.run();
    } catch (IOException | GeoIp2Exception e) {
      throw error(db, "cannot read " + db.location() + ": " + e.getMessage(), e);
    }
  }

  // ---- the databases of this JVM ----

  /** An open database, its type, and the file state it was opened from. */
  private record Opened(Path file, long modified, long size, DatabaseReader reader, String type) {
    boolean isp() {
      return type.contains("GeoIP2-ISP");
    }
  }

  private static final ConcurrentHashMap<String, Opened> OPEN = new ConcurrentHashMap<>();

  private interface Keep {
    void keep(Opened o);
  }

  /** This instance's database, opened (or taken from this JVM's) at its first use. */
  private static Opened open(GeoIp.Database db, Kind kind, Opened mine, Keep keep) {
    if (mine != null) return mine;
    Opened o = open(db, kind);
    keep.keep(o);
    return o;
  }

  /** This JVM's reader of the database; opened again when the file changed. */
  private static Opened open(GeoIp.Database db, Kind kind) {
    List<String> tried = new ArrayList<>();
    Path file = find(db, tried);
    if (file == null) {
      throw error(db, "database not found: " + db.location() + " (looked at " + String.join(", ", tried)
          + "; ship it with spark-submit --files or spark.files, or give a path every node has)", null);
    }
    long modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(file).toMillis();
      size = Files.size(file);
    } catch (IOException e) {
      throw error(db, "cannot read " + file + ": " + e, e);
    }
    String key = file.toAbsolutePath().toString();
    Opened o = OPEN.get(key);
    if (o == null || o.modified != modified || o.size != size) {
      synchronized (OPEN) {
        o = OPEN.get(key);
        if (o == null || o.modified != modified || o.size != size) {
          DatabaseReader reader;
          try {
            reader = new DatabaseReader.Builder(file.toFile()).fileMode(Reader.FileMode.MEMORY_MAPPED)
                .withCache(new CHMCache()).build();
          } catch (IOException e) {
            throw error(db, file + " is not a MaxMind database: " + e.getMessage(), e);
          }
          // A replaced reader is not closed: running tasks may still use it; its mapping goes with it.
          o = new Opened(file, modified, size, reader, reader.metadata().databaseType());
          OPEN.put(key, o);
        }
      }
    }
    if (!kind.accepts(o.type)) {
      throw error(db, file + " is a " + o.type + " database; " + db.key() + " needs " + kind.expected, null);
    }
    return o;
  }

  private static ConfigException error(GeoIp.Database db, String reason, Throwable cause) {
    return new ConfigException(db.source(), db.key(), reason, cause);
  }
}

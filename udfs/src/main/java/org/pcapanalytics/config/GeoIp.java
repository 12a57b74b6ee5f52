package org.pcapanalytics.config;

import java.io.Serializable;

/**
 * Where the MaxMind databases (GeoIP2 or GeoLite2, {@code .mmdb}) for the GeoIP functions are:
 * configuration keys {@code geoip.country}, {@code geoip.asn} and {@code geoip.city}, each a file
 * location or {@code null} (not configured: the functions that need it return null).
 *
 * <p>A location is a local path, a {@code file:} URI or a Hadoop file system URI
 * ({@code hdfs://…}, {@code s3a://…}). A relative path that names an existing file next to the
 * configuration file is stored as that absolute path; otherwise as written, and the file is then
 * looked for by its name among the files shipped with {@code spark-submit --files} /
 * {@code spark.files} (see {@code org.pcapanalytics.udf.ShippedFiles}). The databases are opened
 * when a query uses them, not when the configuration is read.
 *
 * @param country a Country database (or a City or Enterprise one, which hold countries too)
 * @param asn an ASN database (GeoLite2-ASN, or GeoIP2-ISP)
 * @param city a City database (or Enterprise)
 */
public record GeoIp(String country, String asn, String city) implements Serializable {
  private static final GeoIp NONE = new GeoIp(null, null, null);

  /** One configured database: its key path (for messages), its location, and the configuration it came from. */
  public record Database(String source, String key, String location) implements Serializable {}

  /** No database configured. */
  public static GeoIp none() {
    return NONE;
  }

  public boolean isEmpty() {
    return country == null && asn == null && city == null;
  }

  /** The database answering country look-ups: {@code geoip.country}, else {@code geoip.city}; or null. */
  public Database countryDatabase(String source) {
    if (country != null) return new Database(source, "geoip.country", country);
    return city == null ? null : new Database(source, "geoip.city", city);
  }

  /** The {@code geoip.asn} database, or null. */
  public Database asnDatabase(String source) {
    return asn == null ? null : new Database(source, "geoip.asn", asn);
  }

  /** The {@code geoip.city} database, or null. */
  public Database cityDatabase(String source) {
    return city == null ? null : new Database(source, "geoip.city", city);
  }
}

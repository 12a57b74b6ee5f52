package org.pcapanalytics.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.ConfigException;

/**
 * Look-ups in MaxMind's test databases ({@code ../shared/geoip}); the expected values are those of
 * the JSON sources the databases were built from (and, for cities, of the City database itself).
 */
class GeoLookupTest {
  /** MaxMind's test databases, read-only. */
  static final Path GEOIP = Path.of(System.getProperty("pcap.shared.geoip", "../../shared/geoip"));

  @TempDir
  Path tmp;

  /** A configuration whose relative database names resolve in the shared folder. */
  static Config config(String json) {
    return Config.fromJson(json, GEOIP.toAbsolutePath());
  }

  static final Config ALL = config("""
      {"geoip": {"country": "GeoLite2-Country-Test.mmdb", "asn": "GeoLite2-ASN-Test.mmdb",
                 "city": "GeoLite2-City-Test.mmdb"},
       "watchlist": {"countries": ["se", "BT"], "asns": ["AS15169", 7018, 35908]}}
      """);

  @Test
  void countries() {
    GeoLookup g = GeoLookup.of(ALL);
    assertEquals("GB", g.country("2.125.160.216")); // 2.125.160.216/29; registered in FR: not used
    assertEquals("GB", g.country("81.2.69.142"));
    assertEquals("SE", g.country("89.160.20.112"));
    assertEquals("US", g.country("216.160.83.56"));
    assertEquals("BT", g.country("67.43.156.1"));
    assertEquals("GB", g.country("::ffff:81.2.69.142")); // IPv4-mapped: the IPv4 network
    assertEquals("JP", g.country("2001:218::1")); // 2001:218::/32
    assertEquals("KR", g.country("2001:220:0:0:0:0:0:1")); // 2001:220::/32
    assertEquals("CN", g.country("2001:252::abcd")); // 2001:252::/32
    assertNull(g.country("2a02:d500::1")); // 2a02:d500::/29 has a continent but no country
    assertNull(g.country("175.16.199.1")); // only in the City database
    // private, reserved, invalid, null
    assertNull(g.country("10.0.0.1"));
    assertNull(g.country("192.168.1.1"));
    assertNull(g.country("fd00::1"));
    assertNull(g.country("127.0.0.1"));
    assertNull(g.country("garbage"));
    assertNull(g.country("010.0.0.1"));
    assertNull(g.country(null));
  }

  @Test
  void autonomousSystems() {
    GeoLookup g = GeoLookup.of(ALL);
    assertEquals(15169L, g.asn("1.0.0.1")); // 1.0.0.0/24
    assertEquals("Google Inc.", g.asOrg("1.0.0.255"));
    assertEquals(1221L, g.asn("1.128.0.1")); // 1.128.0.0/11
    assertEquals("Telstra Pty Ltd", g.asOrg("1.159.255.255"));
    assertEquals(7018L, g.asn("12.81.92.1"));
    assertEquals("AT&T Services", g.asOrg("12.81.92.1"));
    assertEquals(7018L, g.asn("12.81.96.5")); // 12.81.96.0/19: a number, no organisation
    assertNull(g.asOrg("12.81.96.5"));
    assertEquals(6730L, g.asn("2001:1700::1")); // 2001:1700::/27
    assertEquals("Sunrise Communications AG", g.asOrg("2001:1700:1f::ffff"));
    assertEquals(9143L, g.asn("2001:1c00::1"));
    assertEquals(15169L, g.asn("::ffff:1.0.0.1"));
    assertEquals(15169L, g.asn("::ffff:1.0.0.1%eth0")); // zone id ignored
    assertNull(g.asn("1.0.1.0")); // just outside 1.0.0.0/24
    assertNull(g.asn("10.0.0.1"));
    assertNull(g.asOrg("::1"));
    assertNull(g.asn(""));
  }

  @Test
  void cities() {
    GeoLookup g = GeoLookup.of(ALL);
    assertEquals("Boxford", g.city("2.125.160.216"));
    assertEquals("London", g.city("81.2.69.142"));
    assertEquals("Linköping", g.city("89.160.20.112"));
    assertEquals("Milton", g.city("216.160.83.56"));
    assertEquals("San Diego", g.city("2001:480::1"));
    assertNull(g.city("2001:218::1")); // a country, no city
    assertNull(g.city("10.0.0.1"));
  }

  @Test
  void aCityDatabaseAnswersCountriesWhenThereIsNoCountryDatabase() {
    GeoLookup g = GeoLookup.of(config("{\"geoip\": {\"city\": \"GeoLite2-City-Test.mmdb\"}}"));
    assertEquals("CN", g.country("175.16.199.1"));
    assertEquals("GB", g.country("81.2.69.142"));
    assertNull(g.asn("1.0.0.1")); // no ASN database
  }

  @Test
  void nothingConfiguredIsNull() {
    GeoLookup g = GeoLookup.of(Config.defaults()).check(true, true, true);
    assertNull(g.country("81.2.69.142"));
    assertNull(g.asn("1.0.0.1"));
    assertNull(g.asOrg("1.0.0.1"));
    assertNull(g.city("81.2.69.142"));
    assertNull(g.watchlistMatch("1.0.0.1"));
  }

  @Test
  void watchListByAsThenCountry() {
    GeoLookup g = GeoLookup.of(ALL);
    assertEquals("AS15169", g.watchlistMatch("1.0.0.1"));
    assertEquals("AS7018", g.watchlistMatch("12.81.96.5"));
    assertEquals("AS35908", g.watchlistMatch("67.43.156.1")); // BT is listed too: the AS is more specific
    assertEquals("SE", g.watchlistMatch("89.160.20.112")); // AS29518 is not listed
    assertNull(g.watchlistMatch("81.2.69.142")); // GB, AS not listed
    assertNull(g.watchlistMatch("10.0.0.1"));
    assertNull(g.watchlistMatch(null));
  }

  @Test
  void wrongMissingOrBrokenDatabasesNameTheKey() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () ->
        GeoLookup.of(config("{\"geoip\": {\"asn\": \"GeoLite2-Country-Test.mmdb\"}}")).check(false, true, false));
    assertEquals("geoip.asn", e.keyPath());
    assertTrue(e.getMessage().contains("is a GeoLite2-Country database; geoip.asn needs an ASN or ISP database"),
        e.getMessage());
    e = assertThrows(ConfigException.class, () ->
        GeoLookup.of(config("{\"geoip\": {\"city\": \"GeoLite2-Country-Test.mmdb\"}}")).city("81.2.69.142"));
    assertEquals("geoip.city", e.keyPath());

    Path text = Files.writeString(tmp.resolve("GeoLite2-ASN.mmdb"), "not a database\n");
    e = assertThrows(ConfigException.class, () ->
        GeoLookup.of(Config.fromJson("{\"geoip\": {\"asn\": \"" + text + "\"}}")).asn("1.0.0.1"));
    assertTrue(e.getMessage().contains("geoip.asn: " + text + " is not a MaxMind database"), e.getMessage());

    String missing = "missing-" + System.nanoTime() + ".mmdb";
    GeoLookup notThere = GeoLookup.of(Config.fromJson("{\"geoip\": {\"country\": \"" + missing + "\"}}", tmp));
    notThere.check(true, false, false); // the executors may have it: not an error on the driver
    e = assertThrows(ConfigException.class, () -> notThere.country("81.2.69.142"));
    assertEquals("geoip.country", e.keyPath());
    assertTrue(e.getMessage().contains("database not found: " + missing), e.getMessage());
    assertTrue(e.getMessage().contains("spark-submit --files"), e.getMessage());
  }

  /** A database replaced by rename (as geoipupdate does) is read anew by the next look-up object. */
  @Test
  void replacedDatabaseIsReopened() throws Exception {
    Path db = tmp.resolve("current.mmdb");
    Files.copy(GEOIP.resolve("GeoLite2-Country-Test.mmdb"), db);
    Config c = Config.fromJson("{\"geoip\": {\"country\": \"" + db + "\"}}");
    assertNull(GeoLookup.of(c).country("175.16.199.1"));
    Path next = tmp.resolve("next.mmdb");
    Files.copy(GEOIP.resolve("GeoLite2-City-Test.mmdb"), next);
    Files.move(next, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals("CN", GeoLookup.of(c).country("175.16.199.1"));
  }

  @Test
  void serializableWithItsDatabasesReopenedAfterwards() throws Exception {
    GeoLookup g = GeoLookup.of(ALL);
    assertEquals("GB", g.country("81.2.69.142"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(g);
    }
    assertTrue(bytes.size() < 4000, "no database inside: " + bytes.size() + " bytes");
    GeoLookup back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (GeoLookup) in.readObject();
    }
    assertEquals("GB", back.country("81.2.69.142"));
    assertEquals(15169L, back.asn("1.0.0.1"));
    assertEquals("SE", back.watchlistMatch("89.160.20.112"));
  }
}

package org.pcapanalytics.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.udf.SparkTestSupport.value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The functions in a session built with spark.sql.extensions=PcapSparkExtensions only. */
class PcapSparkExtensionsTest {
  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static Path berlin;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("watch.txt"), "# feed\nevil.example\n");
    berlin = dir.resolve("berlin.json");
    Path geo = GeoLookupTest.GEOIP.toAbsolutePath();
    Files.writeString(berlin, """
        // site configuration
        {"businessHours": {"timeZone": "Europe/Berlin"},
         "watchlist": {"domainsFile": "watch.txt", "addresses": ["203.0.113.0/24"], "countries": ["GB"]},
         "geoip": {"country": "%s", "asn": "%s"},}
        """.formatted(geo.resolve("GeoLite2-Country-Test.mmdb"), geo.resolve("GeoLite2-ASN-Test.mmdb")));
    spark = SparkTestSupport.builder("udfs-extension")
        .config("spark.sql.extensions", PcapSparkExtensions.class.getName())
        .config(SessionConfig.CONFIG_KEY, berlin.toString())
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    SparkTestSupport.stop(spark);
  }

  @Test
  void cidrMatchThroughTheExtension() {
    assertEquals(true, value(spark, "SELECT cidr_match('10.1.2.3','10.0.0.0/8')"));
    assertEquals(List.of(Row.fromSeq(scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(true, false)).toSeq())),
        spark.range(1).selectExpr("cidr_match('::ffff:10.0.0.1', '10.0.0.0/8')", "is_private_ip('8.8.8.8')").collectAsList());
  }

  @Test
  void everyFunctionIsThere() {
    for (String name : PcapFunctions.names()) {
      assertTrue(spark.catalog().functionExists(name), name);
    }
  }

  @Test
  void configFromSparkConf() {
    // Europe/Berlin: 06:00Z is 08:00 CEST on Monday 2025-03-31
    Row r = spark.sql("SELECT in_business_hours(TIMESTAMP'2025-03-31 06:00:00'), watchlist_match('a.evil.example'),"
        + " watchlist_ip_match('203.0.113.5'), is_internal_ip('192.168.0.1'), local_time_iso(TIMESTAMP'2025-03-31 06:00:00')")
        .collectAsList().get(0);
    assertEquals(true, r.get(0));
    assertEquals("evil.example", r.get(1));
    assertEquals("203.0.113.0/24", r.get(2));
    assertEquals(true, r.get(3)); // default internal networks
    assertEquals("2025-03-31T08:00:00+02:00", r.get(4));
    r = spark.sql("SELECT geo_country('81.2.69.142'), asn('1.0.0.1'), as_org('1.0.0.1'), geo_city('81.2.69.142'),"
        + " watchlist_geo_match('2.125.160.216')").collectAsList().get(0);
    assertEquals("GB", r.get(0));
    assertEquals(15169L, r.get(1));
    assertEquals("Google Inc.", r.get(2));
    assertNull(r.get(3)); // no geoip.city
    assertEquals("GB", r.get(4));
  }

  @Test
  void configCanBeChangedPerSessionAndFailsWithTheKeyPath() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"internalNetworks\": [\"10.0.0.0/33\"]}");
    try {
      spark.conf().set(SessionConfig.CONFIG_KEY, "");
      assertEquals(false, value(spark, "SELECT in_business_hours(TIMESTAMP'2025-03-31 06:00:00')")); // UTC defaults
      assertNull(value(spark, "SELECT watchlist_match('a.evil.example')"));

      spark.conf().set(SessionConfig.CONFIG_KEY, bad.toString());
      Exception e = assertThrows(Exception.class, () -> spark.sql("SELECT is_internal_ip('10.0.0.1')").collect());
      assertTrue(e.getMessage().contains("internalNetworks[0]: invalid network \"10.0.0.0/33\""), e.getMessage());
      // functions that need no configuration keep working
      assertEquals(true, value(spark, "SELECT cidr_match('10.0.0.1', '10.0.0.0/8')"));
    } finally {
      spark.conf().set(SessionConfig.CONFIG_KEY, berlin.toString());
    }
    assertEquals("evil.example", value(spark, "SELECT watchlist_match('evil.example')"));
  }

  @Test
  void explicitRegistrationOverridesInjectedFunctions() {
    SparkSession other = spark.newSession();
    PcapFunctions.register(other, org.pcapanalytics.config.Config.defaults());
    assertNull(value(other, "SELECT watchlist_match('a.evil.example')")); // defaults: empty watch list
    assertEquals("evil.example", value(spark, "SELECT watchlist_match('a.evil.example')"));
  }
}

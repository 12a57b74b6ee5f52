package org.pcapanalytics.udf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.udf.SparkTestSupport.value;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;

/** The functions through {@link PcapFunctions#register}, run by Spark (driver and executors). */
class PcapFunctionsSparkTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.builder("udfs-register").getOrCreate();
    Config config = Config.fromJson("""
        {"businessHours": {"timeZone": "Europe/Berlin", "holidays": ["2025-12-25"]},
         "internalNetworks": ["10.0.0.0/8", "fd00::/8"],
         "watchlist": {"domains": ["evil.example", "*.bad.example"], "addresses": ["203.0.113.0/24"]}}
        """);
    PcapFunctions.register(spark, config);
    // Rows that reach executors through a shuffle, so the functions run in generated code there.
    StructType schema = new StructType()
        .add("ip", DataTypes.StringType)
        .add("cidr", DataTypes.StringType)
        .add("name", DataTypes.StringType)
        .add("ts", DataTypes.TimestampType)
        .add("port", DataTypes.IntegerType);
    List<Row> rows = Arrays.asList(
        RowFactory.create("10.1.2.3", "10.0.0.0/8", "a.evil.example", ts("2025-03-31T06:00:00Z"), 443),
        RowFactory.create("192.168.1.1", "10.0.0.0/8", "notevil.example", ts("2025-03-31T05:59:59Z"), 53),
        RowFactory.create("fd00::1", "fd00::/8", "x.bad.example", ts("2025-12-25T10:00:00Z"), 22),
        RowFactory.create("::ffff:203.0.113.9", "203.0.113.0/24", "www.bbc.co.uk.", ts("2025-10-27T07:00:00Z"), 3389),
        RowFactory.create("garbage", "10.0.0.0/33", "", null, null),
        RowFactory.create(null, null, null, null, 65536));
    Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
    df.createOrReplaceTempView("t");
  }

  private static java.sql.Timestamp ts(String instant) {
    return java.sql.Timestamp.from(java.time.Instant.parse(instant));
  }

  @AfterAll
  static void stop() {
    SparkTestSupport.stop(spark);
  }

  @Test
  void cidrMatchLiteral() {
    assertEquals(true, value(spark, "SELECT cidr_match('10.1.2.3', '10.0.0.0/8')"));
    Row r = spark.sql("SELECT cidr_match('11.1.2.3', '10.0.0.0/8'), cidr_match(NULL, '10.0.0.0/8'),"
        + " cidr_match('10.1.2.3', NULL), cidr_match('10.1.2.3', '10.0.0.0/33'), CIDR_MATCH('fe80::1%eth0', 'fe80::/10')")
        .collectAsList().get(0);
    assertEquals(false, r.get(0));
    assertNull(r.get(1));
    assertNull(r.get(2));
    assertNull(r.get(3));
    assertEquals(true, r.get(4));
  }

  /** Every function over a shuffled table: runs on executors, with constant and per-row arguments. */
  @Test
  void allFunctionsOnExecutors() {
    List<Row> out = spark.sql("""
        SELECT ip,
               cidr_match(ip, cidr)            AS m_col,
               cidr_match(ip, '10.0.0.0/8')     AS m_const,
               is_private_ip(ip)               AS priv,
               is_internal_ip(ip)              AS internal,
               ip_version(ip)                  AS v,
               ip_to_number(ip)                AS num,
               ip_to_binary(ip)                AS bin,
               ip_canonical(ip)                AS canon,
               service_name('tcp', port)       AS svc,
               in_business_hours(ts)           AS bh,
               local_time(ts)                  AS lt,
               local_time_iso(ts)              AS lti,
               registered_domain(name)         AS rd,
               dns_suffix(name, 2)             AS suf,
               watchlist_match(name)           AS wm,
               watchlist_ip_match(ip)          AS wim
        FROM t ORDER BY ip NULLS LAST
        """).collectAsList();
    assertEquals(6, out.size());
    List<String> got = new ArrayList<>();
    for (Row r : out) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        if (v instanceof byte[] b) v = b.length;
        sb.append(i == 0 ? "" : "|").append(v);
      }
      got.add(sb.toString());
    }
    assertEquals(List.of(
        "10.1.2.3|true|true|true|true|4|167838211|4|10.1.2.3|https|true|2025-03-31T08:00|2025-03-31T08:00:00+02:00"
            + "|evil.example|evil.example|evil.example|null",
        "192.168.1.1|false|false|true|false|4|3232235777|4|192.168.1.1|dns|false|2025-03-31T07:59:59"
            + "|2025-03-31T07:59:59+02:00|notevil.example|notevil.example|null|null",
        "::ffff:203.0.113.9|true|false|false|false|6|281474087547145|16|::ffff:203.0.113.9|ms-wbt-server|true"
            + "|2025-10-27T08:00|2025-10-27T08:00:00+01:00|bbc.co.uk|co.uk|null|203.0.113.0/24",
        "fd00::1|true|false|true|true|6|null|16|fd00::1|ssh|false|2025-12-25T11:00|2025-12-25T11:00:00+01:00"
            + "|bad.example|bad.example|*.bad.example|null",
        "garbage|null|null|null|null|null|null|null|null|null|null|null|null|null|null|null|null",
        "null|null|null|null|null|null|null|null|null|null|null|null|null|null|null|null|null"), got);
  }

  /** The GeoIP functions over a shuffled table, with MaxMind's test databases. */
  @Test
  void geoFunctionsOnExecutors() {
    SparkSession s = spark.newSession();
    PcapFunctions.register(s, GeoLookupTest.ALL);
    StructType schema = new StructType().add("ip", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String ip : new String[] {"81.2.69.142", "1.0.0.1", "2001:1700::1", "67.43.156.1", "::ffff:89.160.20.112",
        "10.0.0.1", "garbage", null}) {
      rows.add(RowFactory.create(ip));
    }
    s.createDataFrame(rows, schema).repartition(2).createOrReplaceTempView("ips");
    List<String> got = new ArrayList<>();
    for (Row r : s.sql("SELECT ip, geo_country(ip), asn(ip), as_org(ip), geo_city(ip), watchlist_geo_match(ip)"
        + " FROM ips ORDER BY ip NULLS LAST").collectAsList()) {
      got.add(r.mkString("|"));
    }
    assertEquals(List.of(
        "1.0.0.1|null|15169|Google Inc.|null|AS15169",
        "10.0.0.1|null|null|null|null|null",
        "2001:1700::1|null|6730|Sunrise Communications AG|null|null",
        "67.43.156.1|BT|35908|null|null|AS35908",
        "81.2.69.142|GB|null|null|London|null",
        "::ffff:89.160.20.112|SE|29518|Bredband2 AB|Linköping|SE",
        "garbage|null|null|null|null|null",
        "null|null|null|null|null|null"), got);
    StructType types = s.sql("SELECT geo_country('1.0.0.1') a, asn('1.0.0.1') b").schema();
    assertEquals(DataTypes.StringType, types.apply("a").dataType());
    assertEquals(DataTypes.LongType, types.apply("b").dataType());
    // not configured: null, no error
    assertNull(value(spark, "SELECT asn('1.0.0.1')"));
  }

  /** A database named only by its file name is found among the files shipped with the application. */
  @Test
  void geoDatabaseShippedWithSparkFiles(@TempDir Path elsewhere) {
    spark.sparkContext().addFile(GeoLookupTest.GEOIP.resolve("GeoLite2-ASN-Test.mmdb").toAbsolutePath().toString());
    SparkSession s = spark.newSession();
    Config c = Config.fromJson("{\"geoip\": {\"asn\": \"GeoLite2-ASN-Test.mmdb\"}}", elsewhere);
    assertEquals("GeoLite2-ASN-Test.mmdb", c.geoIp().asn()); // not next to the configuration
    PcapFunctions.register(s, c);
    assertEquals(15169L, value(s, "SELECT asn(ip) FROM VALUES ('1.0.0.1') AS v(ip)"));
  }

  @Test
  void wrongGeoDatabaseFailsWhenTheQueryIsAnalysed() {
    SparkSession s = spark.newSession();
    PcapFunctions.register(s, GeoLookupTest.config("{\"geoip\": {\"asn\": \"GeoLite2-City-Test.mmdb\"}}"));
    Exception e = assertThrows(Exception.class, () -> s.sql("SELECT as_org('1.0.0.1')"));
    assertTrue(e.getMessage().contains("geoip.asn: ") && e.getMessage().contains("is a GeoLite2-City database"),
        e.getMessage());
    assertNull(value(s, "SELECT geo_country('81.2.69.142')")); // the other functions still answer
  }

  @Test
  void resultTypes() {
    StructType s = spark.sql("SELECT cidr_match('a','b') a, ip_to_number('1.2.3.4') b, ip_version('::') c,"
        + " ip_to_binary('::') d, local_time(TIMESTAMP'2025-01-01 00:00:00') e, service_name(6, 80) f").schema();
    assertEquals(DataTypes.BooleanType, s.apply("a").dataType());
    assertEquals(DataTypes.createDecimalType(38, 0), s.apply("b").dataType());
    assertEquals(DataTypes.IntegerType, s.apply("c").dataType());
    assertEquals(DataTypes.BinaryType, s.apply("d").dataType());
    assertEquals(DataTypes.TimestampNTZType, s.apply("e").dataType());
    assertEquals(DataTypes.StringType, s.apply("f").dataType());
  }

  @Test
  void valuesAndCasts() {
    Row r = spark.sql("""
        SELECT ip_to_number('2001:db8::1'), ip_to_number('fe80::1'), ip_to_binary('10.0.0.1'),
               service_name(6, 443), service_name(CAST(6 AS BIGINT), CAST(443 AS BIGINT)), service_name('UDP', 53),
               service_name(NULL, 53), dns_suffix('a.b.Example.COM.', CAST(2 AS BIGINT)),
               in_business_hours(TIMESTAMP_NTZ'2025-03-31 06:00:00'), in_business_hours('2025-03-31 06:00:00'),
               local_time(TIMESTAMP'2025-03-31 06:00:00'), in_business_hours(NULL)
        """).collectAsList().get(0);
    assertEquals(new BigDecimal("42540766411282592856903984951653826561"), r.get(0));
    assertNull(r.get(1));
    assertArrayEquals(new byte[] {10, 0, 0, 1}, (byte[]) r.get(2));
    assertEquals("https", r.get(3));
    assertEquals("https", r.get(4)); // BIGINT arguments are cast to INT
    assertEquals("dns", r.get(5));
    assertNull(r.get(6));
    assertEquals("example.com", r.get(7));
    // TIMESTAMP_NTZ and STRING arguments are cast with the session time zone (UTC here)
    assertEquals(true, r.get(8));
    assertEquals(true, r.get(9));
    assertEquals(LocalDateTime.parse("2025-03-31T08:00"), r.get(10));
    assertNull(r.get(11));
  }

  @Test
  void java8DateTimeApiOnOrOff() {
    // UDFs receive java.time.Instant or java.sql.Timestamp depending on this setting.
    String q = "SELECT in_business_hours(TIMESTAMP'2025-03-31 06:00:00'), in_business_hours(TIMESTAMP'2025-03-31 05:59:59')";
    String key = "spark.sql.datetime.java8API.enabled";
    String before = spark.conf().get(key);
    try {
      for (String on : new String[] {"true", "false"}) {
        spark.conf().set(key, on);
        Row r = spark.sql(q).collectAsList().get(0);
        assertEquals(true, r.get(0), on);
        assertEquals(false, r.get(1), on);
      }
    } finally {
      spark.conf().set(key, before);
    }
  }

  @Test
  void badCallsFailAnalysis() {
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql("SELECT cidr_match('10.0.0.1')"));
    assertTrue(e.getMessage().contains("cidr_match"), e.getMessage());
    e = assertThrows(AnalysisException.class, () -> spark.sql("SELECT is_private_ip(array(1))"));
    assertTrue(e.getMessage().contains("is_private_ip"), e.getMessage());
  }

  @Test
  void describeFunction() {
    List<Row> rows = spark.sql("DESCRIBE FUNCTION EXTENDED cidr_match").collectAsList();
    String text = rows.toString();
    assertTrue(text.contains("Returns true if the address is inside the network"), text);
    assertTrue(text.contains("SELECT cidr_match('10.1.2.3', '10.0.0.0/8')"), text);
  }
}

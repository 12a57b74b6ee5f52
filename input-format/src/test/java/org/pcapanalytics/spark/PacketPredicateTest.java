package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The filters the readers evaluate keep exactly the rows Spark's WHERE keeps (SQL's three-valued
 * logic included), on shared captures read in small splits, and the readers really return only
 * those rows.
 */
class PacketPredicateTest {
  private static final String[] CAPTURES = {"dns_packets.pcap", "mixed_example2.pcap", "http_espn.pcapng",
      "icmp_traceroute.pcapng", "sll_mixed.pcap.gz", "vlan_qinq_icmp.pcap", "icmpv6_echo.cap", "ipv4_fragments.pcap",
      "tls_sni_ipv4_ipv6.pcap", "quic_sni.pcap"};

  /** WHERE clauses whose every conjunct the readers evaluate. */
  private static final String[] EVALUATED = {
      "dns_id IS NOT NULL OR dns_qname IS NOT NULL OR dns_answers IS NOT NULL",
      "(ip_proto = 1 AND icmp_type = 3) OR (ip_proto = 58 AND icmp_type = 1)",
      "(ip_proto = 1 AND icmp_type = 11) OR (ip_proto = 58 AND icmp_type = 128)",
      "dns_qname = 'www.google-analytics.com'",
      "NOT (ip_proto = 6)",
      "NOT (ip_proto = 6) OR dns_rcode = 3",
      "NOT (ip_proto = 6 AND dst_port = 443) OR NOT (dns_response)",
      "NOT (dst_port IN (53, 80) OR ttl < 64) OR vlan_ids IS NOT NULL",
      "src_port IN (53, 443)",
      "tcp_flags > 16",
      "dns_qname IS NULL OR dns_rcode = 3",
      "src_ip >= '192.168.' AND src_ip < '192.169'",
      "dns_qname > 'www' OR http_host <= 'b'",
      "dns_qname LIKE 'www.%' OR tls_sni LIKE '%.com' OR http_uri LIKE '%jpg%'",
      "dns_answers IS NULL AND dns_id IS NOT NULL",
      "vlan_ids IS NOT NULL OR tls_alpn IS NOT NULL",
      "dns_response AND dns_answer_count >= 2",
      "tcp_seq <= 1000000 OR tcp_ack > 4000000000",
      "NOT (dst_port <=> 53) AND ip_version = 6",
      "dst_port <=> 53 OR more_fragments",
      "ip_proto IN (6, NULL) OR ttl = 1",
      "NOT (ip_proto IN (17, NULL)) OR dns_id = 0",
      "caplen < 70 OR wirelen > 1400",
  };

  private static SparkSession spark() {
    return LocalSpark.get();
  }

  @BeforeAll
  static void views() {
    String[] paths = new String[CAPTURES.length];
    for (int i = 0; i < paths.length; i++) paths[i] = Captures.file(CAPTURES[i]).toString();
    spark().read().format("pcap").option("splitSize", "64k").load(paths).createOrReplaceTempView("t");
    // every row, materialised: Spark filters these itself
    spark().read().format("pcap").load(paths).localCheckpoint().createOrReplaceTempView("every_row");
  }

  /** The sorted rows of {@code sql}, and then the rows the pcap scan returned as the last element. */
  private static List<String> run(String sql) {
    Dataset<Row> df = spark().sql(sql);
    List<String> out = new ArrayList<>();
    for (Row r : df.collectAsList()) out.add(r.toString());
    Collections.sort(out);
    SparkPlan plan = df.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec a) plan = a.executedPlan();
    long scanned = -1;
    for (SparkPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof BatchScanExec b) scanned = b.metrics().apply("numOutputRows").value();
    }
    out.add("scanned " + scanned);
    return out;
  }

  private static List<String> rows(String sql) {
    List<String> r = run(sql);
    return r.subList(0, r.size() - 1);
  }

  @Test
  void readersReturnExactlyTheRowsOfTheWhere() {
    long total = spark().table("every_row").count();
    for (String where : EVALUATED) {
      List<String> expected = rows("SELECT * FROM every_row WHERE " + where);
      List<String> got = run("SELECT * FROM t WHERE " + where);
      assertEquals("scanned " + expected.size(), got.get(got.size() - 1), "rows out of the readers: " + where);
      assertEquals(expected, got.subList(0, got.size() - 1), where);
      assertTrue(expected.size() < total, where);
    }
    assertFalse(rows("SELECT * FROM every_row WHERE " + EVALUATED[0]).isEmpty());
  }

  @Test
  void filtersLeftToSparkStillHold() {
    // upper() and the timestamp comparison are not evaluated by the readers; the rest is
    String where = "dns_qname IS NOT NULL AND upper(dns_qname) LIKE 'WWW.%' OR ts < TIMESTAMP '2000-01-01 00:00:00'";
    assertEquals(rows("SELECT * FROM every_row WHERE " + where), rows("SELECT * FROM t WHERE " + where));
    String both = "ip_proto = 17 AND length(dns_qname) > 20";
    List<String> got = run("SELECT src_ip, dns_qname FROM t WHERE " + both);
    // (and the dns_qname IS NOT NULL Spark infers from length(dns_qname) > 20)
    long named = spark().sql("SELECT count(*) FROM every_row WHERE ip_proto = 17 AND dns_qname IS NOT NULL")
        .first().getLong(0);
    assertEquals("scanned " + named, got.get(got.size() - 1), "the readers evaluate ip_proto = 17");
    assertEquals(rows("SELECT src_ip, dns_qname FROM every_row WHERE " + both), got.subList(0, got.size() - 1));
  }

  /** Whether {@code f} keeps a packet whose columns ({@link PacketPredicate#columns}, in order) hold {@code values}. */
  private static boolean keeps(Filter f, Object... values) {
    PacketPredicate p = PacketPredicate.of(f);
    Object[] fields = new Object[values.length];
    for (int i = 0; i < values.length; i++) fields[i] = values[i] instanceof String s ? UTF8String.fromString(s) : values[i];
    return p.test(UnsafeProjection.create(PacketColumn.schemaOf(p.columns())).apply(new GenericInternalRow(fields)));
  }

  /**
   * Spark rewrites NOT over AND/OR (De Morgan) before it pushes filters, so SQL cannot show the
   * three-valued logic under a NOT: the filters are built here.
   */
  @Test
  void threeValuedLogic() {
    Filter eitherPort53OrTtl1 = new Or(new EqualTo("dst_port", 53), new EqualTo("ttl", 1));
    assertFalse(keeps(new Not(eitherPort53OrTtl1), null, 64), "NOT (unknown OR false) is unknown");
    assertTrue(keeps(new Not(eitherPort53OrTtl1), 80, 64));
    assertFalse(keeps(new Not(eitherPort53OrTtl1), null, 1), "NOT (unknown OR true) is false");
    Filter bothPort53AndTtl1 = new And(new EqualTo("dst_port", 53), new EqualTo("ttl", 1));
    assertTrue(keeps(new Not(bothPort53AndTtl1), null, 64), "NOT (unknown AND false) is true");
    assertFalse(keeps(new Not(bothPort53AndTtl1), null, 1), "NOT (unknown AND true) is unknown");
    assertFalse(keeps(new Not(new In("dst_port", new Object[] {53, null})), 80), "NOT IN with a null value");
    assertTrue(keeps(new In("dst_port", new Object[] {53, null}), 53));
    assertTrue(keeps(new Not(new EqualNullSafe("dst_port", 53)), (Object) null), "<=> is never unknown");
    assertFalse(keeps(new EqualNullSafe("dst_port", 53), (Object) null));
    assertTrue(keeps(new EqualNullSafe("dst_port", null), (Object) null));
    assertTrue(keeps(new Not(new IsNull("dns_answers")), new GenericArrayData(new Object[0])));
    assertTrue(keeps(new GreaterThan("dns_response", false), true));
    assertTrue(keeps(new LessThanOrEqual("tcp_seq", 4_000_000_000L), 4_000_000_000L));
    // Spark's string order is that of the UTF-8 bytes: U+FF61 before U+1F600, unlike Java's UTF-16 order
    assertTrue(keeps(new LessThan("dns_qname", "\uD83D\uDE00"), "\uFF61"));
    assertTrue(keeps(new StringEndsWith("dns_qname", ".com"), "a.com"));
    assertFalse(keeps(new StringContains("dns_qname", "xam"), "ex.am"));
    assertTrue(keeps(new StringContains("dns_qname", "xam"), "example"));
  }

  @Test
  void onlyWhatCanBeEvaluatedExactly() {
    assertTrue(PacketPredicate.supports(new Or(new IsNull("vlan_ids"), new In("dst_port", new Object[] {53, null}))));
    assertTrue(PacketPredicate.supports(new StringStartsWith("dns_qname", "www.")));
    assertFalse(PacketPredicate.supports(new GreaterThan("ts", new Timestamp(0))), "timestamps");
    assertFalse(PacketPredicate.supports(new EqualTo("ip_proto", 6L)), "a long for an int column");
    assertFalse(PacketPredicate.supports(new EqualTo("dns_qname", "a\uFFFDb")), "bytes that may not be UTF-8");
    assertFalse(PacketPredicate.supports(new EqualTo("nope", 1)), "unknown column");
    assertFalse(PacketPredicate.supports(new IsNull("dns_answers.name")), "nested field");
    assertFalse(PacketPredicate.supports(new Or(new IsNull("vlan_ids"), new EqualTo("vlan_ids", 1))), "arrays compared");
    PacketPredicate p = PacketPredicate.of(new Filter[] {new EqualTo("ip_proto", 6L), new IsNull("dns_id"),
        new GreaterThan("dst_port", 1000)});
    assertEquals(List.of(PacketColumn.DNS_ID, PacketColumn.DST_PORT), List.of(p.columns()));
  }
}

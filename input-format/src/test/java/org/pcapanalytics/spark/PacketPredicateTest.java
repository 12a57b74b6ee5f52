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
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
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

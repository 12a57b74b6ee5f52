package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GeneratorOptions;
import org.pcapanalytics.io.Captures;
import scala.jdk.javaapi.CollectionConverters;

/**
 * GROUP BY with count/sum/min/max computed by the readers gives exactly what Spark computes from
 * the rows (pushAggregates=false), over several splits, with full group tables emitted early and
 * int sums handed over in parts; the plan says when it is pushed and when not.
 */
class AggregatePushdownTest {
  @TempDir
  static Path tmp;
  static String generated;

  @BeforeAll
  static void capture() throws Exception {
    Path f = tmp.resolve("small.pcap");
    CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(3 << 20).seed(5)
        .mix(GeneratorOptions.Mix.SMALL).build(), f);
    generated = f.toString();
  }

  @AfterEach
  void restore() {
    AggregatingPartitionReader.maxGroups = AggregatingPartitionReader.MAX_GROUPS;
    AggregatingPartitionReader.intSumLimit = Integer.MAX_VALUE;
  }

  private static final String[] QUERIES = {
      "SELECT src_ip, dst_ip, count(*), sum(wirelen), min(ts), max(ts_ns), count(dns_qname), sum(tcp_seq)"
          + " FROM t WHERE src_ip IS NOT NULL GROUP BY src_ip, dst_ip",
      "SELECT count(*), sum(caplen), min(wirelen), max(ttl), count(src_port) FROM t",
      "SELECT ip_proto, dst_port, count(*), avg(payload_len), max(tcp_window) FROM t GROUP BY 1, 2",
      "SELECT dns_qname, count(*) FROM t WHERE dns_qname IS NOT NULL AND ts_ns > 1000000000000000000 GROUP BY 1",
      "SELECT truncated, link_type, sum(ip_len), min(ip_id) FROM t GROUP BY 1, 2",
      // IS NOT NULL on a group column (tested on the key) and on another (tested on each packet)
      "SELECT src_ip, count(*), sum(payload_len) FROM t WHERE src_ip IS NOT NULL AND dst_port IS NOT NULL GROUP BY 1",
      // filters the readers evaluate exactly (PacketPredicate): on group columns, others, both
      "SELECT src_ip, count(*) FROM t WHERE dst_port = 53 GROUP BY src_ip",
      "SELECT ip_proto, count(*), sum(wirelen) FROM t WHERE ip_proto IN (6, 17) AND NOT (src_port = 443) GROUP BY 1",
      "SELECT dst_ip, count(*) FROM t WHERE tcp_flags > 16 OR dns_qname LIKE 'www.%' OR dns_rcode = 3 GROUP BY 1",
      "SELECT dns_response, count(*) FROM t WHERE dns_qname IS NULL OR dns_response GROUP BY 1",
      // no group: one row even where no packet passes (a count of 0, not null), in some splits or all
      "SELECT count(*), sum(wirelen), min(ts_ns), count(src_port) FROM t WHERE src_ip = '203.0.113.77'",
      "SELECT count(*), max(wirelen) FROM t WHERE dns_rcode = 3",
  };

  private static SparkSession spark() {
    return LocalSpark.get();
  }

  private static List<String> rows(String path, boolean push, String query) {
    spark().read().format("pcap").option("splitSize", "256k").option("pushAggregates", String.valueOf(push))
        .load(path).createOrReplaceTempView("t");
    List<String> out = new ArrayList<>();
    for (Row r : spark().sql(query).collectAsList()) out.add(r.toString());
    Collections.sort(out);
    return out;
  }

  private static String plan(String path, String query) {
    spark().read().format("pcap").option("splitSize", "256k").load(path).createOrReplaceTempView("t");
    return spark().sql("EXPLAIN " + query).collectAsList().get(0).getString(0);
  }

  private static void sameResults(String path) {
    for (String q : QUERIES) {
      assertTrue(plan(path, q).contains("PushedAggregation: "), q + "\n" + plan(path, q));
      List<String> expected = rows(path, false, q);
      assertFalse(expected.isEmpty(), q);
      assertEquals(expected, rows(path, true, q), q);
    }
  }

  @Test
  void pushedAggregatesEqualSparksOnAGeneratedCapture() {
    sameResults(generated);
  }

  @Test
  void pushedAggregatesEqualSparksOnRealCaptures() {
    sameResults(Captures.file("mixed_example2.pcap").toString());
  }

  @Test
  void aCountOfNoPacketsIsZero() {
    String q = "SELECT count(*), sum(caplen), min(ts) FROM t";
    assertEquals(List.of("[0,null,null]"), rows(Captures.file("empty_header_only.pcap").toString(), true, q));
    assertTrue(plan(Captures.file("empty_header_only.pcap").toString(), q).contains("PushedAggregation: "));
  }

  @Test
  void fullGroupTablesAndLargeIntSumsAreEmittedAsPartialRows() {
    AggregatingPartitionReader.maxGroups = 7;
    AggregatingPartitionReader.intSumLimit = 5000;
    sameResults(generated);
  }

  @Test
  void otherFiltersKeepTheAggregationInSpark() {
    String q = "SELECT src_ip, count(*) FROM t WHERE dst_port + 1 = 54 OR length(dns_qname) > 20 GROUP BY src_ip";
    String p = plan(generated, q);
    assertFalse(p.contains("PushedAggregation"), p);
    assertEquals(rows(generated, false, q), rows(generated, true, q));
    String distinct = "SELECT count(DISTINCT src_ip) FROM t";
    assertFalse(plan(generated, distinct).contains("PushedAggregation"));
  }

  /** The scan's partitions, as planned for {@code query} over {@code t} read with the default split size. */
  private static int partitions(String path, String query) {
    spark().read().format("pcap").load(path).createOrReplaceTempView("t");
    for (SparkPlan leaf : CollectionConverters.asJava(spark().sql(query).queryExecution().sparkPlan().collectLeaves())) {
      if (leaf instanceof BatchScanExec b) return ((PcapScan) b.scan()).planInputPartitions().length;
    }
    throw new AssertionError("no pcap scan in " + query);
  }

  @Test
  void aggregatingScansReadLargerSplitsByDefault() throws Exception {
    Path f = tmp.resolve("48m.pcap");
    CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(48 << 20).seed(5)
        .mix(GeneratorOptions.Mix.SMALL).build(), f);
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "16m");
    try {
      int plain = partitions(f.toString(), "SELECT src_ip, wirelen FROM t");
      assertTrue(plain >= 3, "48 MiB in splits of at most 16 MiB: " + plain);
      // each split hands Spark one partial row per group: one split per core (local[2])
      assertEquals(2, partitions(f.toString(), "SELECT src_ip, count(*), sum(wirelen) FROM t GROUP BY src_ip"));
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }
}

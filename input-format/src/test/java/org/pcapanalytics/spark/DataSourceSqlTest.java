package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;
import org.pcapanalytics.io.ReadCounter;
import org.pcapanalytics.io.TwoSectionPcapng;
import scala.math.BigInt;

/** The pcap source through SQL: tables, views, pruning and pushdown in the plan, paths, modes, HDFS. */
class DataSourceSqlTest {
  @TempDir
  static Path tmp;

  private static SparkSession spark() {
    return LocalSpark.get();
  }

  private static String plan(String sql) {
    return spark().sql("EXPLAIN " + sql).collectAsList().get(0).getString(0);
  }

  private static Path copies(String dir, String... names) throws Exception {
    Path d = Files.createDirectories(tmp.resolve(dir));
    for (String n : names) Files.copy(Captures.file(n), d.resolve(n));
    return d;
  }

  @Test
  void createTableUsingPcapLocationAndTemporaryView() throws Exception {
    Path d = copies("table", "dns_packets.pcap", "http_espn.pcapng");
    spark().sql("CREATE TABLE captures USING pcap LOCATION '" + d.toUri() + "'");
    try {
      assertEquals(464L + 956L, spark().sql("SELECT count(*) FROM captures").first().getLong(0));
      List<Row> cols = spark().sql("DESCRIBE TABLE captures").collectAsList();
      assertTrue(cols.stream().anyMatch(r -> r.getString(0).equals("dns_qname")), "DESCRIBE lists the columns");
    } finally {
      spark().sql("DROP TABLE captures");
    }
    assertTrue(Files.exists(d.resolve("dns_packets.pcap")), "DROP TABLE leaves the captures alone");
    spark().sql("CREATE TEMPORARY VIEW dns USING pcap OPTIONS (path '" + Captures.file("dns_packets.pcap") + "')");
    assertEquals(176L, spark().sql("SELECT count(DISTINCT dns_qname) FROM dns").first().getLong(0));
  }

  @Test
  void pcapngSectionScanOptionGivesSplitsTheirSection() throws Exception {
    Path f = Files.write(tmp.resolve("two-sections.pcapng"), TwoSectionPcapng.bytes(false));
    Dataset<Row> df = spark().read().format("pcap").option("splitSize", "256k").option("pcapngSectionScan", "true")
        .load(f.toString());
    assertTrue(df.rdd().getNumPartitions() > 20, df.rdd().getNumPartitions() + " partitions");
    Row r = df.groupBy().agg(org.apache.spark.sql.functions.expr("count_if(link_type = 101)"),
        org.apache.spark.sql.functions.expr("count_if(link_type = 1)"),
        org.apache.spark.sql.functions.expr("max(ts_ns)")).first();
    assertEquals(TwoSectionPcapng.PACKETS_B, r.getLong(0));
    assertEquals(TwoSectionPcapng.PACKETS_A, r.getLong(1));
    assertEquals(TwoSectionPcapng.expectedNanos(false, TwoSectionPcapng.PACKETS_A + TwoSectionPcapng.PACKETS_B - 1),
        r.getLong(2));
  }

  @Test
  void pruningAndPushdownShowInThePlan() throws Exception {
    String path = Captures.file("mixed_example2.pcap").toString();
    spark().read().format("pcap").load(path).createOrReplaceTempView("mixed");
    String count = plan("SELECT count(*) FROM mixed");
    assertTrue(count.contains("decode=none"), count);
    String srcIp = plan("SELECT src_ip, sum(wirelen) FROM mixed GROUP BY src_ip");
    assertTrue(srcIp.contains("decode=ip ") && !srcIp.contains("transport"), srcIp);
    String timed = plan("SELECT count(*) FROM mixed WHERE ts >= TIMESTAMP '2015-01-01 00:00:00' AND ts_ns < 1500000000000000000");
    assertTrue(timed.contains("PushedFilters: [") && timed.contains("GreaterThanOrEqual(ts") && timed.contains("TimeRange"), timed);

    // The pushed window selects exactly the rows a plain filter over all rows selects.
    long from = Timestamp.valueOf("2015-01-03 10:00:00").getTime() * 1_000_000L;
    long expected = 0;
    for (var g : GoldenCsv.of("mixed_example2.pcap").rows()) {
      if (GoldenCsv.epochNanos(g.get("frame.time_epoch")) >= from) expected++;
    }
    long pushed = spark().sql("SELECT count(*) FROM mixed WHERE ts >= TIMESTAMP '2015-01-03 10:00:00'").first().getLong(0);
    assertEquals(expected, pushed);
    long exactNs = spark().sql("SELECT count(*) FROM mixed WHERE ts_ns >= " + from).first().getLong(0);
    assertEquals(expected, exactNs);
  }

  @Test
  void theScansSizeForSparksPlannerIsTheCaptureBytes() throws Exception {
    Path d = copies("sizes", "dns_packets.pcap", "http_espn.pcapng");
    long bytes = Files.size(d.resolve("dns_packets.pcap")) + Files.size(d.resolve("http_espn.pcapng"));
    assertEquals(BigInt.apply(bytes),
        spark().read().format("pcap").load(d.toString()).queryExecution().optimizedPlan().stats().sizeInBytes());
  }

  @Test
  void directoriesGlobsAndRecursiveLookup() throws Exception {
    Path d = copies("paths", "dns_packets.pcap", "null_loopback.pcap", "http_espn.pcapng");
    Path sub = copies("paths/sub", "tcp_refused_connection.pcapng");
    Files.writeString(d.resolve("_SUCCESS"), "");
    Files.writeString(d.resolve("notes.txt"), "not a capture");
    long all = spark().read().format("pcap").option("pathGlobFilter", "*.pcap*").load(d.toString()).count();
    assertEquals(464 + 3 + 956, all);
    assertEquals(464 + 3, spark().read().format("pcap").load(d + "/*.pcap").count());
    assertEquals(464 + 3 + 956 + 2, spark().read().format("pcap").option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.pcap*").load(d.toString()).count());
    assertEquals(2, spark().read().format("pcap").load(sub.toString()).count());
    Exception e = assertThrows(Exception.class, () -> spark().read().format("pcap").load(d.toString()).count());
    assertTrue(String.valueOf(rootMessage(e)).contains("notes.txt"), rootMessage(e));
    assertEquals(464 + 3 + 956, spark().read().format("pcap").option("ignoreCorruptFiles", "true").load(d.toString()).count());
  }

  @Test
  void modesAndReadStats() throws Exception {
    String corrupt = Captures.file("tls_sni_corrupt_record10_header.pcap").toString();
    Dataset<Row> counted = spark().read().format("pcap").load(corrupt).groupBy().count();
    assertEquals(43L, counted.collectAsList().get(0).getLong(0), "PERMISSIVE skips the damaged record and resynchronises");
    PcapReadStats stats = PcapReadStats.of(counted);
    assertEquals(1, stats.get(ReadCounter.RESYNCS), stats.toString());
    assertEquals(76, stats.get(ReadCounter.SKIPPED_BYTES), stats.toString());
    Exception e = assertThrows(Exception.class,
        () -> spark().read().format("pcap").option("mode", "FAILFAST").load(corrupt).count());
    assertTrue(rootMessage(e).contains("offset 2321") && rootMessage(e).contains("tls_sni_corrupt_record10_header"), rootMessage(e));

    // no DNS in this capture: adaptive execution replaces what the empty stage fed by an empty
    // relation, and the scan that ran is found in the stage it kept
    Dataset<Row> none = spark().read().format("pcap").load(corrupt).where("dns_qname IS NOT NULL")
        .groupBy("dns_qname").count().orderBy("count");
    assertEquals(0, none.collectAsList().size());
    assertTrue(none.queryExecution().executedPlan().toString().contains("EmptyRelation"),
        none.queryExecution().executedPlan().toString());
    PcapReadStats emptyStage = PcapReadStats.of(none);
    assertEquals(43, emptyStage.get(ReadCounter.RECORDS), emptyStage.toString());
    assertEquals(76, emptyStage.get(ReadCounter.SKIPPED_BYTES), emptyStage.toString());

    // A frame with a broken IPv4 header: a row with decode_error, or no row with DROPMALFORMED.
    byte[] frame = new byte[34];
    frame[12] = 0x08;
    frame[14] = 0x43; // version 4, header length 3 words: impossible
    Path f = tmp.resolve("bad-ip.pcap");
    Files.write(f, org.pcapanalytics.io.TestCaptures.pcap(frame, new byte[60]));
    Dataset<Row> permissive = spark().read().format("pcap").load(f.toString());
    assertEquals(1, permissive.where("decode_error IS NOT NULL").count());
    assertEquals(2, permissive.count());
    assertEquals(1, spark().read().format("pcap").option("mode", "DROPMALFORMED").load(f.toString()).count());
  }

  @Test
  void readStatsAreExactOverManySplitsAndErrorsMidScan() throws Exception {
    // 250 good frames, then a broken IPv4 header every 7th frame of the next 750: the counters change
    // between Spark's metric requests (every 100 rows) and only the changed ones are handed over
    byte[] good = new byte[60];
    good[12] = 0x08;
    good[14] = 0x45;
    byte[] bad = good.clone();
    bad[14] = 0x43; // version 4, header length 3 words: impossible
    byte[][] frames = new byte[1000][];
    int broken = 0;
    for (int i = 0; i < frames.length; i++) {
      boolean b = i >= 250 && i % 7 == 0;
      if (b) broken++;
      frames[i] = b ? bad : good;
    }
    Path f = tmp.resolve("errors-mid-scan.pcap");
    Files.write(f, org.pcapanalytics.io.TestCaptures.pcap(frames));
    for (String mode : new String[] {"PERMISSIVE", "DROPMALFORMED"}) {
      // not pushed down: every row passes through Spark's row loop, which asks for the metrics
      Dataset<Row> counted = spark().read().format("pcap").option("mode", mode).option("splitSize", "16k")
          .option("pushAggregates", "false").load(f.toString()).selectExpr("count(*)", "count(decode_error)");
      Row r = counted.collectAsList().get(0);
      long rows = r.getLong(0);
      PcapReadStats stats = PcapReadStats.of(counted);
      assertTrue(stats.scans() >= 1);
      assertEquals(1000, stats.get(ReadCounter.RECORDS), mode + ": " + stats);
      assertEquals(broken, stats.get(ReadCounter.DECODE_ERRORS), mode + ": " + stats);
      boolean drop = mode.equals("DROPMALFORMED");
      assertEquals(drop ? broken : 0, stats.get(ReadCounter.DROPPED_MALFORMED_ROWS), mode + ": " + stats);
      assertEquals(drop ? 1000 - broken : 1000, rows, mode);
      assertEquals(drop ? 0 : broken, r.getLong(1), mode);
    }
  }

  @Test
  void hdfsInputMatchesLocal() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    conf.setLong("dfs.blocksize", 1 << 20);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      byte[] data = Files.readAllBytes(Captures.file("mixed_example2.pcap"));
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("/caps/mixed.pcap"))) {
        out.write(data);
      }
      String uri = fs.getUri() + "/caps/mixed.pcap";
      Dataset<Row> remote = spark().read().format("pcap").option("splitSize", "1m").load(uri);
      assertTrue(remote.rdd().getNumPartitions() >= 2, "one partition per block");
      List<Row> viaHdfs = remote.selectExpr("offset", "src_ip", "wirelen").orderBy("offset").collectAsList();
      List<Row> local = spark().read().format("pcap").load(Captures.file("mixed_example2.pcap").toString())
          .selectExpr("offset", "src_ip", "wirelen").orderBy("offset").collectAsList();
      assertEquals(local, viaHdfs);
    } finally {
      cluster.shutdown();
    }
  }

  static String rootMessage(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append(" | ");
    return sb.toString();
  }
}

package org.pcapanalytics.conn;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.conn.JobsTests.countBy;
import static org.pcapanalytics.conn.JobsTests.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.generate.GenerationSummary;

/** Connections of a generated capture against what the generator knows it wrote. */
class ConnectionsGeneratedTest {
  static Path dir;
  static Path capture;
  static GenerationSummary summary;
  static Dataset<Row> connections;

  @BeforeAll
  static void generate() {
    GeneratedCapture g = GeneratedCapture.get();
    dir = g.dir;
    capture = g.file;
    summary = g.summary;
    connections = g.contract();
  }

  @Test
  void theAssemblyHasMorePartitionsOnlyForLargeInputs() {
    // the generated capture is small: Spark's shuffle partitions
    Dataset<Row> packets = JobsTests.spark().read().format("pcap").load(capture.toString());
    int shuffle = JobsTests.spark().sessionState().conf().numShufflePartitions();
    assertEquals(shuffle, Connections.partitions(packets));
    // 1 GiB on 2 cores: 4 as before; 10 GiB: one per 512 MiB, a multiple of the cores; not known: 4
    assertEquals(4, Connections.partitions(1_073_744_051L, 4, 2));
    assertEquals(22, Connections.partitions(10_737_420_533L, 4, 2));
    assertEquals(24, Connections.partitions(10_737_420_533L, 4, 8));
    assertEquals(4, Connections.partitions(-1, 4, 2));
  }

  @Test
  void tcpStatesAreWhatTheGeneratorWrote() {
    Map<String, Long> expected = new TreeMap<>();
    summary.tcpConnStates().forEach((k, v) -> {
      if (v > 0) expected.put(k, v);
    });
    assertTrue(expected.size() >= 4, expected.toString());
    System.out.println("ConnectionsGeneratedTest: TCP connections by state " + expected + ", " + connections.count()
        + " connections, " + summary.records() + " packets");
    assertEquals(expected, countBy(connections.where("proto = 'tcp'"), "conn_state"));
  }

  @Test
  void udpAndIcmpEchoFlows() {
    // every UDP flow starts with the client's datagram; DNS ones are answered (SF), probes of closed
    // ports and fragmented datagrams to the discard port are not (S0)
    long udp = summary.count(GenerationSummary.Counter.UDP_FLOWS);
    assertEquals(udp, connections.where("proto = 'udp'").count());
    assertEquals(summary.count(GenerationSummary.Counter.DNS_TRANSACTIONS),
        connections.where("proto = 'udp' AND conn_state = 'SF' AND service = 'dns'").count());
    assertEquals(udp - summary.count(GenerationSummary.Counter.DNS_TRANSACTIONS),
        connections.where("proto = 'udp' AND conn_state = 'S0'").count());
    // pings of 1 to 4 echo requests a second apart are one connection each; the number of
    // exchanges is the sum of their replies
    long exchanges = summary.count(GenerationSummary.Counter.ICMP_ECHO_EXCHANGES)
        + summary.count(GenerationSummary.Counter.ICMPV6_ECHO_EXCHANGES);
    Row pings = connections.where("proto = 'icmp' AND orig_port IN (8, 128)")
        .selectExpr("sum(orig_pkts)", "sum(resp_pkts)").first();
    assertEquals(exchanges, pings.getLong(0));
    assertEquals(exchanges, pings.getLong(1));
  }

  @Test
  void connectionStartsPerHourOfWeek() {
    // the generator counts TCP connections, UDP flows and pings by the hour of week of their first packet
    long[] ours = new long[168];
    List<Row> rows = connections.where("NOT (proto = 'icmp' AND orig_port NOT IN (8, 128))")
        .selectExpr("CAST((unix_seconds(start_ts) - 345600) DIV 3600 % 168 AS INT) AS how")
        .groupBy("how").count().collectAsList();
    for (Row r : rows) ours[r.getInt(0)] = r.getLong(1);
    assertArrayEquals(summary.connectionStartsByHourOfWeek(), ours);
  }

  @Test
  void aConnectionSplitAcrossTwoFilesIsOneRow() throws IOException {
    Path a = dir.resolve("part-a.pcap");
    Path b = dir.resolve("part-b.pcap");
    int moved = splitPcap(capture, a, b);
    assertTrue(moved > 1000);
    Dataset<Row> split = Connections.fromPackets(spark().read().format("pcap").load(a.toString(), b.toString()),
        Config.defaults());
    assertSameRows(connections, split);
  }

  @Test
  void manySplitsGiveTheSameConnections() {
    Dataset<Row> packets = spark().read().format("pcap").option("splitSize", "64k").load(capture.toString());
    assertTrue(packets.rdd().getNumPartitions() > 40, "splits: " + packets.rdd().getNumPartitions());
    assertSameRows(connections, Connections.fromPackets(packets, Config.defaults()));
  }

  @Test
  void groupsThatShareAHashStayApart() {
    // the capture twice, the copy on VLAN 7: the same flows at the same instants in other groups
    Dataset<Row> packets = GeneratedCapture.get().packets;
    Dataset<Row> both = packets.unionByName(packets.withColumn("vlan_ids", array(lit(7))));
    Dataset<Row> expected = Connections.fromPackets(both, Config.defaults());
    assertEquals(2 * connections.count(), expected.count());
    // every packet under one group hash, in time order: the pass must still keep the groups apart
    Dataset<Row> in = Connections.input(both).withColumn("_group", lit(42L))
        .repartition(1).sortWithinPartitions("_group", "ts_ns", "_file", "_offset");
    Dataset<Row> assembled = in.mapPartitions(new Connections.Assemble(Config.defaults(), JobsTests.spark().sparkContext().longAccumulator()),
        Encoders.row(Connections.ASSEMBLED));
    assertSameRows(expected, Connections.contract(Connections.columns(assembled)));
  }

  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    Map<String, String> e = byUid(expected);
    Map<String, String> a = byUid(actual);
    assertEquals(e.size(), a.size());
    List<String> diff = new ArrayList<>();
    for (Map.Entry<String, String> x : e.entrySet()) {
      if (!x.getValue().equals(a.get(x.getKey()))) diff.add(x.getValue() + " vs " + a.get(x.getKey()));
    }
    assertEquals(List.of(), diff.subList(0, Math.min(5, diff.size())));
  }

  private static Map<String, String> byUid(Dataset<Row> c) {
    Map<String, String> m = new HashMap<>();
    for (Row r : c.collectAsList()) m.put(r.getString(0), r.toString());
    return m;
  }

  /**
   * Copies the records of a little-endian classic pcap into two files with the same header: the
   * first half of the records, then the rest. Returns the number of records in the second file.
   */
  static int splitPcap(Path in, Path first, Path second) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(in)).order(ByteOrder.LITTLE_ENDIAN);
    List<int[]> records = new ArrayList<>();
    int pos = 24;
    while (pos + 16 <= b.limit()) {
      int incl = b.getInt(pos + 8);
      records.add(new int[] {pos, 16 + incl});
      pos += 16 + incl;
    }
    int half = records.size() / 2;
    byte[] all = b.array();
    Map<Path, int[]> parts = new LinkedHashMap<>();
    parts.put(first, new int[] {0, half});
    parts.put(second, new int[] {half, records.size()});
    for (Map.Entry<Path, int[]> part : parts.entrySet()) {
      int from = records.get(part.getValue()[0])[0];
      int[] last = records.get(part.getValue()[1] - 1);
      int to = last[0] + last[1];
      byte[] out = new byte[24 + to - from];
      System.arraycopy(all, 0, out, 0, 24);
      System.arraycopy(all, from, out, 24, to - from);
      Files.write(part.getKey(), out);
    }
    return records.size() - half;
  }
}

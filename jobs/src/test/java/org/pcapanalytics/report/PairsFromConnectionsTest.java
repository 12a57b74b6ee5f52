package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.conn.GeneratedCapture;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;

/**
 * The top talkers' and conversations' pairs from the connections ({@link
 * TopTalkersReport#directedPairsOf}) equal those from the packets when the assembly left no packet
 * with both addresses out, and the assembly counts exactly the packets it leaves out: on every
 * shared capture (fragments, ICMP errors, tunnels, VLANs, IPv6, pcapng simple packet blocks without
 * time stamps) in 256 KiB splits, and on a generated capture in 64 KiB splits.
 */
class PairsFromConnectionsTest {
  /** Every capture of the shared corpus (not the golden files' directories), each address prefixed with its file. */
  private static Dataset<Row> corpus() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.list(Captures.dir())) {
      files = s.filter(Files::isRegularFile).map(Path::toString)
          .filter(f -> f.matches(".*\\.(pcap|pcapng|cap)(\\.gz|\\.bz2|\\.zst)?$")).sorted().toList();
    }
    assertTrue(files.size() > 20, files.toString());
    return JobsTests.spark().read().format("pcap").option("splitSize", "256k").load(files.toArray(new String[0]))
        .withColumn("src_ip", concat(col("file"), lit(" "), col("src_ip")))
        .withColumn("dst_ip", concat(col("file"), lit(" "), col("dst_ip")));
  }

  /** The pairs with the conversations' view of time (first and last per address pair), as sorted text. */
  private static List<String> pairs(Dataset<Row> pairs) {
    return pairs.selectExpr("src_ip", "dst_ip", "frames", "bytes",
            "min(first_ns) OVER (PARTITION BY least(src_ip, dst_ip), greatest(src_ip, dst_ip)) AS first_ns",
            "max(last_ns) OVER (PARTITION BY least(src_ip, dst_ip), greatest(src_ip, dst_ip)) AS last_ns")
        .selectExpr("concat_ws(' ', src_ip, dst_ip, frames, bytes, first_ns, last_ns)")
        .as(Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  private static void check(Dataset<Row> packets, long leftOut) {
    Connections.Assembly a = Connections.assemble(packets, Config.defaults());
    Dataset<Row> connections = a.detailed().cache();
    try {
      connections.count();
      assertEquals(leftOut, a.leftOut().value(), "packets with both addresses left out");
      if (leftOut == 0) {
        List<String> expected = pairs(TopTalkersReport.directedPairs(packets));
        assertTrue(expected.size() > 10, expected.toString());
        assertEquals(expected, pairs(TopTalkersReport.directedPairsOf(connections)));
      }
    } finally {
      connections.unpersist();
    }
  }

  @Test
  void corpus_pairsAndLeftOut() throws IOException {
    Dataset<Row> packets = corpus();
    long untimed = packets.where("src_ip IS NOT NULL AND dst_ip IS NOT NULL AND (ts_ns IS NULL OR ip_proto IS NULL)")
        .count();
    assertTrue(untimed > 0, "the corpus has simple packet blocks with addresses and no time stamp");
    check(packets, untimed);
    // without them, every packet with both addresses is in a connection: the pairs are the packets'
    check(packets.where("ts_ns IS NOT NULL"), 0);
  }

  @Test
  void generated_pairs() {
    Dataset<Row> packets = JobsTests.spark().read().format("pcap").option("splitSize", "64k")
        .load(GeneratedCapture.get().file.toString());
    check(packets, 0);
  }
}

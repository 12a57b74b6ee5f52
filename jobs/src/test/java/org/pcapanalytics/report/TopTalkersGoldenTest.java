package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.conn.JobsTests.packets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * {@code top-talkers} bytes and packets per address equal tshark's: per address sums of the
 * {@code -z conv,ip} and {@code -z conv,ipv6} tables in the golden {@code *.conv.txt} files
 * (frames exactly; bytes exactly where tshark prints bytes, within its rounding where it prints
 * kB or MB), and exactly the frame lengths of the golden per-frame CSV.
 */
class TopTalkersGoldenTest {
  /** Per address: frames sent, frames received, and [min, max] bytes sent and received. */
  static final class Expected {
    long framesSent;
    long framesReceived;
    long bytesSentMin;
    long bytesSentMax;
    long bytesReceivedMin;
    long bytesReceivedMax;
  }

  /** Parses the conversation tables of a golden conv file into per-address figures. */
  static Map<String, Expected> conv(String capture) throws IOException {
    List<String> lines = Files.readAllLines(Captures.dir().resolve("golden").resolve(capture + ".conv.txt"),
        StandardCharsets.UTF_8);
    Map<String, Expected> m = new TreeMap<>();
    for (String line : lines) {
      if (!line.contains(" <-> ")) continue;
      String[] t = line.trim().split("\\s+");
      // A <-> B  framesB->A bytes unit  framesA->B bytes unit  total... start duration
      String a = t[0];
      String b = t[2];
      long fBA = Long.parseLong(t[3]);
      long[] bBA = bytes(t[4], t[5]);
      long fAB = Long.parseLong(t[6]);
      long[] bAB = bytes(t[7], t[8]);
      Expected ea = m.computeIfAbsent(a, k -> new Expected());
      Expected eb = m.computeIfAbsent(b, k -> new Expected());
      ea.framesSent += fAB;
      ea.bytesSentMin += bAB[0];
      ea.bytesSentMax += bAB[1];
      ea.framesReceived += fBA;
      ea.bytesReceivedMin += bBA[0];
      ea.bytesReceivedMax += bBA[1];
      eb.framesSent += fBA;
      eb.bytesSentMin += bBA[0];
      eb.bytesSentMax += bBA[1];
      eb.framesReceived += fAB;
      eb.bytesReceivedMin += bAB[0];
      eb.bytesReceivedMax += bAB[1];
    }
    return m;
  }

  /** tshark 4.0 prints sizes of 10000 and more in SI units, truncated: "518 kB" is 518000..518999. */
  private static long[] bytes(String value, String unit) {
    long v = Long.parseLong(value);
    long mult = switch (unit) {
      case "bytes" -> 1;
      case "kB" -> 1000;
      case "MB" -> 1000_000;
      case "GB" -> 1000_000_000L;
      default -> throw new IllegalArgumentException(unit);
    };
    return new long[] {v * mult, v * mult + mult - 1};
  }

  /** Exact frame bytes per address from the golden per-frame CSV (outermost IP header). */
  static Map<String, long[]> csvBytes(String capture) throws IOException {
    Map<String, long[]> m = new HashMap<>();
    for (Map<String, String> g : GoldenCsv.of(capture).rows()) {
      String src = g.get("ip.src").isEmpty() ? g.get("ipv6.src") : g.get("ip.src");
      String dst = g.get("ip.dst").isEmpty() ? g.get("ipv6.dst") : g.get("ip.dst");
      if (src.isEmpty()) continue;
      long len = Long.parseLong(g.get("frame.len"));
      m.computeIfAbsent(src, k -> new long[2])[0] += len;
      m.computeIfAbsent(dst, k -> new long[2])[1] += len;
    }
    return m;
  }

  private static final List<String> CAPTURES = List.of("mixed_example2.pcap", "tls_sni_many.pcap",
      "dns_packets.pcap", "icmp_traceroute.pcapng", "sll_mixed.pcap.gz", "tcp_synscan.pcapng", "ipv4_fragments.pcap",
      "http_espn.pcapng", "vlan_qinq_icmp.pcap", "tcp_refused_connection.pcapng");

  @Test
  void bytesAndPacketsPerAddressEqualTshark() throws IOException {
    // All captures in one query: each address is prefixed with its file, so they stay apart.
    Dataset<Row> packets = packets(CAPTURES.toArray(new String[0]))
        .withColumn("src_ip", concat(col("file"), lit(" "), col("src_ip")))
        .withColumn("dst_ip", concat(col("file"), lit(" "), col("dst_ip")));
    Dataset<Row> connections = Connections.detailed(packets, Config.defaults()).cache();
    // the pairs from the packets, and from the connections as report runs take them
    check(TopTalkersReport.topTalkers(TopTalkersReport.directedPairs(packets), connections, 0));
    check(TopTalkersReport.topTalkers(TopTalkersReport.directedPairsOf(connections), connections, 0));
    connections.unpersist();
  }

  private static void check(Dataset<Row> talkers) throws IOException {
    Map<String, List<Row>> byCapture = new TreeMap<>();
    long previous = Long.MAX_VALUE;
    for (Row r : talkers.collectAsList()) {
      long total = r.getAs("bytes_total");
      assertTrue(total <= previous, "by bytes_total descending");
      previous = total;
      String file = ((String) r.getAs("ip")).split(" ")[0];
      byCapture.computeIfAbsent(file.substring(file.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(r);
    }
    assertEquals(CAPTURES.size(), byCapture.size());
    for (String capture : CAPTURES) check(capture, byCapture.get(capture));

    // the refused connection: one connection, one peer each
    for (Row r : byCapture.get("tcp_refused_connection.pcapng")) {
      assertEquals(1L, (long) r.getAs("connections"));
      assertEquals(1L, (long) r.getAs("peers"));
    }
  }

  private static void check(String capture, List<Row> rows) throws IOException {
    Map<String, Expected> conv = conv(capture);
    Map<String, long[]> exact = csvBytes(capture);
    assertEquals(conv.size(), rows.size(), capture + ": addresses");
    List<String> problems = new ArrayList<>();
    for (Row r : rows) {
      String ip = ((String) r.getAs("ip")).split(" ")[1];
      long sent = r.getAs("bytes_sent");
      long received = r.getAs("bytes_received");
      assertEquals(sent + received, (long) r.getAs("bytes_total"));
      Expected e = conv.get(ip);
      if (e == null) {
        problems.add(ip + " not in tshark's tables");
        continue;
      }
      if ((long) r.getAs("packets_sent") != e.framesSent || (long) r.getAs("packets_received") != e.framesReceived) {
        problems.add(ip + " frames " + r.getAs("packets_sent") + "/" + r.getAs("packets_received") + " vs "
            + e.framesSent + "/" + e.framesReceived);
      }
      if (sent < e.bytesSentMin || sent > e.bytesSentMax || received < e.bytesReceivedMin
          || received > e.bytesReceivedMax) {
        problems.add(ip + " bytes " + sent + "/" + received + " outside tshark's " + e.bytesSentMin + ".."
            + e.bytesSentMax + "/" + e.bytesReceivedMin + ".." + e.bytesReceivedMax);
      }
      long[] x = exact.get(ip);
      if (x == null || x[0] != sent || x[1] != received) {
        problems.add(ip + " bytes " + sent + "/" + received + " vs golden frames " + (x == null ? "none"
            : x[0] + "/" + x[1]));
      }
      assertTrue((long) r.getAs("peers") >= 1);
    }
    assertEquals(List.of(), problems, capture);
  }
}

package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * The watch list end to end on http_espn: exact-and-below entries, below-only ("*.") entries and
 * a CIDR, matched in DNS questions, HTTP Host headers and connection endpoints.
 */
class WatchlistTest {
  static final String CONFIG = """
      { "watchlist": { "domains": ["espn.go.com", "*.espncdn.com", "masters.com"],
                       "addresses": ["63.85.36.0/24"] } }
      """;

  @Test
  void suffixesAndNetworks() throws IOException {
    Config config = Config.fromJson(CONFIG);
    Dataset<Row> packets = JobsTests.packets("http_espn.pcapng");
    Dataset<Row> w = WatchlistReport.watchlist(packets, packets, Connections.detailed(packets, config), config).cache();

    // DNS questions: espn.go.com and five names below it (not log.go.com, w88.go.com), three
    // names below espncdn.com (the entry does not match espncdn.com itself), www.masters.com
    Map<String, Long> dns = sums(w.where("source = 'dns'"), "indicator");
    assertEquals(Map.of("espn.go.com", 6L, "*.espncdn.com", 3L, "masters.com", 1L), dns);
    assertEquals(0, w.where("value LIKE '%log.go.com' OR value LIKE '%w88.go.com'").count());
    assertEquals(Map.of("172.16.0.122", 10L), sums(w.where("source = 'dns'"), "client_ip"));
    assertEquals(Map.of("4.2.2.1", 10L), sums(w.where("source = 'dns'"), "server_ip"));

    // HTTP Host: connections whose (first) Host matches, per indicator, from the golden frames
    Map<String, Long> expectedHttp = new TreeMap<>();
    Map<String, String> hostOfFlow = new HashMap<>();
    Map<String, Long> connectionsTo6385 = new TreeMap<>();
    for (Map<String, String> g : GoldenCsv.of("http_espn.pcapng").rows()) {
      if (g.get("tcp.srcport").isEmpty()) continue;
      String flow = g.get("ip.src").equals("172.16.0.122") ? g.get("tcp.srcport") : g.get("tcp.dstport");
      if (!g.get("http.host").isEmpty()) hostOfFlow.putIfAbsent(flow, g.get("http.host"));
      String server = g.get("ip.src").equals("172.16.0.122") ? g.get("ip.dst") : g.get("ip.src");
      if (server.startsWith("63.85.36.")) connectionsTo6385.put(flow, 1L);
    }
    for (String host : hostOfFlow.values()) {
      String m = config.watchlist().matchDomain(host);
      if (m != null) expectedHttp.merge(m, 1L, Long::sum);
    }
    assertTrue(expectedHttp.get("*.espncdn.com") >= 3, expectedHttp.toString());
    assertEquals(expectedHttp, sums(w.where("source = 'http_host'"), "indicator"));

    // endpoints in 63.85.36.0/24 (www.masters.com, adsatt.espn.go.com, games-ak.espn.go.com)
    assertEquals(Map.of("63.85.36.0/24", (long) connectionsTo6385.size()),
        sums(w.where("source = 'resp_ip'"), "indicator"));
    assertEquals(0, w.where("source = 'orig_ip'").count());
    Row bytes = w.where("source = 'resp_ip'").selectExpr("sum(bytes_out)", "sum(bytes_in)", "min(size(uids))").first();
    assertTrue(bytes.getLong(0) > 0 && bytes.getLong(1) > bytes.getLong(0), bytes.toString());
    assertEquals(1, bytes.getInt(2));
    assertEquals(List.of(WatchlistReport.SCHEMA.fieldNames()), List.of(w.columns()));
    w.unpersist();
  }

  /** JA4 entries against the fingerprint authors' expected values: every hello with it, per server. */
  @Test
  void ja4FingerprintsMatchTheHellosThatCarryThem() throws IOException {
    String fp = "t13d1516h2_8daaf6152771_e5627efa2ab1";
    Map<String, Long> expected = new TreeMap<>();
    for (String line : java.nio.file.Files.readAllLines(Captures.file("ja4/expected_ja4.csv"))) {
      String[] f = line.split(",", 10);
      if (f[0].equals("tls-handshake.pcapng") && f[8].equals(fp)) expected.merge(f[2] + ">" + f[3], 1L, Long::sum);
    }
    assertTrue(expected.size() > 3, expected.toString());
    Config config = Config.fromJson("{\"watchlist\": {\"ja4\": [\"" + fp.toUpperCase(java.util.Locale.ROOT) + "\"]}}");
    Dataset<Row> packets = JobsTests.packets("ja4/tls-handshake.pcapng");
    Dataset<Row> w = WatchlistReport.watchlist(packets, packets, Connections.detailed(packets, config), config);
    Map<String, Long> seen = new TreeMap<>();
    for (Row r : w.collectAsList()) {
      assertEquals(fp, r.getAs("indicator"));
      assertEquals("ja4", r.getAs("indicator_type"));
      assertEquals("tls_ja4", r.getAs("source"));
      seen.merge(r.getAs("client_ip") + ">" + r.getAs("server_ip"), r.<Long>getAs("events"), Long::sum);
    }
    assertEquals(expected, seen);
  }

  @Test
  void emptyWatchListGivesAnEmptyReport() {
    Dataset<Row> packets = JobsTests.packets("tcp_refused_connection.pcapng");
    Dataset<Row> w = WatchlistReport.watchlist(packets, packets, Connections.detailed(packets, Config.defaults()),
        Config.defaults());
    assertEquals(0, w.count());
    assertEquals(List.of(WatchlistReport.SCHEMA.fieldNames()), List.of(w.columns()));
  }

  private static Map<String, Long> sums(Dataset<Row> df, String key) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : df.groupBy(key).sum("events").collectAsList()) m.put(r.getString(0), r.getLong(1));
    return m;
  }
}

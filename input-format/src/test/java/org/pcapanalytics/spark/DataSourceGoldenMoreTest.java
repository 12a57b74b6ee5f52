package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.decode.GoldenMoreTest;
import org.pcapanalytics.decode.TsharkMoreFields;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * The issue-17 columns read through {@code spark.read.format("pcap")} against tshark's golden-more
 * values frame by frame on every shared capture (the corpus, {@code ja4/}, {@code community-id/}),
 * as {@link GoldenMoreTest} does for the decoder: the readers' own hello reassembly included (QUIC
 * servers' hellos). {@code tls_ja4} against every row of the JA4 authors' {@code expected_ja4.csv},
 * and the 11 QUIC hellos of {@code quic_sni.pcap} against suricata-verify's expected fingerprint.
 */
class DataSourceGoldenMoreTest {
  /** capture/column → why we differ from tshark there (only there). */
  static final Map<String, String> EXPECTED_DIFFERENCES = Map.of(
      "mixed_example2.pcap/http_content_type",
      "frames 1051 and 1060 start inside a response's headers: tshark takes their lines for headers, we read headers"
          + " only after a request or status line (see GoldenMoreTest)");

  private static final Map<String, long[]> AGREEMENT = new TreeMap<>();
  private static final Map<String, Integer> SEEN_DIFFERENCES = new HashMap<>();

  static List<String> captures() {
    return GoldenMoreTest.captures();
  }

  /** Column (as selected) → the value tshark's golden-more row says it must have ("" for null). */
  static Map<String, Function<Map<String, String>, String>> columns() {
    Map<String, Function<Map<String, String>, String>> m = new LinkedHashMap<>();
    m.put("tls_version", DataSourceGoldenMoreTest::version);
    m.put("array_join(tls_alpn, '|')", g -> g.get("tls.handshake.extensions_alpn_str"));
    m.put("tls_ja3", g -> g.get("tls.handshake.ja3"));
    m.put("tls_ja3s", g -> g.get("tls.handshake.ja3s"));
    m.put("dns_answer_count", g -> g.get("dns.count.answers"));
    m.put("array_join(transform(filter(dns_answers, a -> a.type != 33), a -> a.name), '|')",
        g -> TsharkMoreFields.answerData(g, "dns.resp.name", null));
    m.put("array_join(transform(dns_answers, a -> a.type), '|')", g -> TsharkMoreFields.answersPart(g, "dns.resp.type"));
    m.put("array_join(transform(dns_answers, a -> a.ttl), '|')", g -> TsharkMoreFields.answersPart(g, "dns.resp.ttl"));
    m.put("array_join(transform(filter(dns_answers, a -> a.type = 1), a -> a.data), '|')",
        g -> TsharkMoreFields.answerData(g, "dns.a", "1"));
    m.put("array_join(transform(filter(dns_answers, a -> a.type = 28), a -> a.data), '|')",
        g -> TsharkMoreFields.answerData(g, "dns.aaaa", "28"));
    m.put("array_join(transform(filter(dns_answers, a -> a.type = 5), a -> a.data), '|')",
        g -> TsharkMoreFields.answerData(g, "dns.cname", "5"));
    m.put("http_status", g -> g.get("http.response.code"));
    m.put("http_user_agent", g -> g.get("http.user_agent"));
    m.put("http_content_type", g -> g.get("http.content_type"));
    return m;
  }

  /** tshark names a hello's version by supported_versions (its highest non-GREASE), else legacy_version. */
  static String version(Map<String, String> g) {
    String type = TsharkMoreFields.helloType(g.get("tls.handshake.type"));
    if (type.isEmpty()) return "";
    int best = -1;
    for (String v : g.get("tls.handshake.extensions.supported_version").split("\\|")) {
      if (v.isEmpty()) continue;
      int x = Integer.parseInt(v.substring(2), 16);
      if ((x & 0x0F0F) != 0x0A0A || (x >> 8) != (x & 0xFF)) best = Math.max(best, x);
    }
    if (best < 0) best = Integer.parseInt(g.get("tls.handshake.version").substring(2), 16);
    return best >= 0x0300 && best <= 0x0304 ? (best == 0x0300 ? "SSL 3.0" : "TLS 1." + (best - 0x0301))
        : String.format("0x%04x", best);
  }

  @ParameterizedTest
  @MethodSource("captures")
  void columnsMatchTshark(String name) throws Exception {
    Map<String, Function<Map<String, String>, String>> cols = columns();
    List<Row> rows = LocalSpark.get().read().format("pcap").load(Captures.file(name).toString())
        .selectExpr(cols.keySet().toArray(new String[0])).collectAsList();
    List<Map<String, String>> golden = new ArrayList<>(GoldenCsv.more(name).rows());
    if (GoldenCsv.exists(name)) { // pcapng custom blocks are frames for tshark only (GoldenFramingTest)
      List<Map<String, String>> g = GoldenCsv.of(name).rows();
      for (int i = g.size() - 1; i >= 0; i--) {
        boolean pcapng = name.endsWith(".pcapng") || name.equals("ipv6_ext_headers_pcapng_content.pcap");
        if (pcapng && g.get(i).get("frame.time_epoch").isEmpty() && g.get(i).get("frame.interface_id").isEmpty()) {
          golden.remove(i);
        }
      }
    }
    assertTrue(rows.size() >= golden.size(), name + ": " + rows.size() + " rows, tshark " + golden.size());
    List<String> names = new ArrayList<>(cols.keySet());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < golden.size(); i++) {
      for (int c = 0; c < names.size(); c++) {
        String col = names.get(c);
        String expected = cols.get(col).apply(golden.get(i));
        Object v = rows.get(i).get(c);
        String actual = v == null ? "" : v.toString();
        long[] a = AGREEMENT.computeIfAbsent(col, k -> new long[3]);
        a[1]++;
        if (!expected.isEmpty()) a[2]++;
        if (expected.equals(actual)) {
          a[0]++;
        } else if (EXPECTED_DIFFERENCES.containsKey(name + "/" + col)) {
          SEEN_DIFFERENCES.merge(name + "/" + col, 1, Integer::sum);
        } else if (failures.size() < 10) {
          failures.add("frame " + golden.get(i).get("frame.number") + " " + col + ": tshark '" + expected + "', ours '"
              + actual + "'");
        }
      }
    }
    assertEquals(List.of(), failures, name);
  }

  @Test
  void ja4OfEveryExpectedRow() throws IOException {
    List<String> lines = Files.readAllLines(Captures.dir().resolve("ja4/expected_ja4.csv"), StandardCharsets.UTF_8);
    List<String> header = GoldenCsv.parseLine(lines.get(0));
    Map<String, List<Row>> byFile = new HashMap<>();
    int matched = 0;
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) continue;
      List<String> f = GoldenCsv.parseLine(line);
      Map<String, String> r = new HashMap<>();
      for (int i = 0; i < header.size(); i++) r.put(header.get(i), f.get(i));
      List<Row> hellos = byFile.computeIfAbsent(r.get("file"), file -> LocalSpark.get().read().format("pcap")
          .load(Captures.file("ja4/" + file).toString()).where("tls_ja4 IS NOT NULL AND ip_proto = 6")
          .selectExpr("src_ip", "dst_ip", "src_port", "dst_port", "tls_ja4", "tls_sni").collectAsList());
      List<Row> ofTuple = hellos.stream().filter(h -> h.getString(0).equals(r.get("src")) && h.getString(1).equals(r.get("dst"))
          && h.getInt(2) == Integer.parseInt(r.get("srcport")) && h.getInt(3) == Integer.parseInt(r.get("dstport")))
          .collect(Collectors.toList());
      int n = Integer.parseInt(r.get("hello"));
      assertTrue(ofTuple.size() >= n, r.toString());
      assertEquals(r.get("ja4"), ofTuple.get(n - 1).getString(4), r.toString());
      assertEquals(r.get("domain"), ofTuple.get(n - 1).getString(5), r.toString());
      matched++;
    }
    System.out.println("expected_ja4.csv through the data source: " + matched + " rows equal");
    assertEquals(78, matched);
  }

  @Test
  void quicServerNamesAndJa4() {
    List<Row> rows = LocalSpark.get().read().format("pcap").load(Captures.file("quic_sni.pcap").toString())
        .selectExpr("tls_sni", "tls_ja4", "tls_version", "array_join(tls_alpn, ',')").collectAsList();
    assertEquals(Arrays.asList("www.blogger.com", "socpuppet.blogspot.com", "apis.google.com", "www.blogger.com",
        "apis.google.com", "www.google.com", "www.gstatic.com", "fonts.gstatic.com", "4.bp.blogspot.com",
        "1.bp.blogspot.com", "2.bp.blogspot.com"), rows.stream().map(r -> r.getString(0)).collect(Collectors.toList()));
    for (Row r : rows) {
      assertEquals("q13d0310h3_55b375c5d22e_cd85d2d88918", r.getString(1));
      assertEquals("TLS 1.3", r.getString(2));
      assertEquals("h3", r.getString(3));
    }
  }

  @AfterAll
  static void report() {
    StringBuilder sb = new StringBuilder("golden-more agreement through the data source (matched/compared,"
        + " frames where tshark shows a value):\n");
    AGREEMENT.forEach((k, v) -> sb.append(String.format("  %-90s %6d/%-6d %5d%n", k, v[0], v[1], v[2])));
    SEEN_DIFFERENCES.forEach((k, v) -> sb.append("  set aside: ").append(v).append(" x ").append(k).append('\n'));
    System.out.print(sb);
  }
}

package org.pcapanalytics.report.zeek;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.WiresharkTools;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.report.ReportRunner;

/**
 * {@code --format zeek}: a conn.log written as Zeek documents the format, byte for byte; the
 * conn.log of a real capture field by field against the connections; the dns.log against
 * tshark's own query/response matching; everything read back by {@link ZeekLogReader}.
 */
class ZeekLogsTest {
  @TempDir
  Path tmp;

  private static final String DOCUMENTED = "/zeek/conn.log";

  private static Timestamp ts(long micros) {
    return Timestamp.from(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
  }

  /**
   * Connections rows in the contract's column order; each with a first handshake and request, which
   * conn.log does not hold (Zeek logs them in ssl.log and http.log).
   */
  private static Row conn(String uid, long startUs, long endUs, String origIp, Integer origPort, String respIp,
      Integer respPort, String proto, String service, long[] bytes, String state, String history, Boolean lo,
      Boolean lr) {
    return RowFactory.create(uid, ts(startUs), ts(endUs), (endUs - startUs) / 1e6, origIp, origPort, respIp, respPort,
        proto, service, bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], state, history, null, lo, lr,
        "1:" + uid.substring(1, 17) + "=", "www.example.com", "t13d1516h2_8daaf6152771_e5627efa2ab1",
        "www.example.com", "curl/8.5.0");
  }

  private static List<Path> logFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  private static List<String> withoutOpenClose(String text) {
    return text.lines().filter(l -> !l.startsWith("#open") && !l.startsWith("#close")).toList();
  }

  @Test
  void connLogIsWrittenAsZeekDocumentsIt() throws IOException {
    List<Row> rows = List.of(
        conn("CzsR1kW3aPbb2JkYm8", 1258531221486539L, 1258531221606549L, "192.168.1.102", 49152, "198.51.100.7", 80,
            "tcp", "http", new long[] {74, 1024, 394, 1290, 6, 5}, "SF", "ShADadFf", true, false),
        conn("C9dQJtXqvNwUo7Lr3e", 1258531680237254L, 1258531680237254L, "192.168.1.103", 53211, "192.168.1.1", 53,
            "udp", "dns", new long[] {33, 0, 61, 0, 1, 0}, "S0", "D", true, true),
        conn("CeP4Qv0bNh5WcYx2zA", 1258531693000001L, 1258531693001001L, "fe80::1", 128, "fe80::2", 129,
            "icmp", null, new long[] {56, 56, 104, 104, 1, 1}, "OTH", null, null, null),
        conn("CXr8mTbT2dA7k1oGh3", 1258531700999999L, 1258531703499999L, "10.0.0.5", null, "10.0.0.6", null,
            "gre", null, new long[] {0, 0, 300, 0, 3, 0}, "OTH", null, false, false));
    Dataset<Row> df = JobsTests.spark().createDataFrame(rows, Connections.SCHEMA).coalesce(1);
    Path dir = tmp.resolve("conn");
    ZeekWriter.write(df, ZeekLogs.conn(df.schema()), dir.toString(), Instant.parse("2026-12-06T12:00:00Z"));
    List<Path> logs = logFiles(dir);
    assertEquals(1, logs.size(), logs.toString());
    assertEquals("conn.00000.log", logs.get(0).getFileName().toString());
    assertTrue(Files.exists(dir.resolve("_SUCCESS")));
    String written = Files.readString(logs.get(0), StandardCharsets.UTF_8);
    String documented = new String(getClass().getResourceAsStream(DOCUMENTED).readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(withoutOpenClose(documented), withoutOpenClose(written));
    assertTrue(written.contains("#open\t2026-12-06-12-00-00\n"), written);
    assertTrue(written.lines().reduce((a, b) -> b).orElseThrow().startsWith("#close\t"), written);

    // the reader, on the documented text: typed values as Zeek's reader would give them
    List<Map<String, Object>> parsed = ZeekLogReader.read(documented).rows();
    assertEquals(4, parsed.size());
    assertEquals(new BigDecimal("1258531221.486539"), parsed.get(0).get("ts"));
    assertEquals(49152L, parsed.get(0).get("id.orig_p"));
    assertEquals(true, parsed.get(0).get("local_orig"));
    assertNull(parsed.get(1).get("duration"));
    assertNull(parsed.get(2).get("service"));
    assertEquals("unknown_transport", parsed.get(3).get("proto"));
    assertEquals(47L, parsed.get(3).get("ip_proto"));
  }

  @Test
  void connLogOfACaptureHoldsEveryConnectionFieldByField() throws IOException {
    String capture = Captures.file("mixed_example2.pcap").toString();
    Path out = tmp.resolve("report");
    ReportOptions o = ReportOptions.builder().inputs(List.of(capture)).outputDir(out.toString())
        .format(ReportOptions.ZEEK).build();
    ReportRunner.run(JobsTests.spark(), "connections", o, new PrintStream(OutputStream.nullOutputStream()));
    List<Map<String, Object>> logged = ZeekLogReader.rows(out.resolve("connections"));
    for (ZeekLogReader.Log l : ZeekLogReader.readDir(out.resolve("connections"))) {
      assertEquals("conn", l.header().get("path"));
      assertEquals(ZeekLogs.conn(Connections.SCHEMA).names(), l.fields());
      // contract columns Zeek's conn.log has no field for stay out of it
      for (String c : List.of("tls_sni", "tls_ja4", "http_host", "http_user_agent")) assertFalse(l.fields().contains(c));
    }

    Dataset<Row> expected = Connections.detailed(JobsTests.packets("mixed_example2.pcap"), Config.defaults());
    Map<String, Row> byUid = new HashMap<>();
    for (Row r : expected.collectAsList()) byUid.put(r.getAs("uid"), r);
    assertEquals(byUid.size(), logged.size());
    Map<String, Integer> protos = new TreeMap<>();
    for (Map<String, Object> z : logged) {
      Row c = byUid.get((String) z.get("uid"));
      assertNotNull(c, "uid " + z.get("uid"));
      String uid = c.getAs("uid");
      assertEquals(micros(c.getAs("start_ts")), seconds(z.get("ts")), uid);
      assertEquals(c.getAs("orig_ip"), z.get("id.orig_h"), uid);
      assertEquals(c.getAs("resp_ip"), z.get("id.resp_h"), uid);
      assertEquals(port(c.getAs("orig_port")), z.get("id.orig_p"), uid);
      assertEquals(port(c.getAs("resp_port")), z.get("id.resp_p"), uid);
      String proto = c.getAs("proto");
      assertEquals(List.of("tcp", "udp", "icmp").contains(proto) ? proto : "unknown_transport", z.get("proto"), uid);
      protos.merge((String) z.get("proto"), 1, Integer::sum);
      assertEquals(((Number) c.getAs("ip_proto")).longValue(), z.get("ip_proto"), uid);
      assertEquals(c.getAs("service"), z.get("service"), uid);
      long lasted = micros(c.getAs("end_ts")) - micros(c.getAs("start_ts"));
      assertEquals(lasted > 0 ? lasted : null, z.get("duration") == null ? null : seconds(z.get("duration")), uid);
      assertEquals(lasted > 0 ? c.getAs("orig_bytes") : null, z.get("orig_bytes"), uid);
      assertEquals(lasted > 0 ? c.getAs("resp_bytes") : null, z.get("resp_bytes"), uid);
      assertEquals(c.getAs("conn_state"), z.get("conn_state"), uid);
      assertEquals(c.getAs("history"), z.get("history"), uid);
      assertEquals(c.getAs("local_orig"), z.get("local_orig"), uid);
      assertEquals(c.getAs("local_resp"), z.get("local_resp"), uid);
      for (String n : List.of("orig_pkts", "resp_pkts", "orig_ip_bytes", "resp_ip_bytes")) {
        assertEquals(c.getAs(n), z.get(n), uid + " " + n);
      }
      assertEquals(c.getAs("community_id"), z.get("community_id"), uid);
      assertNull(z.get("missed_bytes"));
      assertNull(z.get("tunnel_parents"));
    }
    // the capture has the three (unknown_transport: the documented log above)
    assertEquals(List.of("icmp", "tcp", "udp"), List.copyOf(protos.keySet()), protos.toString());
  }

  private static long micros(Timestamp t) {
    return Math.addExact(Math.multiplyExact(Math.floorDiv(t.getTime(), 1000L), 1_000_000L), t.getNanos() / 1000);
  }

  private static long seconds(Object zeekTime) {
    return ((BigDecimal) zeekTime).movePointRight(6).longValueExact();
  }

  private static Long port(Integer p) {
    return p == null ? 0L : p.longValue();
  }

  /**
   * Every answered query, unanswered query and lone response of dns.log against tshark's matching
   * of requests and responses ({@code dns.response_in}, {@code dns.response_to}, {@code dns.time}).
   */
  @Test
  void dnsLogPairsQueriesAndResponsesAsTsharkDoes() throws Exception {
    WiresharkTools.require("tshark");
    for (String name : List.of("dns_packets.pcap", "mixed_example2.pcap")) {
      Path capture = Captures.file(name);
      Path out = tmp.resolve(name);
      ReportOptions o = ReportOptions.builder().inputs(List.of(capture.toString())).outputDir(out.toString())
          .format(ReportOptions.ZEEK).build();
      ReportRunner.run(JobsTests.spark(), "dns", o, new PrintStream(OutputStream.nullOutputStream()));
      List<ZeekLogReader.Log> logs = ZeekLogReader.readDir(out.resolve("dns-transactions"));
      assertFalse(logs.isEmpty(), name);
      List<String> ours = new ArrayList<>();
      for (ZeekLogReader.Log l : logs) {
        assertEquals("dns", l.header().get("path"));
        for (Map<String, Object> z : l.rows()) ours.add(dnsKey(z));
      }
      List<String> tshark = tsharkTransactions(capture);
      assertEquals(List.of(), difference(tshark, ours), name + ": tshark's only; ours only: " + difference(ours, tshark));
      assertTrue(ours.stream().anyMatch(s -> s.startsWith("answered")), name);
    }
  }

  /** What {@code a} holds more often than {@code b}. */
  private static List<String> difference(List<String> a, List<String> b) {
    List<String> d = new ArrayList<>(a);
    for (String x : b) d.remove(x);
    d.sort(null);
    return d;
  }

  private static String dnsKey(Map<String, Object> z) {
    String kind = z.get("rtt") != null ? "answered" : z.get("rcode") != null ? "response" : "query";
    String rtt = z.get("rtt") == null ? "-" : z.get("rtt").toString();
    List<?> answers = (List<?>) z.get("answers");
    return String.join("|", kind, String.valueOf(z.get("id.orig_h")), String.valueOf(z.get("id.orig_p")),
        String.valueOf(z.get("id.resp_h")), String.valueOf(z.get("trans_id")), String.valueOf(z.get("query")), rtt,
        String.valueOf(z.get("rcode")), String.valueOf(answers == null ? 0 : answers.size()));
  }

  /** The same keys from tshark: a query with its response, a query without, a response without. */
  private static List<String> tsharkTransactions(Path capture) throws Exception {
    List<String> lines = WiresharkTools.run(capture.getParent(), "tshark", "-n", "-2", "-r", capture.toString(),
        "-Y", "(dns || mdns || llmnr) && (udp || tcp)", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f",
        "-e", "frame.number", "-e", "dns.flags.response", "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst",
        "-e", "ipv6.dst", "-e", "udp.srcport", "-e", "tcp.srcport", "-e", "udp.dstport", "-e", "tcp.dstport",
        "-e", "dns.id", "-e", "dns.qry.name", "-e", "dns.response_in", "-e", "dns.response_to", "-e", "dns.time",
        "-e", "dns.flags.rcode", "-e", "dns.count.answers");
    Map<String, String[]> frames = new HashMap<>();
    for (String l : lines) {
      String[] f = l.split("\t", -1);
      frames.put(f[0], f);
    }
    List<String> keys = new ArrayList<>();
    for (String[] f : frames.values()) {
      boolean response = f[1].equals("1") || f[1].equalsIgnoreCase("true");
      String src = or(f[2], f[3]);
      String dst = or(f[4], f[5]);
      String sport = or(f[6], f[7]);
      String dport = or(f[8], f[9]);
      long id = Long.decode(f[10]);
      String query = f[11].isEmpty() ? "null" : f[11].toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
      if (!response && f[12].isEmpty()) {
        keys.add(String.join("|", "query", src, sport, dst, Long.toString(id), query, "-", "null", "0"));
      } else if (response && f[13].isEmpty()) {
        keys.add(String.join("|", "response", dst, dport, src, Long.toString(id), query, "-", f[15], f[16]));
      } else if (response) {
        String[] q = frames.get(f[13]);
        String qname = q[11].isEmpty() ? "null" : q[11].toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        String rtt = new BigDecimal(f[14]).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
        keys.add(String.join("|", "answered", or(q[2], q[3]), or(q[6], q[7]), or(q[4], q[5]), Long.toString(id), qname,
            rtt, f[15], f[16]));
      }
    }
    return keys;
  }

  private static String or(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}

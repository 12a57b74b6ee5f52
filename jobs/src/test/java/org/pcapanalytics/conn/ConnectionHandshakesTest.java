package org.pcapanalytics.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.conn.JobsTests.packets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * The first ClientHello's {@code tls_sni} and {@code tls_ja4} and the first request's {@code
 * http_host} and {@code http_user_agent} of each connection, against oracles that know nothing of
 * our assembly: the JA4 authors' expected values per ClientHello ({@code ja4/expected_ja4.csv},
 * where five connections send a second, differently fingerprinted ClientHello after a
 * HelloRetryRequest), and tshark's per-frame values ({@code golden/}, {@code golden-more/}) gathered
 * per connection by 5-tuple and time.
 */
class ConnectionHandshakesTest {
  /** The JA4 of Chrome's QUIC ClientHellos in tls-handshake.pcapng (the JA4 authors' reference output). */
  private static final String CHROME_QUIC_JA4 = "q13d0310h3_55b375c5d22e_cd85d2d88918";

  /** Captures of the corpus with a TLS server name or an HTTP request in tshark's per-frame view. */
  private static final List<String> CAPTURES = List.of("mixed_example2.pcap", "pcapng_many_interfaces.pcapng",
      "quic_sni.pcap", "rawipv4_228_tls.pcap", "tls_sni_ipv4_ipv6.pcap", "tls_sni_many.pcap", "http_espn.pcapng",
      "http_google_snaplen80.pcap", "http_nsec_bigendian.pcap", "http_rst_caplen_lt_len.pcap",
      "rawip_101_mixed.pcap", "rawip_dlt12_ipv6_http.pcap", "sll2_http.pcap", "sll_mixed.pcap.gz",
      "ipv4_frag_http_req.pcap");

  @Test
  void ja4AndServerNameOfTheFirstClientHelloAsTheJa4AuthorsExpectThem() throws IOException {
    List<Map<String, String>> expected = expectedJa4();
    // per file: tls-non-ascii-alpn.pcapng is a connection of tls-handshake.pcapng with its ALPN changed
    List<Row> conns = new ArrayList<>();
    Map<String, List<Row>> byTuple = new HashMap<>();
    for (String file : expected.stream().map(r -> r.get("file")).distinct().toList()) {
      for (Row c : Connections.fromPackets(packets("ja4/" + file), Config.defaults()).where("tls_ja4 IS NOT NULL")
          .collectAsList()) {
        conns.add(c);
        String t = c.getAs("orig_ip") + "," + c.getAs("resp_ip") + "," + c.getAs("orig_port") + "," + c.getAs("resp_port");
        byTuple.computeIfAbsent(file + "," + c.getAs("proto") + "," + t, k -> new ArrayList<>()).add(c);
      }
    }
    int first = 0, laterDiffer = 0;
    for (Map<String, String> r : expected) {
      String tuple = r.get("file") + ",tcp," + r.get("src") + "," + r.get("dst") + "," + r.get("srcport") + ","
          + r.get("dstport");
      String where = r.get("file") + " stream " + r.get("stream") + " hello " + r.get("hello");
      List<Row> cs = byTuple.getOrDefault(tuple, List.of());
      assertEquals(1, cs.size(), where + ": connections " + cs);
      Row c = cs.get(0);
      if (r.get("hello").equals("1")) {
        first++;
        assertEquals(r.get("ja4"), c.getAs("tls_ja4"), where);
        assertEquals(r.get("domain").isEmpty() ? null : r.get("domain"), c.getAs("tls_sni"), where);
      } else if (!r.get("ja4").equals(c.getAs("tls_ja4"))) {
        laterDiffer++; // a later hello of the connection, fingerprinted otherwise: not the connection's
      }
    }
    assertEquals(73, first);
    assertEquals(5, laterDiffer);
    // every TCP connection with a fingerprint is one of the rows; QUIC's are Chrome's (20 in tls-handshake)
    assertEquals(first, conns.stream().filter(c -> c.getAs("proto").equals("tcp")).count());
    List<Row> quic = conns.stream().filter(c -> c.getAs("proto").equals("udp")).toList();
    assertEquals(20, quic.size());
    for (Row q : quic) assertEquals(CHROME_QUIC_JA4, q.getAs("tls_ja4"), q.toString());
    System.out.println("connections: tls_ja4 and tls_sni of " + first + " TCP connections equal their first ClientHello"
        + " row of expected_ja4.csv; " + quic.size() + " QUIC connections " + CHROME_QUIC_JA4);
  }

  @Test
  void firstServerNameHostAndUserAgentAsTsharkShowsThemPerFrame() throws IOException {
    List<Row> conns = Connections.detailed(packets(CAPTURES.toArray(new String[0])), Config.defaults())
        .select("uid", "proto", "orig_ip", "orig_port", "resp_ip", "resp_port", "start_ns", "end_ns", "tls_sni",
            "http_host", "http_user_agent").collectAsList();
    Map<String, List<Row>> byKey = new HashMap<>();
    for (Row c : conns) {
      String key = key(c.getAs("proto"), c.getAs("orig_ip") + "/" + c.getAs("orig_port"),
          c.getAs("resp_ip") + "/" + c.getAs("resp_port"));
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }
    Map<String, Map<String, String>> firsts = new LinkedHashMap<>();
    firsts.put("tls_sni", new HashMap<>());
    firsts.put("http_host", new HashMap<>());
    firsts.put("http_user_agent", new HashMap<>());
    for (String capture : CAPTURES) {
      List<Map<String, String>> frames = framesInTimeOrder(capture);
      Predicate<Map<String, String>> request = g -> !g.get("http.request.method").isEmpty()
          && !g.get("tcp.srcport").isEmpty() && !fragment(g);
      first(frames, byKey, g -> !g.get("tls.handshake.extensions_server_name").isEmpty(),
          g -> g.get("tls.handshake.extensions_server_name"), firsts.get("tls_sni"), capture);
      first(frames, byKey, request, g -> g.get("http.host"), firsts.get("http_host"), capture);
      first(frames, byKey, request, g -> g.get("http.user_agent"), firsts.get("http_user_agent"), capture);
    }
    StringBuilder counts = new StringBuilder(conns.size() + " connections equal tshark's first per-frame value; with a value:");
    for (Map.Entry<String, Map<String, String>> e : firsts.entrySet()) {
      int set = 0;
      for (Row c : conns) {
        String uid = c.getAs("uid");
        assertEquals(e.getValue().get(uid), c.getAs(e.getKey()), e.getKey() + " of " + c);
        if (c.getAs(e.getKey()) != null) set++;
      }
      counts.append(' ').append(e.getKey()).append(' ').append(set);
      assertTrue(set > 0, e.getKey());
    }
    System.out.println(counts);
    // what the corpus holds that tells first from last and requests from the rest
    assertTrue(conns.stream().anyMatch(c -> c.getAs("proto").equals("udp") && c.getAs("tls_sni") != null), "QUIC");
    assertEquals(11L, conns.stream().filter(c -> c.getAs("proto").equals("udp") && c.getAs("tls_sni") != null).count());
  }

  /**
   * For each frame that {@code take} accepts, in time order, its connection's first non-empty
   * {@code value}, into {@code out} by uid; the frame's connection is the one of its 5-tuple whose
   * time range holds it.
   */
  private static void first(List<Map<String, String>> frames, Map<String, List<Row>> byKey,
      Predicate<Map<String, String>> take, Function<Map<String, String>, String> value, Map<String, String> out,
      String capture) {
    for (Map<String, String> g : frames) {
      if (!take.test(g)) continue;
      String v = value.apply(g);
      long ts = GoldenCsv.epochNanos(g.get("frame.time_epoch"));
      boolean tcp = !g.get("tcp.srcport").isEmpty();
      String src = ip(g, "src") + "/" + (tcp ? g.get("tcp.srcport") : g.get("udp.srcport"));
      String dst = ip(g, "dst") + "/" + (tcp ? g.get("tcp.dstport") : g.get("udp.dstport"));
      List<Row> cs = byKey.getOrDefault(key(tcp ? "tcp" : "udp", src, dst), List.of()).stream()
          .filter(c -> (long) c.getAs("start_ns") <= ts && ts <= (long) c.getAs("end_ns")).toList();
      String where = capture + " frame " + g.get("frame.number");
      assertEquals(1, cs.size(), where + ": connections " + cs);
      if (!v.isEmpty()) out.putIfAbsent(cs.get(0).getAs("uid"), v);
    }
  }

  private static String key(String proto, String a, String b) {
    return proto + "|" + (a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a);
  }

  private static String ip(Map<String, String> g, String side) {
    String v4 = g.get("ip." + side);
    return v4.isEmpty() ? g.get("ipv6." + side) : v4;
  }

  /** A later IP fragment: tshark shows what it reassembled there, which no packet of ours shows. */
  private static boolean fragment(Map<String, String> g) {
    return !g.get("ip.frag_offset").isEmpty() && !g.get("ip.frag_offset").equals("0");
  }

  /** The golden frames of a capture with golden-more's http.user_agent, in time order (ties: frame order). */
  private static List<Map<String, String>> framesInTimeOrder(String capture) throws IOException {
    Map<String, String> agents = new HashMap<>();
    for (Map<String, String> m : GoldenCsv.more(capture).rows()) agents.put(m.get("frame.number"), m.get("http.user_agent"));
    List<Map<String, String>> frames = new ArrayList<>();
    for (Map<String, String> g : GoldenCsv.of(capture).rows()) {
      if (g.get("frame.time_epoch").isEmpty() || ip(g, "src").isEmpty()) continue;
      Map<String, String> f = new HashMap<>(g);
      f.put("http.user_agent", agents.getOrDefault(g.get("frame.number"), ""));
      frames.add(f);
    }
    frames.sort(Comparator.comparingLong((Map<String, String> g) -> GoldenCsv.epochNanos(g.get("frame.time_epoch")))
        .thenComparingInt(g -> Integer.parseInt(g.get("frame.number"))));
    return frames;
  }

  private static List<Map<String, String>> expectedJa4() throws IOException {
    List<String> lines = Files.readAllLines(Captures.dir().resolve("ja4/expected_ja4.csv"), StandardCharsets.UTF_8);
    List<String> header = GoldenCsv.parseLine(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) continue;
      List<String> f = GoldenCsv.parseLine(line);
      Map<String, String> r = new HashMap<>();
      for (int i = 0; i < header.size(); i++) r.put(header.get(i), f.get(i));
      rows.add(r);
    }
    return rows;
  }
}

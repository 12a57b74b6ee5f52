package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * Every column of {@code packets} that has a tshark counterpart, read through
 * {@code spark.read.format("pcap")}, equals the golden CSV frame by frame on every shared
 * capture. Differences by design are named in {@link #EXPECTED_DIFFERENCES}.
 */
class DataSourceGoldenTest {
  private static final String IPV6_FRAGMENTS = "tshark's ip.frag_offset/ip.flags.mf are IPv4 fields; we also fill "
      + "frag_offset/more_fragments from the IPv6 Fragment header (tshark's ipv6.fragment.offset/more)";

  /** capture + column → why we differ from tshark there. */
  static final Map<String, String> EXPECTED_DIFFERENCES = Map.of(
      "ipv6_fragments.pcap/frag_offset", IPV6_FRAGMENTS,
      "ipv6_fragments.pcap/more_fragments", IPV6_FRAGMENTS,
      "rawipv6_229_frag.pcap/frag_offset", IPV6_FRAGMENTS,
      "rawipv6_229_frag.pcap/more_fragments", IPV6_FRAGMENTS);

  private static final Map<String, long[]> AGREEMENT = new TreeMap<>();

  static Stream<String> captures() {
    return Captures.names().stream();
  }

  /** Column → how to turn the golden row into the value we must show (null = empty). */
  static Map<String, Function<Map<String, String>, String>> columns() {
    Map<String, Function<Map<String, String>, String>> m = new LinkedHashMap<>();
    m.put("caplen", g -> g.get("frame.cap_len"));
    m.put("wirelen", g -> g.get("frame.len"));
    m.put("ts_ns", g -> {
      String t = g.get("frame.time_epoch");
      if (t.isEmpty() || Long.parseLong(t.substring(0, t.indexOf('.'))) > Long.MAX_VALUE / 1_000_000_000L) return "";
      return String.valueOf(GoldenCsv.epochNanos(t));
    });
    m.put("interface_id", g -> g.get("frame.interface_id").isEmpty() ? "0" : g.get("frame.interface_id"));
    m.put("eth_src", g -> g.get("eth.src"));
    m.put("eth_dst", g -> g.get("eth.dst"));
    m.put("src_ip", g -> first(g.get("ip.src"), g.get("ipv6.src")));
    m.put("dst_ip", g -> first(g.get("ip.dst"), g.get("ipv6.dst")));
    m.put("ttl", g -> first(g.get("ip.ttl"), g.get("ipv6.hlim")));
    m.put("ip_id", g -> hexToDec(g.get("ip.id")));
    m.put("frag_offset", g -> g.get("ip.frag_offset").isEmpty() ? "" : String.valueOf(8 * Integer.parseInt(g.get("ip.frag_offset"))));
    m.put("more_fragments", g -> g.get("ip.flags.mf").isEmpty() ? "" : String.valueOf(g.get("ip.flags.mf").equals("1")));
    m.put("src_port", g -> first(g.get("tcp.srcport"), g.get("udp.srcport")));
    m.put("dst_port", g -> first(g.get("tcp.dstport"), g.get("udp.dstport")));
    m.put("tcp_flags", g -> hexToDec(g.get("tcp.flags")));
    m.put("tcp_seq", g -> g.get("tcp.seq_raw"));
    m.put("tcp_ack", g -> g.get("tcp.ack_raw"));
    m.put("tcp_window", g -> g.get("tcp.window_size_value"));
    m.put("icmp_type", g -> first(g.get("icmp.type"), g.get("icmpv6.type")));
    m.put("icmp_code", g -> first(g.get("icmp.code"), g.get("icmpv6.code")));
    m.put("dns_id", g -> hexToDec(g.get("dns.id")));
    m.put("dns_qtype", g -> g.get("dns.qry.type"));
    m.put("dns_rcode", g -> g.get("dns.flags.rcode"));
    m.put("dns_qname", g -> g.get("dns.qry.name"));
    m.put("dns_response", g -> g.get("dns.flags.response").isEmpty() ? "" : String.valueOf(g.get("dns.flags.response").equals("1")));
    m.put("tls_sni", g -> g.get("tls.handshake.extensions_server_name"));
    m.put("http_method", g -> g.get("http.request.method"));
    m.put("http_uri", g -> g.get("http.request.uri"));
    m.put("http_host", g -> g.get("http.host"));
    return m;
  }

  private static String first(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  private static String hexToDec(String h) {
    if (h.isEmpty()) return "";
    return String.valueOf(Long.parseLong(h.startsWith("0x") ? h.substring(2) : h, h.startsWith("0x") ? 16 : 10));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void columnsMatchTshark(String name) throws Exception {
    Map<String, Function<Map<String, String>, String>> cols = columns();
    List<Row> rows = LocalSpark.get().read().format("pcap").load(Captures.file(name).toString())
        .selectExpr(cols.keySet().toArray(new String[0])).collectAsList();
    rows = new ArrayList<>(rows);
    List<Map<String, String>> golden = new ArrayList<>();
    boolean pcapng = name.endsWith(".pcapng") || name.equals("ipv6_ext_headers_pcapng_content.pcap");
    for (Map<String, String> g : GoldenCsv.of(name).rows()) {
      // pcapng custom blocks are frames for tshark but carry no packet (see GoldenFramingTest).
      if (pcapng && g.get("frame.time_epoch").isEmpty() && g.get("frame.interface_id").isEmpty()) continue;
      golden.add(g);
    }
    assertTrue(rows.size() >= golden.size(), name + ": " + rows.size() + " rows, tshark " + golden.size());
    List<String> names = new ArrayList<>(cols.keySet());
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < golden.size(); i++) {
      Row r = rows.get(i);
      for (int c = 0; c < names.size(); c++) {
        String col = names.get(c);
        String expected = cols.get(col).apply(golden.get(i));
        Object v = r.get(c);
        String actual = v == null ? "" : v.toString();
        boolean ok = expected.equals(actual);
        long[] a = AGREEMENT.computeIfAbsent(col, k -> new long[2]);
        a[1]++;
        if (ok) a[0]++;
        if (!ok && !EXPECTED_DIFFERENCES.containsKey(name + "/" + col) && failures.size() < 10) {
          failures.add("frame " + golden.get(i).get("frame.number") + " " + col + ": tshark '" + expected + "', ours '" + actual + "'");
        }
      }
    }
    assertEquals(List.of(), failures, name);
  }

  @AfterAll
  static void report() {
    StringBuilder sb = new StringBuilder("Agreement with tshark through the data source (matched/compared):\n");
    AGREEMENT.forEach((k, v) -> sb.append(String.format("  %-15s %d/%d%n", k, v[0], v[1])));
    System.out.print(sb);
  }
}

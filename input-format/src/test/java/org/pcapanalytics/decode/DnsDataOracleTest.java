package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.pcapanalytics.decode.Frames.*;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * The data text of every DNS answer against tshark run here as the oracle (per-packet view), for
 * the captures whose answers have types beyond the golden-more fields (PTR, TXT, SRV) and for a
 * hand-made response with one record of each other type we render (MX, NS, SOA, TXT with an
 * empty string, SRV, a TTL above 2^31, and types rendered as hex). tshark's fields of each type
 * are taken in order from its per-field lists (answers come first in them), e.g. {@code
 * dns.mx.preference} and {@code dns.mx.mail_exchange}; a TXT record's strings are counted off by
 * {@code dns.txt.length} against its {@code dns.resp.len}; an SRV owner name is tshark's {@code
 * dns.srv.service/proto/name}. Skipped when tshark is not installed, except in CI.
 */
class DnsDataOracleTest {
  private static Path tshark;

  @TempDir
  static Path dir;

  @BeforeAll
  static void findTshark() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "tshark"))) tshark = Path.of(d, "tshark");
    }
    if (tshark == null) {
      if (System.getenv("CI") != null) fail("tshark is not on the PATH, but CI is set: install tshark");
      Assumptions.abort("tshark is not on the PATH");
    }
  }

  static final String[] FIELDS = {"frame.number", "dns.count.answers", "dns.resp.type", "dns.resp.ttl", "dns.resp.len",
      "dns.resp.name", "dns.a", "dns.aaaa", "dns.cname", "dns.ptr.domain_name", "dns.ns", "dns.mx.preference",
      "dns.mx.mail_exchange", "dns.txt", "dns.txt.length", "dns.srv.service", "dns.srv.proto", "dns.srv.name",
      "dns.srv.priority", "dns.srv.weight", "dns.srv.port", "dns.srv.target", "dns.soa.mname", "dns.soa.rname",
      "dns.soa.serial_number", "dns.soa.refresh_interval", "dns.soa.retry_interval", "dns.soa.expire_limit",
      "dns.soa.minimum_ttl", "dns.data", "dns.qry.class"};

  @Test
  void answerDataOfRealCaptures() throws Exception {
    Map<String, int[]> perType = new TreeMap<>();
    for (String c : new String[] {"dns_packets.pcap", "ipv6_fragments.pcap", "pcapng_many_interfaces.pcapng"}) {
      compare(Captures.file(c), CorpusFrames.read(c), perType);
    }
    perType.forEach((t, n) -> System.out.printf("DNS answer data, type %s: %d equal to tshark%n", t, n[0]));
    for (String t : new String[] {"1", "5", "12", "16", "28", "33"}) {
      assertTrue(perType.containsKey(t), "type " + t + " seen");
    }
  }

  @Test
  void everyTypeWeRenderOnAHandMadeResponse() throws Exception {
    byte[] q = cat(name("example.com"), u16(255), u16(1));
    byte[] msg = cat(u16(0x1234), u16(0x8180), u16(1), u16(10), u16(0), u16(0), q,
        rr("example.com", 1, 0xFFFFFFF0L, bytes(1, 2, 3, 4)),
        rr("example.com", 15, 300, cat(u16(10), name("mail.example.com"))),
        rr("example.com", 2, 300, name("ns1.example.com")),
        rr("example.com", 6, 300, cat(name("ns1.example.com"), name("host.example.com"), u32(2024010101), u32(7200),
            u32(3600), u32(1209600), u32(300))),
        rr("_sip._tcp.example.com", 33, 300, cat(u16(0), u16(5), u16(5060), name("sip.example.com"))),
        rr("example.com", 16, 300, cat(bytes(5), ascii("hello"), bytes(11), ascii("world there"), bytes(0))),
        rr("4.3.2.1.in-addr.arpa", 12, 300, name("ptr.example.com")),
        rr("example.com", 28, 300, hex("20010db8000000000000000000000001")),
        rr("example.com", 65280, 300, hex("deadbeef")),
        // compressed: owner name and CNAME target point back into the question
        cat(u16(0xC00C), u16(5), u16(1), u32(60), u16(6), bytes(3), ascii("www"), u16(0xC00C)));
    byte[] frame = udpDns(msg);
    Path pcap = dir.resolve("answers.pcap");
    try (OutputStream o = Files.newOutputStream(pcap)) {
      o.write(hex("d4c3b2a1020004000000000000000000ffff000001000000"));
      o.write(le32(1));
      o.write(le32(0));
      o.write(le32(frame.length));
      o.write(le32(frame.length));
      o.write(frame);
    }
    Map<String, int[]> perType = new TreeMap<>();
    compare(pcap, List.of(new CorpusFrames.Frame(frame, frame.length, frame.length, 1)), perType);
    assertEquals(Arrays.asList("1", "12", "15", "16", "2", "28", "33", "5", "6", "65280", "qclass"),
        new ArrayList<>(perType.keySet()));
    DecodedPacket p = Frames.decode(1, frame);
    assertEquals("ns1.example.com host.example.com 2024010101 7200 3600 1209600 300", p.dnsAnswers.data(3));
    assertEquals("hello world there ", p.dnsAnswers.data(5), "TXT strings, the last one empty");
    assertEquals("deadbeef", p.dnsAnswers.data(8), "a type we do not render: hex (tshark's dns.data)");
    assertEquals("www.example.com", p.dnsAnswers.data(9));
  }

  static byte[] rr(String owner, int type, long ttl, byte[] rdata) {
    return cat(name(owner), u16(type), u16(1), u32(ttl), u16(rdata.length), rdata);
  }

  private static byte[] le32(int v) {
    return bytes(v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >>> 24) & 0xFF);
  }

  /** Compares every answer of every frame with tshark's fields; counts equal answers per type. */
  private static void compare(Path capture, List<CorpusFrames.Frame> frames, Map<String, int[]> perType)
      throws Exception {
    List<Map<String, String>> rows = tshark(capture);
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    assertEquals(frames.size(), rows.size(), capture.toString());
    for (int f = 0; f < frames.size(); f++) {
      CorpusFrames.Frame fr = frames.get(f);
      dec.decode(fr.data, 0, fr.caplen, fr.wirelen, fr.linkType, p);
      Map<String, String> row = rows.get(f);
      String qclass = split(row.get("dns.qry.class")).stream().findFirst().orElse("");
      assertEquals(qclass.isEmpty() ? -1 : Integer.parseInt(qclass.substring(2), 16), p.dnsQclass,
          capture.getFileName() + " frame " + row.get("frame.number") + " dns.qry.class");
      if (!qclass.isEmpty()) perType.computeIfAbsent("qclass", k -> new int[1])[0]++;
      if (p.dnsAnswers == null || p.dnsAnswers.size() == 0) continue;
      Map<String, Integer> next = new HashMap<>(); // per tshark field, the next entry to take
      List<String> types = split(row.get("dns.resp.type"));
      List<String> lens = split(row.get("dns.resp.len"));
      String where = capture.getFileName() + " frame " + row.get("frame.number");
      assertTrue(p.dnsAnswers.size() <= types.size(), where + ": more answers than tshark dissected");
      for (int i = 0; i < p.dnsAnswers.size(); i++) {
        String type = types.get(i);
        assertEquals(type, Integer.toString(p.dnsAnswers.type(i)), where);
        String expected = expectedData(row, type, Integer.parseInt(lens.get(i)), next);
        if (expected == null) continue; // a type neither we nor this test render as text
        assertEquals(expected, p.dnsAnswers.data(i), where + " answer " + i + " type " + type);
        if (type.equals("33")) {
          String owner = take(row, "dns.srv.service", next.get("dns.srv.service") - 1) + "."
              + take(row, "dns.srv.proto", next.get("dns.srv.service") - 1) + "."
              + take(row, "dns.srv.name", next.get("dns.srv.service") - 1);
          assertEquals(owner, p.dnsAnswers.name(i), where + " SRV owner");
        }
        perType.computeIfAbsent(type, k -> new int[1])[0]++;
      }
    }
  }

  /** tshark's data fields of the next record of {@code type}, joined as we join them. */
  private static String expectedData(Map<String, String> row, String type, int rdlen, Map<String, Integer> next) {
    switch (type) {
      case "1": return next(row, "dns.a", next);
      case "28": return next(row, "dns.aaaa", next);
      case "5": return next(row, "dns.cname", next);
      case "12": return next(row, "dns.ptr.domain_name", next);
      case "2": return next(row, "dns.ns", next);
      case "15": return next(row, "dns.mx.preference", next) + " " + next(row, "dns.mx.mail_exchange", next);
      case "33":
        next(row, "dns.srv.service", next);
        return next(row, "dns.srv.priority", next) + " " + next(row, "dns.srv.weight", next) + " "
            + next(row, "dns.srv.port", next) + " " + next(row, "dns.srv.target", next);
      case "6":
        return String.join(" ", next(row, "dns.soa.mname", next), next(row, "dns.soa.rname", next),
            next(row, "dns.soa.serial_number", next), next(row, "dns.soa.refresh_interval", next),
            next(row, "dns.soa.retry_interval", next), next(row, "dns.soa.expire_limit", next),
            next(row, "dns.soa.minimum_ttl", next));
      case "16": {
        List<String> strings = new ArrayList<>();
        for (int used = 0; used < rdlen; ) {
          used += 1 + Integer.parseInt(next(row, "dns.txt.length", next));
          strings.add(next(row, "dns.txt", next));
        }
        return String.join(" ", strings);
      }
      default:
        return rdlen > 0 ? next(row, "dns.data", next) : null;
    }
  }

  private static String next(Map<String, String> row, String field, Map<String, Integer> next) {
    int i = next.merge(field, 1, Integer::sum) - 1;
    return take(row, field, i);
  }

  private static String take(Map<String, String> row, String field, int i) {
    List<String> l = split(row.get(field));
    if (l.isEmpty() && i == 0) return ""; // one empty value prints as no value
    if (i >= l.size()) throw new AssertionError("tshark has no entry " + i + " of " + field + " in " + row);
    return l.get(i);
  }

  private static List<String> split(String v) {
    return v == null || v.isEmpty() ? List.of() : Arrays.asList(v.split("\\|", -1));
  }

  /** tshark's per-packet fields of a capture, every occurrence joined by |. */
  private static List<Map<String, String>> tshark(Path capture) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", capture.toString(), "-o",
        "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE", "-o",
        "dns.desegment_dns_messages:FALSE", "-T", "fields", "-E", "header=y", "-E", "separator=,", "-E", "quote=d",
        "-E", "occurrence=a", "-E", "aggregator=|"));
    for (String f : FIELDS) {
      cmd.add("-e");
      cmd.add(f);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path config = Files.createDirectories(dir.resolve("wireshark-config"));
    pb.environment().put("WIRESHARK_CONFIG_DIR", config.toString());
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process proc = pb.start();
    List<String> lines;
    try (var r = proc.inputReader(StandardCharsets.UTF_8)) {
      lines = r.lines().toList();
    }
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      throw new IOException("tshark timed out on " + capture);
    }
    List<String> header = GoldenCsv.parseLine(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> v = GoldenCsv.parseLine(line);
      Map<String, String> m = new HashMap<>();
      for (int k = 0; k < header.size(); k++) m.put(header.get(k), k < v.size() ? v.get(k) : "");
      rows.add(m);
    }
    return rows;
  }
}

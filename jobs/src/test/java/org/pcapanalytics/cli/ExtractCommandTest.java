package org.pcapanalytics.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.ConnectionPackets;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.conn.GeneratedCapture;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.WiresharkTools;

/**
 * {@code extract} against tshark, editcap and capinfos: a connection's packets are the frames a
 * tshark-side rule finds for it (addresses, ports, time span, fragments by IP id), and the file
 * written holds those frames as editcap cuts them from the input (same tshark view: timestamps,
 * lengths, protocols, hex dump).
 */
class ExtractCommandTest {
  @TempDir
  static Path tmp;

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  /** What tshark shows of a capture's frames: per frame time, lengths, protocols, then the hex dumps. */
  private static List<String> tsharkView(Path capture) throws Exception {
    Path tshark = WiresharkTools.require("tshark");
    List<String> view = new ArrayList<>(WiresharkTools.run(tmp, tshark.toString(), "-n", "-r", capture.toString(),
        "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len", "-e", "frame.protocols"));
    view.addAll(WiresharkTools.run(tmp, tshark.toString(), "-n", "-r", capture.toString(), "-x"));
    return view;
  }

  /** The frames {@code numbers} (1-based) of {@code capture}, cut by editcap, as tshark shows them. */
  private static List<String> editcapView(Path capture, Set<Integer> numbers) throws Exception {
    Path editcap = WiresharkTools.require("editcap");
    Path cut = Files.createTempFile(tmp, "expected", "." + (capture.toString().endsWith("ng") ? "pcapng" : "pcap"));
    List<String> cmd = new ArrayList<>(List.of(editcap.toString(), "-r", capture.toString(), cut.toString()));
    for (int n : new TreeSet<>(numbers)) cmd.add(String.valueOf(n));
    WiresharkTools.run(tmp, cmd.toArray(new String[0]));
    return tsharkView(cut);
  }

  /** One frame as the tshark oracle sees it (no reassembly, outermost headers). */
  private record Frame(int number, double time, String src, String dst, int proto, int sport, int dport, long fragId,
      boolean laterFragment, boolean firstFragment) {}

  private static List<Frame> tsharkFrames(Path capture) throws Exception {
    Path tshark = WiresharkTools.require("tshark");
    List<Frame> frames = new ArrayList<>();
    for (String line : WiresharkTools.run(tmp, tshark.toString(), "-n", "-r", capture.toString(),
        "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
        "-T", "fields", "-E", "separator=,", "-E", "occurrence=f", "-e", "frame.number", "-e", "frame.time_epoch",
        "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "ip.proto", "-e", "ipv6.nxt",
        "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "ip.id",
        "-e", "ip.frag_offset", "-e", "ip.flags.mf", "-e", "ipv6.fraghdr.ident", "-e", "ipv6.fraghdr.offset",
        "-e", "ipv6.fraghdr.more", "-e", "ipv6.fraghdr.nxt")) {
      String[] f = line.split(",", -1);
      String src = !f[2].isEmpty() ? f[2] : f[3];
      String dst = !f[4].isEmpty() ? f[4] : f[5];
      boolean v6frag = !f[15].isEmpty();
      int proto = !f[6].isEmpty() ? Integer.parseInt(f[6]) : v6frag ? Integer.parseInt(f[18])
          : f[7].isEmpty() ? -1 : Integer.parseInt(f[7]);
      int sport = !f[8].isEmpty() ? Integer.parseInt(f[8]) : !f[10].isEmpty() ? Integer.parseInt(f[10]) : -1;
      int dport = !f[9].isEmpty() ? Integer.parseInt(f[9]) : !f[11].isEmpty() ? Integer.parseInt(f[11]) : -1;
      long fragOffset = v6frag ? Long.parseLong(f[16]) : f[13].isEmpty() ? 0 : Long.parseLong(f[13]);
      boolean more = v6frag ? "1".equals(f[17]) || "True".equalsIgnoreCase(f[17]) : "1".equals(f[14]);
      long id = v6frag ? Long.decode(f[15]) : f[12].isEmpty() ? -1 : Long.decode(f[12]);
      frames.add(new Frame(Integer.parseInt(f[0]), f[1].isEmpty() ? Double.NaN : Double.parseDouble(f[1]), src, dst,
          proto, sport, dport, id, fragOffset > 0, fragOffset == 0 && more));
    }
    return frames;
  }

  /**
   * The frames tshark's fields say belong to a TCP or UDP connection: between its addresses, on its
   * ports, within its time span; and the later fragments (same addresses and IP id) of its first fragments.
   */
  private static Set<Integer> expectedFrames(List<Frame> frames, Row c) {
    String a = c.getAs("orig_ip");
    String b = c.getAs("resp_ip");
    int pa = c.<Integer>getAs("orig_port");
    int pb = c.<Integer>getAs("resp_port");
    int proto = c.<Integer>getAs("ip_proto");
    double start = c.<Long>getAs("start_ns") / 1e9 - 1e-6;
    double end = c.<Long>getAs("end_ns") / 1e9 + 1e-6;
    Set<Integer> out = new TreeSet<>();
    Set<String> firstFragments = new HashSet<>();
    for (Frame f : frames) {
      if (f.proto != proto || f.laterFragment || f.time < start || f.time > end) continue;
      boolean ab = f.src.equals(a) && f.dst.equals(b) && f.sport == pa && f.dport == pb;
      boolean ba = f.src.equals(b) && f.dst.equals(a) && f.sport == pb && f.dport == pa;
      if (!ab && !ba) continue;
      out.add(f.number);
      if (f.firstFragment) firstFragments.add(f.src + "|" + f.dst + "|" + f.fragId);
    }
    for (Frame f : frames) {
      if (f.laterFragment && f.proto == proto && firstFragments.contains(f.src + "|" + f.dst + "|" + f.fragId)) {
        out.add(f.number);
      }
    }
    return out;
  }

  /** uid -> frame numbers (1-based, capture order) of its packets, by the extract's own selection. */
  private static Map<String, Set<Integer>> framesByUid(Dataset<Row> packets, Set<String> uids) {
    Map<Long, Integer> number = new HashMap<>();
    int n = 0;
    for (Row r : packets.select("offset").orderBy("offset").collectAsList()) number.put(r.getLong(0), ++n);
    Map<String, Set<Integer>> out = new TreeMap<>();
    Dataset<Row> places = ConnectionPackets.of(packets, Config.defaults(), new ConnectionPackets.Selector(uids, Set.of()));
    for (Row r : places.select("uid", "offset").collectAsList()) {
      assertTrue(out.computeIfAbsent(r.getString(0), k -> new TreeSet<>()).add(number.get(r.getLong(1))));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"http_espn.pcapng", "ipv4_fragments.pcap", "ipv6_fragments.pcap", "tls_sni_ipv4_ipv6.pcap"})
  void everyConnectionsPacketsAreItsFrames(String name) throws Exception {
    Path capture = Captures.file(name);
    Dataset<Row> packets = JobsTests.packets(name);
    List<Row> conns = Connections.detailed(packets, Config.defaults()).collectAsList();
    Set<String> uids = new HashSet<>();
    long packetsInConnections = 0;
    for (Row c : conns) {
      uids.add(c.getAs("uid"));
      packetsInConnections += c.<Long>getAs("orig_pkts") + c.<Long>getAs("resp_pkts");
    }
    Map<String, Set<Integer>> byUid = framesByUid(packets, uids);
    List<Frame> frames = tsharkFrames(capture);
    int compared = 0;
    long selected = 0;
    Set<Integer> seen = new HashSet<>();
    for (Row c : conns) {
      Set<Integer> got = byUid.getOrDefault(c.<String>getAs("uid"), Set.of());
      selected += got.size();
      for (int f : got) assertTrue(seen.add(f), "frame " + f + " in two connections");
      assertEquals(c.<Long>getAs("orig_pkts") + c.<Long>getAs("resp_pkts"), got.size(), c.toString());
      int proto = c.<Integer>getAs("ip_proto");
      if ((proto == 6 || proto == 17) && c.getAs("orig_port") != null) {
        assertEquals(expectedFrames(frames, c), got, name + ": " + c);
        compared++;
      }
    }
    assertEquals(packetsInConnections, selected);
    assertTrue(compared > 0, name);

    // one connection written and read back, a fragmented one where there is one, else the largest:
    // editcap's cut of the same frames
    List<Row> byPackets = new ArrayList<>(conns);
    byPackets.sort(Comparator.comparingLong(c -> -(c.<Long>getAs("orig_pkts") + c.<Long>getAs("resp_pkts"))));
    String uid = byPackets.get(0).getAs("uid");
    for (Row c : byPackets) {
      Set<Integer> got = byUid.get(c.<String>getAs("uid"));
      if (frames.stream().anyMatch(f -> f.laterFragment && got.contains(f.number))) {
        uid = c.getAs("uid");
        break;
      }
    }
    Path out = tmp.resolve(name + "." + uid + ".out");
    String[] r = run("extract", "--input", capture.toString(), "--uid", uid, "--output", out.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(editcapView(capture, byUid.get(uid)), tsharkView(out), name + " " + uid);
  }

  /**
   * A connection's community_id is the one of its packets' column (itself equal to tshark's, or
   * different as CommunityIdTest's deviations explain), on each packet but later fragments, which
   * carry no ports; and tshark's on the frames where tshark follows the specification.
   */
  @Test
  void connectionCommunityIdIsItsPackets() throws Exception {
    for (String name : List.of("mixed_example2.pcap", "icmp_traceroute.pcapng", "icmpv6_echo.cap",
        "ipv4_fragments.pcap", "vlan_qinq_icmp.pcap", "rawip_101_mixed.pcap")) {
      Dataset<Row> packets = JobsTests.packets(name);
      List<String> golden = Files.readAllLines(Captures.file("golden-more/" + name + ".csv"));
      Map<Long, String[]> byOffset = new HashMap<>(); // offset -> [column, tshark]
      List<Row> rows = packets.select("offset", "community_id", "frag_offset").orderBy("offset").collectAsList();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        if (!r.isNullAt(2) && r.getInt(2) > 0) continue; // a later fragment
        String tshark = golden.get(i + 1).split(",", -1)[1].replace("\"", "");
        byOffset.put(r.getLong(0), new String[] {r.getString(1), tshark});
      }
      Map<String, String> cidOf = new HashMap<>();
      for (Row c : Connections.fromPackets(packets, Config.defaults()).select("uid", "community_id").collectAsList()) {
        cidOf.put(c.getString(0), c.getString(1));
      }
      int compared = 0;
      int tsharkAgrees = 0;
      for (Row r : ConnectionPackets.of(packets, Config.defaults(), new ConnectionPackets.Selector(cidOf.keySet(),
          Set.of())).collectAsList()) {
        String uid = r.getAs("uid");
        assertEquals(cidOf.get(uid), r.getAs("community_id"), uid);
        String[] p = byOffset.get(r.<Long>getAs("offset"));
        if (p == null) continue;
        assertEquals(p[0], cidOf.get(uid), name + " offset " + r.getAs("offset") + " of " + uid);
        compared++;
        if (p[1].equals(p[0])) tsharkAgrees++;
      }
      assertTrue(compared > 0 && tsharkAgrees > compared * 0.9, name + ": " + tsharkAgrees + " of " + compared);
    }
  }

  @Test
  void multiFileAndSplitsGiveTheWholeFilesFrames() throws Exception {
    GeneratedCapture g = GeneratedCapture.get();
    // of the connections across a 1 MiB boundary (a split of splitSize=1m), the one with most packets
    Set<String> all = new HashSet<>(g.contract().select("uid").as(Encoders.STRING()).collectAsList());
    Row across = ConnectionPackets.of(g.packets, Config.defaults(), new ConnectionPackets.Selector(all, Set.of()))
        .groupBy("uid").agg(expr("floor(min(offset) / 1048576) < floor(max(offset) / 1048576)").as("across"),
            expr("count(*)").as("n"))
        .where("across").orderBy(col("n").desc()).first();
    String uid = across.getString(0);
    Set<Integer> frames = framesByUid(g.packets, Set.of(uid)).get(uid);
    // files cut by editcap in the middle of that connection
    Path parts = Files.createDirectories(tmp.resolve("parts"));
    int middle = new ArrayList<>(frames).get(frames.size() / 2);
    WiresharkTools.run(tmp, WiresharkTools.require("editcap").toString(), "-c", String.valueOf(middle),
        g.file.toString(), parts.resolve("part.pcap").toString());
    try (Stream<Path> s = Files.list(parts)) {
      assertTrue(s.count() >= 2, "editcap made several files");
    }
    List<String> expected = editcapView(g.file, frames);
    Path whole = tmp.resolve(uid + ".whole.pcap");
    Path split = tmp.resolve(uid + ".split.pcap");
    Path multi = tmp.resolve(uid + ".multi.pcap");
    assertEquals("0", run("extract", "--input", g.file.toString(), "--uid", uid, "--output", whole.toString())[0]);
    assertEquals("0", run("extract", "--input", g.file.toString(), "--option", "splitSize=1m", "--uid", uid,
        "--output", split.toString())[0]);
    String[] r = run("extract", "--input", parts.toString(), "--uid", uid, "--output", multi.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(expected, tsharkView(whole), uid);
    assertEquals(expected, tsharkView(split), uid);
    assertEquals(expected, tsharkView(multi), uid);
  }

  @Test
  void severalInterfacesGivePcapngTsharkReadsAlike() throws Exception {
    Path capture = Captures.file("pcapng_many_interfaces.pcapng");
    Path out = tmp.resolve("many.pcapng");
    String[] r = run("extract", "--input", capture.toString(), "--where", "caplen > 0", "--output", out.toString());
    assertEquals("0", r[0], r[2]);
    List<String> all = WiresharkTools.run(tmp, WiresharkTools.require("tshark").toString(), "-n", "-r",
        capture.toString(), "-Y", "frame.cap_len > 0", "-T", "fields", "-e", "frame.number");
    Set<Integer> numbers = new TreeSet<>();
    for (String l : all) numbers.add(Integer.parseInt(l.trim()));
    assertEquals(editcapView(capture, numbers), tsharkView(out));
    List<String> info = WiresharkTools.run(tmp, WiresharkTools.require("capinfos").toString(), "-M", out.toString());
    assertTrue(info.stream().anyMatch(l -> l.startsWith("File type:") && l.contains("pcapng")), info.toString());
  }

  @Test
  void exitStatusesAndAtomicOutput() throws Exception {
    Path capture = Captures.file("tcp_refused_connection.pcapng");
    Path dir = Files.createDirectories(tmp.resolve("atomic"));
    Path out = dir.resolve("x.pcap");
    String[] none = run("extract", "--input", capture.toString(), "--where", "dst_port = 9", "--output", out.toString());
    assertEquals("4", none[0], none[2]);
    assertFalse(Files.exists(out));
    String[] ok = run("extract", "--input", capture.toString(), "--community-id",
        "1:" + "x", "--output", out.toString());
    assertEquals("4", ok[0], ok[2]);
    String[] some = run("extract", "--input", capture.toString(), "--where", "tcp_flags = 2", "--output", out.toString());
    assertEquals("0", some[0], some[2]);
    List<String> info = WiresharkTools.run(tmp, WiresharkTools.require("capinfos").toString(), "-M", out.toString());
    assertTrue(info.stream().anyMatch(l -> l.startsWith("Number of packets:") && l.trim().endsWith(" 1")), info.toString());
    String[] exists = run("extract", "--input", capture.toString(), "--where", "true", "--output", out.toString());
    assertEquals("2", exists[0], exists[2]);
    assertTrue(exists[2].contains("exists (use --overwrite)"), exists[2]);
    String[] over = run("extract", "--input", capture.toString(), "--where", "true", "--overwrite", "--output",
        out.toString());
    assertEquals("0", over[0], over[2]);
    assertEquals(tsharkView(capture), tsharkView(out));
    // a compressed capture is read from its start: the same frames as tshark reads from it
    Path gz = dir.resolve("gz.pcap");
    String[] fromGz = run("extract", "--input", Captures.file("sll_mixed.pcap.gz").toString(), "--where",
        "offset % 3 = 0 OR ip_proto = 17", "--output", gz.toString());
    assertEquals("0", fromGz[0], fromGz[2]);
    Set<Integer> numbers = new TreeSet<>();
    int n = 0;
    for (Row p : JobsTests.packets("sll_mixed.pcap.gz").select("offset", "ip_proto").orderBy("offset").collectAsList()) {
      n++;
      if (p.getLong(0) % 3 == 0 || !p.isNullAt(1) && p.getInt(1) == 17) numbers.add(n);
    }
    assertTrue(numbers.size() > 1, "some frames");
    assertEquals(editcapView(Captures.file("sll_mixed.pcap.gz"), numbers), tsharkView(gz));
    Files.delete(gz);
    String[] mixed = run("extract", "--input", capture.toString(), "--input", Captures.file("null_loopback.pcap").toString(),
        "--where", "true", "--format", "pcap", "--output", dir.resolve("y.pcap").toString());
    assertEquals("2", mixed[0], mixed[2]);
    assertTrue(mixed[2].contains("use --format pcapng"), mixed[2]);
    String[] usage = run("extract", "--input", capture.toString(), "--output", dir.resolve("z").toString());
    assertEquals("2", usage[0]);
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of("x.pcap"), s.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
    }
  }
}

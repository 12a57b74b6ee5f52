package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.schedule.NightlyRun;
import org.pcapanalytics.schedule.RunLock;

/**
 * {@code nightly} end to end on three generated captures over two days: each night's outputs
 * against direct counts, re-runs touch only their day, the lock, a failed run, a backfill.
 */
class NightlyCommandTest {
  @TempDir
  static java.nio.file.Path tmp;
  static java.nio.file.Path in;
  static List<java.nio.file.Path> files = new ArrayList<>();

  @BeforeAll
  static void captures() throws IOException {
    in = tmp.resolve("captures");
    for (int i = 0; i < DayCaptures.FILES.length; i++) files.add(DayCaptures.write(in, i));
  }

  private static DayCaptures.Run nightly(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "nightly";
    System.arraycopy(args, 0, all, 1, args.length);
    return DayCaptures.main(all);
  }

  /** Relative path → size and modification time of every file under {@code dir}. */
  private static Map<String, String> listing(java.nio.file.Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<java.nio.file.Path> s = Files.walk(dir)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          m.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
        }
      }
    }
    return m;
  }

  private static Set<String> rows(java.nio.file.Path dir) {
    Set<String> s = new TreeSet<>();
    for (Row r : DayCaptures.spark().read().parquet(dir.toString()).collectAsList()) s.add(r.toString());
    return s;
  }

  /** A written day: _SUCCESS, inputs, packets and top talkers equal direct queries over all files. */
  private static void checkDay(java.nio.file.Path out, String date, int captures) throws IOException {
    java.nio.file.Path day = out.resolve("date=" + date);
    assertTrue(Files.exists(day.resolve(NightlyRun.SUCCESS)), day + " has no _SUCCESS");
    JsonNode summary = new ObjectMapper().readTree(day.resolve("_summary.json").toFile());
    assertEquals(captures, summary.get("inputs").size(), summary.get("inputs").toString());
    String next = LocalDate.parse(date).plusDays(1).toString();
    var direct = DayCaptures.packets(files, date + " 00:00:00", next + " 00:00:00");
    long packets = summary.get("reports").get("summary").get("first").get(0).get("packets").asLong();
    assertEquals(direct.count(), packets);
    assertTrue(packets > 500, packets + " packets");
    Map<String, Long> bytes = DayCaptures.bytesPerAddress(direct);
    List<Row> top = DayCaptures.spark().read().parquet(day.resolve("top-talkers").toString()).collectAsList();
    assertEquals(Math.min(100, bytes.size()), top.size());
    long smallestReported = Long.MAX_VALUE;
    Set<String> reported = new TreeSet<>();
    for (Row r : top) {
      String ip = r.getAs("ip");
      long total = r.getAs("bytes_total");
      assertEquals(bytes.get(ip), total, ip);
      smallestReported = Math.min(smallestReported, total);
      reported.add(ip);
    }
    for (Map.Entry<String, Long> e : bytes.entrySet()) {
      if (!reported.contains(e.getKey())) assertTrue(e.getValue() <= smallestReported, e.toString());
    }
    assertFalse(Files.exists(out.resolve(RunLock.NAME)), "lock left behind");
    assertFalse(Files.exists(out.resolve(NightlyRun.TMP)), "_tmp left behind");
  }

  @Test
  void backfillThenRerunOfOneNight() throws IOException {
    // nights 1 and 2 in turn (a backfill of two days)
    java.nio.file.Path out = tmp.resolve("nightly");
    DayCaptures.Run rb = nightly("--input", in.toString(), "--output", out.toString(), "--from-date", "2026-03-02",
        "--to-date", "2026-03-03");
    System.err.print(rb.err());
    assertEquals(0, rb.status(), rb.err());
    assertTrue(rb.err().contains("day 2026-03-02 (UTC): 2 of 3 captures overlap"), rb.err());
    assertTrue(rb.err().contains("day 2026-03-03 (UTC): 2 of 3 captures overlap"), rb.err());
    List<String> lines = rb.out().lines().toList();
    assertEquals(2, lines.size(), rb.out());
    assertTrue(lines.get(0).startsWith("2026-03-02: written ") && lines.get(1).startsWith("2026-03-03: written "));
    checkDay(out, "2026-03-02", 2); // the morning file and the one across midnight
    checkDay(out, "2026-03-03", 2); // across midnight and the second day
    Map<String, String> night2 = listing(out.resolve("date=2026-03-03"));
    Set<String> talkers1 = rows(out.resolve("date=2026-03-02/top-talkers"));
    Set<String> connections1 = rows(out.resolve("date=2026-03-02/connections"));

    // re-run of night 1: replaced by an equivalent day; night 2 untouched
    DayCaptures.Run r = nightly("--input", in.toString(), "--output", out.toString(), "--date", "2026-03-02");
    System.err.print(r.err());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("2026-03-02: written "), r.out());
    checkDay(out, "2026-03-02", 2);
    assertEquals(night2, listing(out.resolve("date=2026-03-03")));
    assertEquals(talkers1, rows(out.resolve("date=2026-03-02/top-talkers")));
    assertEquals(connections1, rows(out.resolve("date=2026-03-02/connections")));
    try (Stream<java.nio.file.Path> s = Files.list(out)) {
      assertEquals(Set.of("date=2026-03-02", "date=2026-03-03"), s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).collect(java.util.stream.Collectors.toSet()));
    }
  }

  @Test
  void aSecondRunIsRefusedWhileTheLockIsHeld() throws Exception {
    java.nio.file.Path out = tmp.resolve("locked");
    try (RunLock held = RunLock.acquire(DayCaptures.spark().sparkContext().hadoopConfiguration(),
        new org.apache.hadoop.fs.Path(out.toUri()), "test holder", false)) {
      DayCaptures.Run r = nightly("--input", in.toString(), "--output", out.toString(), "--date", "2026-03-02");
      assertEquals(ExitStatus.LOCKED, r.status());
      assertEquals("", r.out());
      assertTrue(r.err().startsWith("pcap-analytics nightly: ") && r.err().indexOf('\n') == r.err().length() - 1,
          r.err());
      assertTrue(r.err().contains("locked by pid " + ProcessHandle.current().pid() + " on host "), r.err());
      assertTrue(r.err().contains("(test holder)") && r.err().contains("--break-lock"), r.err());
      assertTrue(Files.exists(out.resolve(RunLock.NAME)), "the holder's lock is kept");
    }
    assertFalse(Files.exists(out.resolve(RunLock.NAME)));
    // a stale lock is broken on request; a day without captures is status 4 and writes nothing
    Files.createDirectories(out);
    Files.writeString(out.resolve(RunLock.NAME), "{\"pid\": 1, \"host\": \"gone\", \"started\": \"2026-03-01T00:00:00Z\"}");
    DayCaptures.Run r = nightly("--input", in.toString(), "--output", out.toString(), "--date", "2026-03-10");
    assertEquals(ExitStatus.LOCKED, r.status());
    assertTrue(r.err().contains("locked by pid 1 on host gone"), r.err());
    r = nightly("--input", in.toString(), "--output", out.toString(), "--date", "2026-03-10", "--break-lock");
    assertEquals(ExitStatus.NO_PACKETS, r.status(), r.err());
    assertTrue(r.err().contains("day 2026-03-10 (UTC): 0 of 3 captures overlap"), r.err());
    assertTrue(r.err().endsWith("pcap-analytics nightly: no packets for 2026-03-10\n"), r.err());
    assertFalse(Files.exists(out.resolve(RunLock.NAME)));
    assertFalse(Files.exists(out.resolve("date=2026-03-10")));

    // a lock of this host whose process is gone (kill -9): taken over with a warning
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(out.resolve(RunLock.NAME), "{\"pid\": " + gone.pid() + ", \"host\": \"" + host
        + "\", \"started\": \"2026-03-01T00:00:00Z\", \"command\": \"nightly\"}");
    try (LogLines log = LogLines.of(RunLock.class.getName())) {
      r = nightly("--input", in.toString(), "--output", out.toString(), "--date", "2026-03-10");
      assertEquals(ExitStatus.NO_PACKETS, r.status(), r.err());
      assertEquals(List.of("WARN taking over file:" + out.resolve(RunLock.NAME) + ": it was held by pid " + gone.pid()
          + " on host " + host + " since 2026-03-01T00:00:00Z (nightly), and no process " + gone.pid()
          + " runs on this host"), log.lines());
    }
    assertFalse(Files.exists(out.resolve(RunLock.NAME)));
  }

  /**
   * Issue 14's case: beside the good captures, a truncated .gz, a pcapng whose section header is
   * damaged and a text file. Without ignoreCorruptFiles the night fails on one line naming the
   * file and offset; with it the night is written, the readable part of the .gz counted, and the
   * skipped files named in _summary.json and on the page.
   */
  @Test
  void oneBadFileDoesNotStopTheNight() throws IOException {
    java.nio.file.Path bad = tmp.resolve("with-damaged");
    Files.createDirectories(bad);
    for (java.nio.file.Path f : files) Files.copy(f, bad.resolve(f.getFileName()));
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var z = new java.util.zip.GZIPOutputStream(gz)) {
      z.write(Files.readAllBytes(files.get(0)));
    }
    byte[] whole = gz.toByteArray();
    Files.write(bad.resolve("e-truncated.pcap.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    byte[] ng = Files.readAllBytes(org.pcapanalytics.io.Captures.file("pcapng_comments_eth_sll.pcapng"));
    int shb = java.nio.ByteBuffer.wrap(ng, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    ng[shb - 4] ^= 0x08; // the trailing copy of the section header's length no longer agrees
    Files.write(bad.resolve("f-damaged-shb.pcapng"), ng);
    Files.writeString(bad.resolve("notes.txt"), "not a capture\n".repeat(100));

    java.nio.file.Path failed = tmp.resolve("damaged-failed");
    DayCaptures.Run r = nightly("--input", bad.toString(), "--output", failed.toString(), "--date", "2026-03-02");
    assertEquals(1, r.status(), r.err());
    String last = r.err().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("pcap-analytics nightly: ") && last.contains(" at offset ")
        && (last.contains("e-truncated.pcap.gz") || last.contains("f-damaged-shb.pcapng")), last);
    assertFalse(Files.exists(failed.resolve("date=2026-03-02")), "a failed night writes no day");

    java.nio.file.Path out = tmp.resolve("damaged-ignored");
    DayCaptures.Run ok = nightly("--input", bad.toString(), "--output", out.toString(), "--date", "2026-03-02",
        "--option", "ignoreCorruptFiles=true");
    assertEquals(0, ok.status(), ok.err());
    java.nio.file.Path day = out.resolve("date=2026-03-02");
    JsonNode summary = new ObjectMapper().readTree(day.resolve("_summary.json").toFile());
    JsonNode stats = summary.get("readStats");
    assertEquals(2, stats.get("corruptFiles").asLong(), stats.toString());
    assertEquals(1, stats.get("filesNotCapture").asLong(), stats.toString());
    List<String> skipped = new ArrayList<>();
    stats.get("skippedFiles").fieldNames().forEachRemaining(skipped::add);
    assertEquals(3, skipped.size(), skipped.toString());
    assertTrue(skipped.stream().anyMatch(n -> n.endsWith("e-truncated.pcap.gz")), skipped.toString());
    assertTrue(skipped.stream().anyMatch(n -> n.endsWith("f-damaged-shb.pcapng")), skipped.toString());
    // the records before the damage of the .gz are read: more packets than the good files give
    long packets = summary.get("reports").get("summary").get("first").get(0).get("packets").asLong();
    long good = DayCaptures.packets(files, "2026-03-02 00:00:00", "2026-03-03 00:00:00").count();
    assertTrue(packets > good, packets + " packets, " + good + " in the good files");
    String html = Files.readString(day.resolve("report.html"));
    assertTrue(html.contains("e-truncated.pcap.gz") && html.contains("Corrupt files"), "the page names them");
  }

  @Test
  void aFailedRunLeavesNoDayAndNoLock() throws IOException {
    java.nio.file.Path bad = tmp.resolve("with-corrupt");
    Files.createDirectories(bad);
    for (java.nio.file.Path f : files) Files.copy(f, bad.resolve(f.getFileName()));
    byte[] junk = new byte[100_000];
    new java.util.Random(5).nextBytes(junk);
    Files.write(bad.resolve("d-corrupt.pcap"), junk);
    java.nio.file.Path out = tmp.resolve("failed");
    DayCaptures.Run r = nightly("--input", bad.toString(), "--output", out.toString(), "--date", "2026-03-02",
        "--option", "mode=FAILFAST");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("1 without a known span: included"), r.err());
    assertTrue(r.err().contains("3 of 4 captures overlap"), r.err());
    String last = r.err().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("pcap-analytics nightly: ") && last.contains("d-corrupt.pcap"), last);
    try (Stream<java.nio.file.Path> s = Files.list(out)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
    }
  }

  @Test
  void arguments() {
    DayCaptures.Run h = nightly("--help");
    assertEquals(0, h.status());
    assertTrue(h.out().contains("Exit status:") && h.out().contains("3  another run holds OUTPUT/_lock"));
    String[][] bad = {
        {"--output", "o"},
        {"--input", "x"},
        {"--input", "x", "--table", "t", "--output", "o"},
        {"--input", "x", "--output", "o", "--date", "yesterday"},
        {"--input", "x", "--output", "o", "--date", "2026-03-02", "--from-date", "2026-03-01"},
        {"--input", "x", "--output", "o", "--from-date", "2026-03-02"},
        {"--input", "x", "--output", "o", "--from-date", "2026-03-02", "--to-date", "2026-03-01"},
        {"--input", "x", "--output", "o", "--slack", "-1"}};
    for (String[] args : bad) {
      DayCaptures.Run r = nightly(args);
      assertEquals(2, r.status(), String.join(" ", args));
      assertTrue(r.err().startsWith("pcap-analytics nightly: ") && r.err().indexOf('\n') == r.err().length() - 1,
          r.err());
    }
    assertTrue(DayCaptures.main("--help").out().contains("nightly "));
  }

  @Test
  void dayWindowsFollowTheZone() {
    // Berlin switches to summer time on 2026-03-29: that day has 23 hours
    long[] w = NightlyRun.window(LocalDate.parse("2026-03-29"), ZoneId.of("Europe/Berlin"));
    assertEquals(23 * 3600L * 1_000_000_000L, w[1] - w[0]);
    assertEquals(java.time.Instant.parse("2026-03-28T23:00:00Z").getEpochSecond() * 1_000_000_000L, w[0]);
    long[] utc = NightlyRun.window(LocalDate.parse("2026-03-02"), ZoneId.of("UTC"));
    assertEquals(java.time.Instant.parse("2026-03-02T00:00:00Z").getEpochSecond() * 1_000_000_000L, utc[0]);
  }
}

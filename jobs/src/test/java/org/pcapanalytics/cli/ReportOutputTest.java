package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.schedule.RunLock;

/**
 * {@code report --output DIR} holds one run, whole: a run replaces the previous one only when it
 * is done, and replaces all of it; a run killed with kill -9 leaves the previous run as it was; a
 * directory with files no report writes is refused; input without packets writes nothing.
 */
class ReportOutputTest {
  @TempDir
  Path tmp;

  private static final String DNS = Captures.file("dns_packets.pcap").toString();

  /** The names in dir (without Hadoop's checksum files). */
  private static Set<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
    }
  }

  /** Every file under dir but _tmp and _lock (relative path -> size and modification time). */
  private static Map<String, String> published(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String r = dir.relativize(p).toString();
        if (r.startsWith("_tmp") || r.equals(RunLock.NAME)) continue;
        m.put(r, Files.size(p) + " " + Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  /** _summary.json describes exactly the outputs beside it (and {@code more}), each complete. */
  private static JsonNode assertWhole(Path dir, String... more) throws IOException {
    JsonNode s = new ObjectMapper().readTree(dir.resolve("_summary.json").toFile());
    Set<String> expected = new TreeSet<>(List.of("_summary.json"));
    expected.addAll(List.of(more));
    for (Iterator<String> it = s.path("reports").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      expected.add(name);
      assertEquals(dir.resolve(name).toString(), s.path("reports").path(name).path("path").asText(), name);
      assertTrue(Files.exists(dir.resolve(name).resolve("_SUCCESS")), name);
    }
    if (s.path("report").asText().equals("all")) expected.add("report.html");
    assertEquals(expected, entries(dir));
    return s;
  }

  @Test
  void aRunReplacesThePreviousOneWhole() throws IOException {
    Path out = tmp.resolve("out");
    DayCaptures.Run all = DayCaptures.main("report", "all", "--input", DNS, "--output", out.toString());
    assertEquals(0, all.status(), all.err());
    assertTrue(all.out().endsWith("wrote " + out.resolve("report.html") + "\n"), all.out());
    assertEquals("all", assertWhole(out).path("report").asText());
    // Parquet outputs: no dictionary for the columns whose values rarely repeat
    Map<String, Boolean> dictionary = ParquetFooters.dictionaryPages(out.resolve("connections"));
    for (String c : List.of("uid", "start_ts", "end_ts", "duration", "community_id")) assertFalse(dictionary.get(c), c);
    for (String c : List.of("orig_ip", "proto", "conn_state")) assertTrue(dictionary.get(c), c);
    DayCaptures.Run dns = DayCaptures.main("report", "dns", "--input", DNS, "--output", out.toString());
    assertEquals(0, dns.status(), dns.err());
    JsonNode s = assertWhole(out);
    assertEquals("dns", s.path("report").asText());
    assertEquals(Set.of("_summary.json", "dns", "dns-failures", "dns-new-names", "dns-transactions"), entries(out));
  }

  /** report dns over a capture with a damaged record: _summary.json counts what the reader met (was: zeros). */
  @Test
  void readStatsOfADamagedCaptureThroughTheCommandLine() throws IOException {
    Path out = tmp.resolve("stats");
    DayCaptures.Run r = DayCaptures.main("report", "dns", "--input",
        Captures.file("tls_sni_corrupt_record10_header.pcap").toString(), "--output", out.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode stats = new ObjectMapper().readTree(out.resolve("_summary.json").toFile()).path("readStats");
    assertEquals(43, stats.path("records").asLong(), stats.toString());
    assertEquals(76, stats.path("skippedBytes").asLong(), stats.toString());
    assertEquals(1, stats.path("resyncs").asLong(), stats.toString());
    assertTrue(r.out().contains("input: 43 records; 76 malformed bytes skipped"), r.out());
  }

  @Test
  void aDirectoryWithOtherFilesIsRefused() throws IOException {
    Path out = tmp.resolve("mine");
    Files.createDirectories(out);
    Files.writeString(out.resolve("notes.txt"), "mine");
    DayCaptures.Run r = DayCaptures.main("report", "dns", "--input", DNS, "--output", out.toString());
    assertEquals(2, r.status(), r.err());
    assertEquals("pcap-analytics report: --output " + out + " holds 'notes.txt', which no report writes; a report"
        + " replaces the whole directory, so give a new or empty one, or one a report wrote before\n", r.err());
    assertEquals(Set.of("notes.txt"), entries(out));
  }

  @Test
  void inputWithoutPacketsWritesNothing() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path zero = Files.createFile(tmp.resolve("zero.pcap"));
    for (Path in : List.of(empty, zero)) {
      Path out = tmp.resolve("o-" + in.getFileName());
      DayCaptures.Run r = DayCaptures.main("report", "summary", "--input", in.toString(), "--output", out.toString());
      assertEquals(4, r.status(), r.err());
      assertEquals("pcap-analytics report: no packets in " + in + "; nothing written\n", r.err());
      assertEquals(Set.of(), entries(out));
    }
  }

  @Test
  void aRunKilledMidWayLeavesThePreviousRunAndTheNextFinishesCleanly() throws Exception {
    Path out = tmp.resolve("killed");
    assertEquals(0, DayCaptures.main("report", "dns", "--input", DNS, "--output", out.toString()).status());
    Map<String, String> before = published(out);
    CommandProcess p = CommandProcess.start(tmp, Map.of(), "report", "all", "--input",
        Captures.file("http_espn.pcapng").toString(), "--output", out.toString());
    // killed once its first output is written aside
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!firstOutputWritten(out.resolve("_tmp"))) {
      assertTrue(p.process.isAlive(), () -> "finished before it was killed: " + read(p.stderr));
      assertTrue(System.nanoTime() < deadline, "no output written in 3 minutes");
      Thread.sleep(50);
    }
    p.process.destroyForcibly().waitFor();
    assertEquals(before, published(out));
    // the killed run's remains and lock beside the previous run
    assertEquals("dns", assertWhole(out, "_tmp", RunLock.NAME).path("report").asText());

    // the next run takes the lock over (its process is gone), deletes the remains, publishes whole
    try (LogLines log = LogLines.of(RunLock.class.getName())) {
      DayCaptures.Run r = DayCaptures.main("report", "errors", "--input", DNS, "--output", out.toString());
      assertEquals(0, r.status(), r.err());
      assertTrue(log.lines().get(0).contains("taking over " + out.resolve(RunLock.NAME)), log.lines()
          .toString());
    }
    assertEquals("errors", assertWhole(out).path("report").asText());
    assertFalse(Files.exists(out.resolve("_tmp")));
  }

  private static boolean firstOutputWritten(Path tmp) throws IOException {
    if (!Files.isDirectory(tmp)) return false;
    try (Stream<Path> s = Files.walk(tmp, 3)) {
      return s.anyMatch(f -> f.getFileName().toString().equals("_SUCCESS"));
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }
}

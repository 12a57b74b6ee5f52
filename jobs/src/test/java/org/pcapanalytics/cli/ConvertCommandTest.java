package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.lake.CaptureLake;

/**
 * {@code convert} on a growing capture directory, then SQL and reports over the table against the
 * same over the captures.
 */
class ConvertCommandTest {
  @TempDir
  Path tmp;

  private static DayCaptures.Run run(String... args) {
    DayCaptures.Run r = DayCaptures.main(args);
    System.err.print(r.err());
    return r;
  }

  private static CaptureLake lake(Path table) throws IOException {
    return new CaptureLake(DayCaptures.spark().sparkContext().hadoopConfiguration(), table.toString());
  }

  private static Set<String> rows(Path dir) {
    Set<String> s = new TreeSet<>();
    for (Row r : DayCaptures.spark().read().json(dir.toString()).collectAsList()) s.add(r.toString());
    return s;
  }

  /** Columns whose values rarely repeat are written without a dictionary; the others keep theirs. */
  private static void assertDictionaries(Path table) throws IOException {
    Map<String, Boolean> packets = ParquetFooters.dictionaryPages(table.resolve(CaptureLake.PACKETS));
    for (String c : List.of("ts", "ts_ns", "offset", "tcp_seq", "tcp_ack")) assertFalse(packets.get(c), c);
    for (String c : List.of("file", "src_ip", "ip_proto")) assertTrue(packets.get(c), c);
    Map<String, Boolean> connections = ParquetFooters.dictionaryPages(table.resolve(CaptureLake.CONNECTIONS));
    for (String c : List.of("uid", "start_ts", "end_ts", "duration", "community_id")) assertFalse(connections.get(c), c);
    for (String c : List.of("orig_ip", "proto", "conn_state")) assertTrue(connections.get(c), c);
  }

  @Test
  void incrementalConvertThenSqlAndReportsOverTheTable() throws IOException {
    Path in = tmp.resolve("captures");
    Path table = tmp.resolve("lake");
    List<Path> files = new ArrayList<>();
    files.add(DayCaptures.write(in, 0));
    files.add(DayCaptures.write(in, 1));

    DayCaptures.Run r1 = run("convert", "--input", in.toString(), "--output", table.toString());
    assertEquals(0, r1.status(), r1.err());
    assertTrue(r1.out().startsWith("converted 2 files ("), r1.out());
    assertTrue(r1.out().contains("skipped 0 already converted"), r1.out());
    Map<String, CaptureLake.Entry> m1 = lake(table).manifest();
    assertEquals(2, m1.size());
    assertDictionaries(table);
    for (Path f : files) {
      CaptureLake.Entry e = m1.get("file:" + f);
      assertEquals(DayCaptures.spark().read().format("pcap").load(f.toString()).count(), e.rows(), f.toString());
      assertEquals(Files.size(f), e.size());
      assertEquals(Files.getLastModifiedTime(f).toMillis(), e.modificationTime());
    }

    // the directory grows: only the new file is converted
    files.add(DayCaptures.write(in, 2));
    DayCaptures.Run r2 = run("convert", "--input", in.toString(), "--output", table.toString());
    assertEquals(0, r2.status(), r2.err());
    assertTrue(r2.out().startsWith("converted 1 file ("), r2.out());
    assertTrue(r2.out().contains("skipped 2 already converted"), r2.out());
    assertEquals(2, r2.out().lines().filter(l -> l.startsWith("  skipped (already converted): ")).count(), r2.out());
    assertTrue(r2.err().contains("convert: 1 new file (") && r2.err().contains("2 already converted"), r2.err());
    Map<String, CaptureLake.Entry> m2 = lake(table).manifest();
    assertEquals(3, m2.size());
    assertEquals(2, lake(table).batches().size());
    assertEquals(m1.get("file:" + files.get(0)), m2.get("file:" + files.get(0)));
    assertFalse(m2.get("file:" + files.get(2)).batch().equals(m1.get("file:" + files.get(0)).batch()));

    // what a run that failed while publishing leaves (a batch without manifest) is removed and never read
    Path orphan = table.resolve("packets/batch=20000101T000000Z-deadbeef/date=2026-03-02");
    Files.createDirectories(orphan);
    Files.copy(Files.list(table.resolve("packets/batch=" + m1.get("file:" + files.get(0)).batch() + "/date=2026-03-02"))
        .filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow(), orphan.resolve("part-x.parquet"));
    assertEquals(DayCaptures.spark().read().format("pcap").load(in.toString()).count(),
        lake(table).packets(DayCaptures.spark()).count());
    DayCaptures.Run r3 = run("convert", "--input", in.toString(), "--output", table.toString());
    assertEquals(0, r3.status(), r3.err());
    assertTrue(r3.out().startsWith("nothing new: 3 files already converted"), r3.out());
    assertTrue(r3.err().contains("(left by a run that did not finish)"), r3.err());
    assertFalse(Files.exists(orphan.getParent()));

    // SQL: the same answers over the table as over the captures
    String top = "SELECT src_ip, sum(wirelen) AS bytes, count(*) AS packets FROM packets WHERE src_ip IS NOT NULL "
        + "GROUP BY src_ip ORDER BY bytes DESC, src_ip LIMIT 10";
    DayCaptures.Run overTable = run("sql", "--csv", "--table", table.toString(), top);
    DayCaptures.Run overCaptures = run("sql", "--csv", "--input", in.toString(), top);
    assertEquals(0, overTable.status(), overTable.err());
    assertEquals(overCaptures.out(), overTable.out());
    assertEquals(11, overTable.out().lines().count());
    // the three captures do not overlap in time, so no connection is split between the two batches
    String conns = "SELECT count(*), sum(orig_bytes), count(DISTINCT uid) FROM connections";
    assertEquals(run("sql", "--csv", "--input", in.toString(), conns).out(),
        run("sql", "--csv", "--table", table.toString(), conns).out());
    String hints = "SELECT count(tls_sni), count(tls_ja4), count(http_host), count(http_user_agent) FROM connections";
    String hintCounts = run("sql", "--csv", "--input", in.toString(), hints).out();
    assertEquals(hintCounts, run("sql", "--csv", "--table", table.toString(), hints).out());
    assertTrue(hintCounts.lines().skip(1).findFirst().orElseThrow().matches("[1-9][0-9]*(,[1-9][0-9]*){3}"), hintCounts);
    // the date partition: UTC date of ts
    assertEquals("n\r\n0\r\n", run("sql", "--csv", "--table", table.toString(),
        "SELECT count(*) AS n FROM packets WHERE date <> to_date(ts)").out());

    // partition pruning: the dates of a window are read, and hold every packet of the window
    long from = java.time.Instant.parse("2026-03-03T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    long to = from + 86_400_000_000_000L;
    var day = lake(table).packets(DayCaptures.spark()).where(CaptureLake.datesOf(from, to));
    String plan = day.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("PartitionFilters: [") && plan.contains("(date#"), plan);
    assertEquals(DayCaptures.packets(files, "2026-03-03 00:00:00", "2026-03-04 00:00:00").count(), day.count());

    // reports over a window: the table gives the rows the captures give
    Path rt = tmp.resolve("reports-table");
    Path rc = tmp.resolve("reports-captures");
    String[] window = {"--from", "2026-03-02T12:00:00Z", "--to", "2026-03-03T12:00:00Z", "--format", "json"};
    DayCaptures.Run a = run(concat(new String[] {"report", "all", "--table", table.toString(), "--output", rt.toString()}, window));
    DayCaptures.Run b = run(concat(new String[] {"report", "all", "--input", in.toString(), "--output", rc.toString()}, window));
    assertEquals(0, a.status(), a.err());
    assertEquals(0, b.status(), b.err());
    for (String out : List.of("connections", "top-talkers", "top-conversations", "after-hours", "dns", "dns-new-names",
        "dns-transactions", "errors", "summary-hourly", "summary-protocols")) {
      assertEquals(rows(rc.resolve(out)), rows(rt.resolve(out)), out);
    }
    assertTrue(rows(rt.resolve("connections")).size() > 50);
    // read statistics: of the captures, or absent with the reason for the table (never zeros claiming clean input)
    JsonNode fromCaptures = new ObjectMapper().readTree(rc.resolve("_summary.json").toFile());
    JsonNode fromTable = new ObjectMapper().readTree(rt.resolve("_summary.json").toFile());
    assertTrue(fromCaptures.path("readStats").path("records").asLong() > 1000, fromCaptures.toString());
    assertTrue(fromTable.path("readStats").isNull(), fromTable.path("readStats").toString());
    assertTrue(fromTable.path("readStatsAbsent").asText().startsWith("read from the capture lake "));
    JsonNode totals = fromTable.path("reports").path("summary").path("first").path(0);
    assertTrue(totals.path("records_read").isNull() && totals.path("skipped_bytes").isNull(), totals.toString());
    assertTrue(Files.readString(rt.resolve("report.html")).contains("Input quality: the reader&#39;s counters are "
        + "not known: read from the capture lake "));

    // a table converted by an older version, before some columns existed: read with them null
    for (String batch : lake(table).batches()) {
      for (String[] t : new String[][] {{"packets", "tls_ja4"},
          {"connections", "community_id", "tls_sni", "tls_ja4", "http_host", "http_user_agent"}}) {
        Path dir = table.resolve(t[0]).resolve("batch=" + batch);
        Path older = tmp.resolve("older-" + t[0] + "-" + batch);
        DayCaptures.spark().read().parquet(dir.toString()).drop(Arrays.copyOfRange(t, 1, t.length)).write()
            .partitionBy("date")
            .parquet(older.toString());
        deleteTree(dir);
        Files.move(older, dir);
      }
    }
    assertEquals(run("sql", "--csv", "--input", in.toString(), conns).out(),
        run("sql", "--csv", "--table", table.toString(), conns + " WHERE community_id IS NULL AND tls_sni IS NULL"
            + " AND tls_ja4 IS NULL AND http_host IS NULL AND http_user_agent IS NULL").out());
    DayCaptures.Run old = run("report", "watchlist", "--table", table.toString(), "--output",
        tmp.resolve("reports-old-batch").toString());
    assertEquals(0, old.status(), old.err());

    // a converted file that changed is reported, not converted again
    Files.setLastModifiedTime(files.get(0), FileTime.fromMillis(Files.getLastModifiedTime(files.get(0)).toMillis() + 60_000));
    DayCaptures.Run r4 = run("convert", "--input", in.toString(), "--output", table.toString());
    assertEquals(0, r4.status(), r4.err());
    assertTrue(r4.out().contains("1 changed since converted, not converted again"), r4.out());
    assertTrue(r4.out().contains("NOT converted (changed since converted): file:" + files.get(0)), r4.out());
    assertTrue(r4.err().contains("WARNING file:" + files.get(0) + " changed since batch"), r4.err());
    assertEquals(3, lake(table).manifest().size());
    assertFalse(Files.exists(table.resolve("_lock")));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /**
   * A file that is not a capture is not recorded as converted; an input without captures says so
   * (exit 4) and leaves no table; a missing input leaves none either; no _tmp/ is left behind;
   * sizes in decimal units, as the HTML page gives them.
   */
  @Test
  void filesNotCapturesAndInputsWithoutCaptures() throws IOException {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path capture = Files.copy(Captures.file("http_espn.pcapng"), in.resolve("espn.pcapng")); // 684,660 bytes
    Path text = Files.writeString(in.resolve("MANIFEST.md"), "# captures\n");
    Path table = tmp.resolve("lake");
    DayCaptures.Run r = run("convert", "--input", in.toString(), "--output", table.toString(), "--option",
        "ignoreCorruptFiles=true");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("converted 1 file (685 kB) into batch "), r.out());
    assertTrue(r.out().contains("  NOT converted (no rows): file:" + text + ": at offset 0: not a pcap"
        + " or pcapng capture"), r.out());
    assertEquals(Set.of("file:" + capture), lake(table).manifest().keySet());
    assertFalse(Files.exists(table.resolve(CaptureLake.TMP)), "no _tmp/ left");
    assertFalse(Files.exists(table.resolve("_lock")));
    // the next run looks at the text file again, and has nothing new
    DayCaptures.Run again = run("convert", "--input", in.toString(), "--output", table.toString(), "--option",
        "ignoreCorruptFiles=true");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().startsWith("nothing new: 1 file already converted"), again.out());
    assertTrue(again.out().contains("  NOT converted (no rows): file:" + text), again.out());
    assertFalse(Files.exists(table.resolve(CaptureLake.TMP)), "no _tmp/ left");

    Path onlyText = Files.createDirectories(tmp.resolve("text"));
    Files.writeString(onlyText.resolve("SHA256SUMS"), "0 x\n");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    for (Path dir : List.of(empty, onlyText)) {
      Path t = tmp.resolve("t-" + dir.getFileName());
      DayCaptures.Run none = run("convert", "--input", dir.toString(), "--output", t.toString(), "--option",
          "ignoreCorruptFiles=true");
      assertEquals(4, none.status(), none.err());
      assertEquals("pcap-analytics convert: no packets in " + dir + (dir == empty ? "" : " (1 file without rows)")
          + "; nothing written\n", none.err().lines().filter(l -> l.startsWith("pcap-analytics")).findFirst()
          .orElse("") + "\n");
      assertFalse(Files.exists(t), "no table");
    }
    Path t = tmp.resolve("t-missing");
    DayCaptures.Run missing = run("convert", "--input", tmp.resolve("no-such").toString(), "--output", t.toString());
    assertEquals(1, missing.status(), missing.err());
    assertTrue(missing.err().contains("Path does not exist"), missing.err());
    assertFalse(Files.exists(t), "no table");
  }

  @Test
  void argumentsAndLock() throws IOException {
    assertEquals(0, DayCaptures.main("convert", "--help").status());
    assertEquals(2, DayCaptures.main("convert", "--output", "x").status());
    assertEquals(2, DayCaptures.main("convert", "--input", "x").status());
    assertEquals(2, DayCaptures.main("report", "all", "--input", "x", "--table", "t", "--output", "o").status());
    assertEquals(2, DayCaptures.main("sql", "--input", "x", "--table", "t", "SELECT 1").status());
    DayCaptures.Run empty = DayCaptures.main("sql", "--table", tmp.resolve("none").toString(), "SELECT 1");
    assertEquals(1, empty.status());
    assertTrue(empty.err().contains("holds no converted captures"), empty.err());
    Files.createDirectories(tmp.resolve("t"));
    Files.writeString(tmp.resolve("t/_lock"), "{\"pid\": 7, \"host\": \"h\", \"started\": \"x\", \"command\": \"convert\"}");
    DayCaptures.Run locked = DayCaptures.main("convert", "--input", tmp.toString(), "--output", tmp.resolve("t").toString());
    assertEquals(3, locked.status());
    assertTrue(locked.err().contains("locked by pid 7 on host h"), locked.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

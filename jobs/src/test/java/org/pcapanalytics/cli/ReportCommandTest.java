package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;
import org.pcapanalytics.spark.LocalSpark;

/** {@code report}: arguments, outputs, _summary.json, time window. */
class ReportCommandTest {
  @TempDir
  Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs through Main (arguments only: these fail before a SparkSession exists). */
  private int main(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Runs the command on the tests' SparkSession (left open), mapping errors as Main does. */
  private int report(String... args) {
    Command c = new ReportCommand(spark());
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    try {
      return c.run(args, o, e);
    } catch (UsageException x) {
      e.println("pcap-analytics report: " + x.getMessage());
      return 2;
    } catch (Exception x) {
      e.println("pcap-analytics report: " + Errors.oneLine(x));
      return 1;
    }
  }

  private static SparkSession spark() {
    return LocalSpark.get();
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String capture(String name) {
    return Captures.file(name).toString();
  }

  @Test
  void helpAndListing() {
    assertEquals(0, main("report", "--help"));
    assertTrue(stdout().startsWith("usage: pcap-analytics report NAME"), stdout());
    assertTrue(stdout().contains("after-hours") && stdout().contains("--from TS"));
    out.reset();
    assertEquals(0, main("--help"));
    assertTrue(stdout().contains("report "));
  }

  @Test
  void badArgumentsGiveOneLineAndStatusTwo() throws IOException {
    Path badConfig = tmp.resolve("bad.json");
    Files.writeString(badConfig, "{ \"internalNetworks\": [\"10.0.0.0/33\"] }");
    List<String[]> cases = List.of(
        new String[] {"report"},
        new String[] {"report", "nonsense", "--input", "x", "--output", "y"},
        new String[] {"report", "all", "--output", "y"},
        new String[] {"report", "all", "--input", "x"},
        new String[] {"report", "all", "--input", "x", "--output", "y", "--format", "xml"},
        new String[] {"report", "all", "--input", "x", "--output", "y", "--from", "yesterday"},
        new String[] {"report", "all", "--input", "x", "--output", "y", "--from", "2026-03-02", "--to", "2026-03-01"},
        new String[] {"report", "all", "--input", "x", "--output", "y", "--config", badConfig.toString()},
        new String[] {"report", "all", "--input", "x", "--output", "y", "--bogus"});
    for (String[] args : cases) {
      out.reset();
      err.reset();
      assertEquals(2, main(args), String.join(" ", args));
      assertEquals("", stdout());
      String e = stderr();
      assertTrue(e.startsWith("pcap-analytics report: ") && e.indexOf('\n') == e.length() - 1, e);
    }
    assertTrue(stderr().contains("--bogus"));
  }

  @Test
  void timestamps() {
    assertEquals(1_772_409_600_000_000_000L, ReportCommand.timestamp("--from", "2026-03-02"));
    assertEquals(1_772_438_400_000_000_000L, ReportCommand.timestamp("--from", "2026-03-02T08:00:00Z"));
    assertEquals(1_772_438_400_000_000_000L, ReportCommand.timestamp("--from", "2026-03-02 08:00"));
    assertEquals(1_772_438_400_000_000_000L, ReportCommand.timestamp("--from", "2026-03-02T09:00+01:00"));
    assertEquals(1_772_438_400_500_000_000L, ReportCommand.timestamp("--from", "1772438400.5"));
  }

  @Test
  void allReportsFromOneRun() throws IOException {
    Path cfg = tmp.resolve("site.json");
    Files.writeString(cfg, """
        // business hours in Berlin, a watch list
        { "businessHours": { "timeZone": "Europe/Berlin" },
          "watchlist": { "domains": ["espn.go.com"], "addresses": ["63.85.36.0/24"] },
          "reports": { "topN": 10 } }
        """);
    Path dir = tmp.resolve("out");
    assertEquals(0, report("all", "--input", capture("http_espn.pcapng"), "--output", dir.toString(), "--format",
        "json", "--config", cfg.toString()), stderr());
    Set<String> outputs = new TreeSet<>();
    try (var s = Files.list(dir)) {
      s.forEach(p -> outputs.add(p.getFileName().toString()));
    }
    assertEquals(new TreeSet<>(List.of("_summary.json", "report.html", "connections", "top-talkers",
        "top-conversations", "top-services", "after-hours", "dns", "dns-failures", "dns-new-names", "dns-transactions",
        "watchlist", "errors", "summary", "summary-hourly", "summary-protocols")), outputs);
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("_summary.json").toFile());
    assertEquals("all", summary.get("report").asText());
    JsonNode reports = summary.get("reports");
    assertEquals(39, reports.get("connections").get("rows").asLong()); // 25 TCP, 14 DNS lookups
    assertEquals(25, reports.get("connections").get("byState").get("S1").asLong());
    assertEquals(10, reports.get("top-talkers").get("rows").asLong()); // topN from the configuration
    assertEquals(956, reports.get("summary").get("first").get(0).get("packets").asLong());
    assertEquals(956, summary.get("readStats").get("records").asLong());
    assertTrue(reports.get("watchlist").get("rows").asLong() > 5);
    // captured on Wednesday 2010-04-07 from 17:29:29 UTC: 19:29 in Berlin (CEST), after 18:00; in UTC
    // it would be inside business hours
    assertEquals(39, reports.get("after-hours").get("rows").asLong());
    assertTrue(reports.get("after-hours").get("largest").get(0).get("local_start").asText()
        .startsWith("2010-04-07T19:29:"));
    // JSON lines written by Spark, one object per row
    for (String name : List.of("connections", "top-talkers", "watchlist", "after-hours")) {
      long rows = spark().read().json(dir.resolve(name).toString()).count();
      assertEquals(reports.get(name).get("rows").asLong(), rows, name);
    }
    String printed = stdout();
    assertTrue(printed.contains("== top-talkers: 10 rows -> "), printed);
    assertTrue(printed.contains("172.16.0.122"));
  }

  @Test
  void cachedPacketsGiveTheSameReports() throws IOException {
    // corrupt and truncated input too: the read statistics must not depend on the mode
    String[] in = {"--input", capture("http_espn.pcapng"), "--input", capture("tls_sni_corrupt_record10_header.pcap"),
        "--input", capture("dns_packets_truncated_mid_record.pcap")};
    Path plain = tmp.resolve("plain");
    Path cached = tmp.resolve("cached");
    List<String> a = new ArrayList<>(List.of("all", "--output", plain.toString(), "--format", "json"));
    a.addAll(List.of(in));
    assertEquals(0, report(a.toArray(new String[0])), stderr());
    List<String> b = new ArrayList<>(List.of("all", "--output", cached.toString(), "--format", "json",
        "--cache-packets"));
    b.addAll(List.of(in));
    assertEquals(0, report(b.toArray(new String[0])), stderr());
    ObjectMapper m = new ObjectMapper();
    JsonNode p = m.readTree(plain.resolve("_summary.json").toFile());
    JsonNode c = m.readTree(cached.resolve("_summary.json").toFile());
    assertTrue(p.get("readStats").get("skippedBytes").asLong() > 0, p.get("readStats").toString());
    assertEquals(p.get("readStats"), c.get("readStats"));
    for (String name : List.of("connections", "top-talkers", "dns", "errors", "summary", "summary-hourly")) {
      assertEquals(p.get("reports").get(name).get("rows"), c.get("reports").get(name).get("rows"), name);
      assertEquals(lines(plain.resolve(name)), lines(cached.resolve(name)), name);
    }
  }

  /** The lines of an output directory's files, sorted. */
  private static List<String> lines(Path dir) {
    List<String> l = new ArrayList<>(spark().read().text(dir.toString()).as(Encoders.STRING()).collectAsList());
    l.sort(null);
    return l;
  }

  @Test
  void timeWindowAndNewNames() throws IOException {
    // dns_packets: split the capture in time; names asked after the split but never before are new
    List<Map<String, String>> frames = GoldenCsv.of("dns_packets.pcap").rows();
    Long from = GoldenCsv.epochNanos(frames.get(frames.size() / 2).get("frame.time_epoch"));
    Set<String> before = new TreeSet<>();
    Set<String> after = new TreeSet<>();
    long inWindow = 0;
    for (Map<String, String> f : frames) {
      long ts = GoldenCsv.epochNanos(f.get("frame.time_epoch"));
      if (ts >= from) inWindow++;
      String n = f.get("dns.qry.name").toLowerCase();
      if (n.isEmpty()) continue;
      (ts < from ? before : after).add(n);
    }
    after.removeAll(before);
    assertTrue(after.size() > 10 && after.size() < 170, after.size() + " new names");
    String fromText = String.format("%d.%09d", from / 1_000_000_000L, from % 1_000_000_000L);
    Path dir = tmp.resolve("dns");
    assertEquals(0, report("dns", "--input", capture("dns_packets.pcap"), "--output", dir.toString(), "--format",
        "csv", "--from", fromText), stderr());
    JsonNode reports = new ObjectMapper().readTree(dir.resolve("_summary.json").toFile()).get("reports");
    assertEquals(after.size(), reports.get("dns-new-names").get("rows").asLong());
    assertTrue(reports.get("dns-new-names").get("baseline").asText().startsWith("packets before"));
    long csvRows = spark().read().option("header", "true").csv(dir.resolve("dns-new-names").toString()).count();
    assertEquals(after.size(), csvRows);
    // the window: only packets from --from on were read
    long packets = spark().read().format("pcap").load(capture("dns_packets.pcap")).where("ts_ns >= " + from).count();
    assertEquals(inWindow, packets);
  }

  @Test
  void noIpTrafficGivesEmptyConnectionsButCountsWhatWasRead() throws IOException {
    Path dir = tmp.resolve("wifi");
    assertEquals(0, report("connections", "--input", capture("wifi_radiotap_wpa.pcapng"), "--output", dir.toString()),
        stderr());
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("_summary.json").toFile());
    assertEquals(0, summary.get("reports").get("connections").get("rows").asLong());
    assertEquals(12, summary.get("readStats").get("records").asLong());
  }

  @Test
  void missingInputIsStatusOne() {
    assertEquals(1, report("connections", "--input", tmp.resolve("nope.pcap").toString(), "--output",
        tmp.resolve("o").toString()));
    String e = stderr();
    assertTrue(e.startsWith("pcap-analytics report: ") && e.indexOf('\n') == e.length() - 1, e);
  }
}

package org.pcapanalytics.report.html;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.report.AfterHoursReport;
import org.pcapanalytics.report.ErrorsReport;
import org.pcapanalytics.report.SummaryReport;
import org.pcapanalytics.report.TopTalkersReport;
import org.pcapanalytics.report.WatchlistReport;
import org.w3c.dom.Document;

/** The HTML writer on hand-made summaries, without Spark or a browser. */
class HtmlReportTest {
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String IMG = "\"><img src=x onerror=alert(2)>";
  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path tmp;

  /** A summary like ReportRunner's, with {@code hours} hourly rows from 2026-03-02T00:00Z. */
  private ObjectNode summary(int hours) {
    ObjectNode s = json.createObjectNode();
    s.put("report", "all");
    s.putArray("inputs").add("/data/cap" + IMG + ".pcap");
    s.put("format", "parquet");
    s.put("output", "/out/2026-03-02");
    s.putObject("window").putNull("from").putNull("to");
    s.put("config", "site.json");
    s.put("timeZone", "Europe/Berlin");
    ObjectNode r = s.putObject("reports");
    ObjectNode t = r.putObject(SummaryReport.SUMMARY.name());
    t.put("rows", 1);
    ObjectNode row = t.putArray("first").addObject();
    row.put("first_ts", "2026-03-02T00:00:01.5Z").put("last_ts", "2026-03-02T23:59:00Z").put("duration", 86338.5)
        .put("packets", 1234567).put("bytes", 987654321L).put("captured_bytes", 987000000L).put("ip_packets", 1234000)
        .put("truncated_packets", 0).put("malformed_packets", 7).put("connections", 4321).put("skipped_bytes", 224)
        .put("resyncs", 2).put("bad_records", 0).put("truncated_records", 0).put("files_not_capture", 1)
        .put("dropped_malformed_rows", 0);
    ObjectNode h = r.putObject(SummaryReport.SUMMARY_HOURLY.name());
    h.put("rows", hours);
    ArrayNode head = h.putArray("head");
    for (int i = 0; i < hours; i++) {
      head.addObject().put("hour", Instant.parse("2026-03-02T00:00:00Z").plusSeconds(3600L * i).toString())
          .put("packets", 100 + i).put("bytes", 100_000L * (i + 1));
    }
    ObjectNode p = r.putObject(SummaryReport.SUMMARY_PROTOCOLS.name());
    p.put("rows", 2);
    ArrayNode ph = p.putArray("head");
    ph.addObject().put("protocol", "tcp").put("packets", 1000000).put("bytes", 900000000L).put("bytes_share", 0.9113);
    ph.addObject().put("protocol", "udp").put("packets", 234567).put("bytes", 87654321L).put("bytes_share", 0.0887);
    ObjectNode tt = r.putObject(TopTalkersReport.TOP_TALKERS.name());
    tt.put("rows", 2).put("topN", 100);
    ArrayNode th = tt.putArray("head");
    th.addObject().put("ip", "10.0.0.1").put("bytes_sent", 1000).put("bytes_received", 123455678)
        .put("bytes_total", 123456678).put("packets_sent", 10).put("packets_received", 20).put("connections", 3)
        .put("peers", 2);
    th.addObject().put("ip", "2001:db8::1").put("bytes_sent", 5).put("bytes_received", 6).put("bytes_total", 11)
        .put("packets_sent", 1).put("packets_received", 1).put("connections", 1).put("peers", 1);
    ObjectNode ah = r.putObject(AfterHoursReport.AFTER_HOURS.name());
    ah.put("rows", 40).put("internalToExternal", 3).put("bytesOut", 5_000_000).put("timeZone", "Europe/Berlin");
    ah.putArray("head").addObject().put("local_start", "2026-03-02T23:10:00.25").put("orig_ip", "10.0.0.1")
        .put("resp_ip", "8.8.8.8").put("resp_port", 8080).put("service", SCRIPT).put("conn_state", "SF")
        .put("internal_to_external", true).put("bytes_out", 4_999_000).put("uid", "CKx3ea0tLkzpEv8d1b")
        .put("community_id", "1:wCb3OG7yAFWelaUydu0D+125CLM=");
    ObjectNode w = r.putObject(WatchlistReport.WATCHLIST.name());
    w.put("rows", 1).put("domains", 1).put("networks", 0);
    w.putArray("head").addObject().put("indicator", "evil.example").put("source", "dns")
        .put("value", SCRIPT + ".evil.example").put("client_ip", "10.0.0.2").put("server_ip", "10.0.0.53")
        .put("first_seen", "2026-03-02T10:00:00Z").put("events", 3).put("bytes_out", 300);
    ObjectNode e = r.putObject(ErrorsReport.ERRORS.name());
    e.put("rows", 0);
    e.putArray("head");
    return s;
  }

  @Test
  void showsTheSummaryNumbersAndEscapesEverythingFromTheData() throws Exception {
    String html = HtmlReport.render(summary(24));
    // totals exactly as in the summary, with units
    assertTrue(html.contains(">1,234,567<"), "packets");
    assertTrue(html.contains(">988 MB<") && html.contains("987,654,321 bytes on the wire"), "bytes");
    assertTrue(html.contains(">4,321<"), "connections");
    assertTrue(field(html, "malformed_packets").contains(">7<"));
    assertTrue(field(html, "skipped_bytes").contains(">224<"));
    assertTrue(field(html, "files_not_capture").contains(">1<"));
    assertTrue(html.contains("malformed or skipped input"));
    // local times with the zone, UTC alongside
    assertTrue(html.contains("Mon 2026-03-02 01:00:01 CET"), "first packet in Berlin time");
    assertTrue(html.contains("UTC: 2026-03-02T00:00:01.500Z"));
    // top talker with its exact bytes, protocols, tables with counts of all rows
    assertTrue(html.contains("123,456,678 bytes total (1,000 sent, 123,455,678 received)"));
    assertTrue(html.contains("Top 1 of 40 after-hours connections"));
    // each listed connection: uid, Community ID and the command that extracts its packets, shell-quoted
    assertTrue(html.contains("<summary><code>CKx3ea0tLkzpEv8d1b</code></summary>"), "uid");
    assertTrue(html.contains("Community ID <code>1:wCb3OG7yAFWelaUydu0D+125CLM=</code>"), "community id");
    assertTrue(html.contains("<code class=\"cmd\">scripts/pcap-analytics extract --input "
        + Html.esc("'/data/cap" + IMG + ".pcap'") + " --config site.json --uid CKx3ea0tLkzpEv8d1b"
        + " --output CKx3ea0tLkzpEv8d1b.pcapng</code>"), "extract command");
    assertEquals("'it'\\''s here'", HtmlReport.shellQuote("it's here"));
    assertEquals("/a/b-1.pcap", HtmlReport.shellQuote("/a/b-1.pcap"));
    assertTrue(html.contains(">8080<"), "ports without separators");
    assertTrue(html.contains("2026-03-02 23:10"));
    assertTrue(html.contains("All 1 watch-list hits"));
    assertTrue(html.contains("No failures."));
    assertTrue(html.contains(">91.1%<") && html.contains("tcp: 900,000,000 bytes (91.1%)"));

    // hostile text from packets is text, never markup
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script element");
    assertFalse(html.contains("<img"), "no img element");
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.evil.example"));
    assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    assertNoUrls(html);
    assertSvgsAreXml(html, 3);
  }

  @Test
  void hourlyChartFillsGapsAndLabelsLocalTime() throws Exception {
    ObjectNode s = summary(0);
    ArrayNode head = (ArrayNode) s.path("reports").path(SummaryReport.SUMMARY_HOURLY.name()).path("head");
    head.addObject().put("hour", "2026-03-02T07:00:00Z").put("packets", 5).put("bytes", 1500);
    head.addObject().put("hour", "2026-03-02T10:00:00Z").put("packets", 6).put("bytes", 2500);
    String html = HtmlReport.render(s);
    String chart = svg(html, "chart-hourly");
    assertEquals(4, count(chart, "<rect "), "07, 08, 09, 10 h");
    assertTrue(chart.contains("Mon 2026-03-02 08:00 CET: 1,500 bytes (1.50 kB), 5 packets"));
    assertTrue(chart.contains("Mon 2026-03-02 10:00 CET: 0 bytes (0 B), 0 packets"));
    assertTrue(chart.contains("Hour (local time, Europe/Berlin)"));
    assertTrue(chart.contains("peak 2.50 kB"));
  }

  @Test
  void oneHourOnly() throws Exception {
    String html = HtmlReport.render(summary(1));
    String chart = svg(html, "chart-hourly");
    assertEquals(1, count(chart, "<rect "));
    assertTrue(chart.contains("100,000 bytes (100 kB), 100 packets"));
    assertSvgsAreXml(html, 3);
  }

  @Test
  void manyDaysAreDrawnPerDay() throws Exception {
    String chart = svg(HtmlReport.render(summary(40 * 24)), "chart-hourly");
    assertTrue(chart.contains("Traffic per day"));
    assertEquals(41, count(chart, "<rect "), "40 UTC days are 41 Berlin days");
  }

  /** The input-quality box names the skipped files the read statistics name, escaped, the first 20 of them. */
  @Test
  void namesTheSkippedFiles() throws Exception {
    ObjectNode s = summary(1);
    ObjectNode files = s.putObject("readStats").putObject("skippedFiles");
    files.put("/data/MANIFEST.md", "at offset 0: not a pcap or pcapng capture (first bytes: 23 20 63 61)");
    files.put("/data/cut" + IMG + ".pcap.gz", "at offset 195644: truncated gzip stream");
    String html = HtmlReport.render(s);
    assertTrue(html.contains("Skipped files (2):"), html);
    assertTrue(html.contains("<li><code>/data/MANIFEST.md</code>: at offset 0: not a pcap or pcapng capture (first"
        + " bytes: 23 20 63 61)</li>"));
    assertTrue(html.contains("<li><code>/data/cut&quot;&gt;&lt;img src=x onerror=alert(2)&gt;.pcap.gz</code>: at"
        + " offset 195644: truncated gzip stream</li>"));
    for (int i = 0; i < 30; i++) files.put("/data/x" + i, "not a capture");
    String many = HtmlReport.render(s);
    assertEquals(20, count(many.substring(many.indexOf("<ul class=\"skipped-files\">")), "<li><code>"));
    assertTrue(many.contains("<li>… 12 more, all in <code>_summary.json</code></li>"));
    assertFalse(HtmlReport.render(summary(1)).contains("Skipped files"), "none named, no list");
  }

  /** Three years of days: a label per month or year that says which, never a band of day names. */
  @Test
  void yearsAreLabelledByMonthOrYear() throws Exception {
    ObjectNode s = summary(0);
    ArrayNode head = (ArrayNode) s.path("reports").path(SummaryReport.SUMMARY_HOURLY.name()).path("head");
    for (int d = 0; d < 3 * 365; d++) {
      head.addObject().put("hour", Instant.parse("2024-01-01T12:00:00Z").plusSeconds(86400L * d).toString())
          .put("packets", 1).put("bytes", 1000);
    }
    String html = HtmlReport.render(s);
    String chart = svg(html, "chart-hourly");
    assertTrue(chart.contains("Traffic per day"));
    assertTrue(html.contains("<h2 id=\"hourly-h\">Traffic per day</h2>"), "the section says what the chart draws");
    assertTrue(html.contains("<a href=\"#hourly\">Traffic per day</a>"));
    assertFalse(html.contains("Traffic per hour"));
    Matcher m = Pattern.compile(">((?:[A-Z][a-z]{2} )?\\d{4})</text>").matcher(chart);
    List<String> labels = new ArrayList<>();
    while (m.find()) labels.add(m.group(1));
    // 1,095 days: a label every third month
    assertEquals(List.of("Jan 2024", "Apr 2024", "Jul 2024", "Oct 2024", "Jan 2025", "Apr 2025", "Jul 2025",
        "Oct 2025", "Jan 2026", "Apr 2026", "Jul 2026", "Oct 2026"), labels);
    assertFalse(Pattern.compile(">[A-Z][a-z]{2} \\d\\d [A-Z][a-z]{2}</text>").matcher(chart).find(),
        "no day labels");
    assertSvgsAreXml(html, 3);
  }

  @Test
  void emptyDataAndZeroRows() throws Exception {
    ObjectNode s = summary(0);
    ObjectNode r = (ObjectNode) s.path("reports");
    ((ArrayNode) r.path(SummaryReport.SUMMARY_PROTOCOLS.name()).path("head")).removeAll();
    ((ArrayNode) r.path(TopTalkersReport.TOP_TALKERS.name()).path("head")).removeAll();
    ((ArrayNode) r.path(AfterHoursReport.AFTER_HOURS.name()).path("head")).removeAll();
    ((ObjectNode) r.path(AfterHoursReport.AFTER_HOURS.name())).put("rows", 0);
    ((ObjectNode) r.path(WatchlistReport.WATCHLIST.name())).put("rows", 0).put("domains", 0);
    ((ArrayNode) r.path(WatchlistReport.WATCHLIST.name()).path("head")).removeAll();
    String html = HtmlReport.render(s);
    assertFalse(html.contains("<svg"), "no chart without data");
    assertTrue(html.contains("No timestamped packets: nothing to chart."));
    assertTrue(html.contains("No connections outside business hours."));
    assertTrue(html.contains("No watch list is configured."));
    assertTrue(html.contains("All 0 after-hours connections"));

    // a summary of a single report: the rest did not run
    ObjectNode only = json.createObjectNode();
    only.put("report", "dns");
    only.putObject("reports");
    String bare = HtmlReport.render(only);
    assertTrue(bare.contains("The summary report did not run"));
    assertTrue(bare.contains("The errors report did not run."));
    assertTrue(bare.contains("UTC"), "zone defaults to UTC");
  }

  @Test
  void fallsBackToTheFirstRowsOfOlderSummaries() {
    ObjectNode s = summary(0);
    ObjectNode tt = (ObjectNode) s.path("reports").path(TopTalkersReport.TOP_TALKERS.name());
    tt.set("first", tt.remove("head"));
    assertEquals(2, HtmlReport.rows(tt).size());
    assertTrue(HtmlReport.render(s).contains("123,456,678 bytes total"));
  }

  @Test
  void writesNextToTheSummaryJson() throws Exception {
    Files.writeString(tmp.resolve("_summary.json"), json.writeValueAsString(summary(3)));
    org.apache.hadoop.fs.Path p = HtmlReport.write(new Configuration(),
        new org.apache.hadoop.fs.Path(tmp.toUri()));
    assertEquals(tmp.resolve("report.html").toUri().getPath(), p.toUri().getPath());
    String html = Files.readString(tmp.resolve("report.html"));
    assertEquals(HtmlReport.render(summary(3)), html);
    assertFalse(Files.exists(tmp.resolve(".report.html.crc")));
  }

  @Test
  void formats() {
    assertEquals("999 B", Html.bytes(999));
    assertEquals("1.00 kB", Html.bytes(1000));
    assertEquals("66.0 MB", Html.bytes(65_984_014));
    assertEquals("1.50 GB", Html.bytes(1.5e9));
    assertEquals("1.00 MB", Html.bytes(999_999));
    assertEquals("12,345", Html.count(12345));
    assertEquals("<0.1%", Html.percent(0.0003));
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;\uFFFD", Html.esc("<a href=\"x\">&'\u0007"));
    assertArrayEquals(new double[] {0, 1}, SvgCharts.niceTicks(0));
    assertArrayEquals(new double[] {0, 500_000, 1_000_000, 1_500_000, 2_000_000}, SvgCharts.niceTicks(1_730_000));
    assertArrayEquals(new double[] {0, 5, 10, 15}, SvgCharts.niceTicks(11), "whole steps below 10");
    assertArrayEquals(new double[] {0, 25, 50, 75, 100, 125}, SvgCharts.niceTicks(110));
  }

  /** The page references nothing outside itself. */
  static void assertNoUrls(String html) {
    // no URL scheme anywhere, no CSS import, no src/href attribute but in-page links (#id)
    Matcher m = Pattern.compile("(?i)(https?:|url\\(|@import|<[a-z][^>]*\\s(src|href)\\s*=\\s*(?![\"']?#))")
        .matcher(html);
    assertFalse(m.find(), () -> "external reference: " + html.substring(Math.max(0, m.start() - 60),
        Math.min(html.length(), m.end() + 60)));
  }

  /** Every inline SVG is well-formed XML (so escaping inside charts is right). */
  static void assertSvgsAreXml(String html, int expected) throws Exception {
    Matcher m = Pattern.compile("(?s)<svg .*?</svg>").matcher(html);
    int n = 0;
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    while (m.find()) {
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
      assertEquals("img", d.getDocumentElement().getAttribute("role"));
      assertEquals(1, d.getElementsByTagName("desc").getLength());
      n++;
    }
    assertEquals(expected, n);
  }

  private static String svg(String html, String id) {
    Matcher m = Pattern.compile("(?s)<svg class=\"chart\" id=\"" + id + "\".*?</svg>").matcher(html);
    assertTrue(m.find(), id);
    return m.group();
  }

  private static String field(String html, String field) {
    Matcher m = Pattern.compile("data-field=\"" + field + "\"[^\\n]*").matcher(html);
    assertTrue(m.find(), field);
    return m.group();
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
    return n;
  }
}

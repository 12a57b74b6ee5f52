package org.pcapanalytics.report.html;

import static org.pcapanalytics.report.html.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.pcapanalytics.io.ReadCounter;

/**
 * The self-contained HTML page of a {@code report all} run, {@code DIR/report.html}: capture
 * window, inputs and totals, traffic per hour, top talkers and protocol mix as inline SVG charts,
 * and tables of after-hours connections, watch-list hits and errors.
 *
 * <p>It is drawn from {@code DIR/_summary.json} alone, which keeps the rows of each output the
 * page draws ({@link #ROWS_DRAWN}), so it can be rendered again from an existing output directory
 * without Spark: {@code HtmlReport.write(conf, new Path("hdfs:///reports/2026-03-02"))}. It reads
 * the summary as a file format, by its keys, and knows nothing of the code that wrote it. The
 * page needs no network and runs no script: CSS and SVG are inline, and its
 * Content-Security-Policy forbids scripts and external resources. Every text from the data is
 * HTML-escaped.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static final String FILE = "report.html";
  public static final String SUMMARY_JSON = "_summary.json";

  // the outputs of _summary.json the page draws
  static final String SUMMARY = "summary";
  static final String HOURLY = "summary-hourly";
  static final String PROTOCOLS = "summary-protocols";
  static final String TOP_TALKERS = "top-talkers";
  static final String AFTER_HOURS = "after-hours";
  static final String WATCHLIST = "watchlist";
  static final String ERRORS = "errors";

  /** Rows of the tables (after-hours, watch list, errors). */
  static final int TABLE_ROWS = 25;
  /** Addresses in the top talkers chart. */
  static final int TALKERS = 15;
  /** Skipped files named in the input-quality box (all of them are in _summary.json). */
  static final int SKIPPED_FILES = 20;

  /**
   * The outputs the page draws and how many of their rows it needs: the summary keeps that many
   * under {@code head} (0: its usual first rows are enough).
   */
  public static final Map<String, Integer> ROWS_DRAWN = Map.of(SUMMARY, 0, HOURLY, SvgCharts.MAX_HOURLY_BARS * 2,
      PROTOCOLS, 50, TOP_TALKERS, TALKERS, AFTER_HOURS, TABLE_ROWS, WATCHLIST, TABLE_ROWS, ERRORS, TABLE_ROWS);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code outputDir/_summary.json} and writes {@code outputDir/report.html}; returns its path. */
  public static Path write(Configuration conf, Path outputDir) throws IOException {
    Path p = new Path(outputDir, SUMMARY_JSON);
    JsonNode summary;
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf); InputStream in = fs.open(p)) {
      summary = JSON.readTree(in);
    }
    return write(conf, outputDir, summary);
  }

  /** Writes {@code outputDir/report.html} for this summary; returns its path. */
  public static Path write(Configuration conf, Path outputDir, JsonNode summary) throws IOException {
    Path p = new Path(outputDir, FILE);
    // a private instance: no .crc file next to it on local disks, without changing the shared one
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      fs.setWriteChecksum(false);
      try (OutputStream os = fs.create(p, true)) {
        os.write(render(summary).getBytes(StandardCharsets.UTF_8));
      }
    }
    return p;
  }

  /** The page for the content of a {@code _summary.json}. */
  public static String render(JsonNode summary) {
    return new Page(summary).render();
  }

  /** The rows an output kept for this page: {@code head}, else the usual first (or largest) rows. */
  static List<JsonNode> rows(JsonNode report) {
    JsonNode a = report.path("head");
    if (!a.isArray()) a = report.has("largest") ? report.path("largest") : report.path("first");
    List<JsonNode> l = new ArrayList<>();
    a.forEach(l::add);
    return l;
  }

  /**
   * How a column's cells wrap: not at all, anywhere (names from packets), after colons (addresses);
   * MARKUP: not at all, and the cell is markup its format built (escaping what it holds).
   */
  private enum Wrap { NONE, ANYWHERE, ADDRESS, MARKUP }

  /**
   * One table column: header, the JSON field (empty: the format sees the whole row), numeric
   * (right-aligned), wrapping, how to show a value.
   */
  private record Col(String header, String field, boolean numeric, Wrap wrap, Function<JsonNode, String> format) {
    Col(String header, String field, boolean numeric, Function<JsonNode, String> format) {
      this(header, field, numeric, Wrap.NONE, format);
    }

    static Col text(String header, String field) {
      return new Col(header, field, false, Wrap.NONE, Col::plain);
    }

    static Col name(String header, String field) {
      return new Col(header, field, false, Wrap.ANYWHERE, Col::plain);
    }

    /** An IP address: long IPv6 ones may break after a colon. */
    static Col address(String header, String field) {
      return new Col(header, field, false, Wrap.ADDRESS, Col::plain);
    }

    static Col count(String header, String field) {
      return new Col(header, field, true, v -> v.isNumber() ? Html.count(v.asLong()) : plain(v));
    }

    /** A number shown as is (ports). */
    static Col number(String header, String field) {
      return new Col(header, field, true, Col::plain);
    }

    private static String plain(JsonNode v) {
      return v.isNull() || v.isMissingNode() ? "" : v.asText();
    }
  }

  /** A word as a POSIX shell reads it: as is when it is plain, else in single quotes. */
  static String shellQuote(String w) {
    if (!w.isEmpty() && w.matches("[A-Za-z0-9_@%+=:,./-]+")) return w;
    return "'" + w.replace("'", "'\\''") + "'";
  }

  private static final class Page {
    private final JsonNode s;
    private final JsonNode reports;
    private final JsonNode totals;
    private final ZoneId zone;
    private final StringBuilder h = new StringBuilder(64 * 1024);

    Page(JsonNode summary) {
      s = summary;
      reports = summary.path("reports");
      List<JsonNode> t = rows(reports.path(SUMMARY));
      totals = t.isEmpty() ? MissingNode.getInstance() : t.get(0);
      zone = zone(summary);
    }

    /** The report time zone: the configured business-hours zone (top level, else after-hours'), else UTC. */
    private static ZoneId zone(JsonNode summary) {
      String id = summary.path("timeZone").asText(null);
      if (id == null) id = summary.path("reports").path(AFTER_HOURS).path("timeZone").asText(null);
      try {
        return id == null ? ZoneOffset.UTC : ZoneId.of(id);
      } catch (DateTimeException e) {
        return ZoneOffset.UTC;
      }
    }

    String render() {
      Instant first = Html.instant(totals.path("first_ts").asText(null));
      Instant last = Html.instant(totals.path("last_ts").asText(null));
      String title = "Network report" + (first == null ? "" : " — " + Html.MINUTES.format(first.atZone(zone))
          + (last == null ? "" : " to " + Html.MINUTES.format(last.atZone(zone))) + " " + zone.getId());
      h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
          .append("style-src 'unsafe-inline'; img-src data:\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<meta name=\"generator\" content=\"pcap-analytics\">\n")
          .append("<title>").append(esc(title)).append("</title>\n<style>").append(CSS).append("</style>\n</head>\n")
          .append("<body>\n<main>\n");
      header(first, last);
      totals();
      nav();
      hourly();
      talkers();
      protocols();
      afterHours();
      watchlist();
      errors();
      footer();
      h.append("</main>\n</body>\n</html>\n");
      return h.toString();
    }

    private void header(Instant first, Instant last) {
      h.append("<header class=\"top\">\n<p class=\"eyebrow\">pcap-analytics · report ")
          .append(esc(s.path("report").asText("all"))).append("</p>\n<h1>Network traffic report</h1>\n");
      if (first != null && last != null) {
        h.append("<p class=\"window\"><span class=\"label\">Capture window</span> <time datetime=\"")
            .append(esc(first)).append("\">").append(esc(Html.local(first, zone, Html.DATE_TIME))).append("</time> – ")
            .append("<time datetime=\"").append(esc(last)).append("\">")
            .append(esc(Html.local(last, zone, Html.DATE_TIME))).append("</time> <span class=\"muted\">(")
            .append(esc(Html.duration(totals.path("duration").asDouble()))).append(")</span></p>\n")
            .append("<p class=\"utc muted\">UTC: ").append(esc(first)).append(" – ").append(esc(last)).append("</p>\n");
      } else {
        h.append("<p class=\"window\">No timestamped packets in the input.</p>\n");
      }
      h.append("<dl class=\"meta\">\n<dt>Inputs</dt><dd><ul class=\"inputs\">");
      for (JsonNode in : s.path("inputs")) h.append("<li><code>").append(esc(in.asText())).append("</code></li>");
      h.append("</ul></dd>\n");
      JsonNode w = s.path("window");
      String from = w.path("from").asText(null);
      String to = w.path("to").asText(null);
      h.append("<dt>Time filter</dt><dd>").append(from == null && to == null ? "none (whole capture)"
          : esc((from == null ? "start" : from) + " ≤ t < " + (to == null ? "end" : to))).append("</dd>\n");
      h.append("<dt>Configuration</dt><dd>").append(esc(s.path("config").asText(""))).append("</dd>\n");
      h.append("<dt>Time zone</dt><dd>").append(esc(zone.getId())).append(" (times on this page are local to it)")
          .append("</dd>\n");
      h.append("<dt>Output</dt><dd><code>").append(esc(s.path("output").asText(""))).append("</code> (")
          .append(esc(s.path("format").asText(""))).append(")");
      if (s.has("elapsedSeconds")) {
        h.append(", computed in ").append(esc(String.format(Locale.ROOT, "%.1f s", s.path("elapsedSeconds").asDouble())));
      }
      h.append("</dd>\n</dl>\n</header>\n");
    }

    private void totals() {
      h.append("<section aria-labelledby=\"totals-h\">\n<h2 id=\"totals-h\" class=\"sr-only\">Totals</h2>\n")
          .append("<div class=\"cards\">\n");
      if (totals.isMissingNode()) {
        h.append("<p class=\"empty\">The summary report did not run: no totals.</p>");
      } else {
        long bytes = totals.path("bytes").asLong();
        card("Packets", Html.count(totals.path("packets").asLong()), "packets", "frames read");
        card("Bytes", Html.bytes(bytes), "bytes", Html.count(bytes) + " bytes on the wire");
        JsonNode c = totals.path("connections");
        card("Connections", c.isNumber() ? Html.count(c.asLong()) : "—", "connections", "Zeek conn.log model");
        card("IP packets", Html.count(totals.path("ip_packets").asLong()), "ip_packets",
            Html.count(totals.path("captured_bytes").asLong()) + " bytes captured");
      }
      h.append("</div>\n");
      if (!totals.isMissingNode()) health();
      h.append("</section>\n");
    }

    private void card(String label, String value, String field, String note) {
      h.append("<div class=\"card\" data-field=\"").append(esc(field)).append("\"><div class=\"card-label\">")
          .append(esc(label)).append("</div><div class=\"card-value\">").append(esc(value))
          .append("</div><div class=\"card-note\">").append(esc(note)).append("</div></div>\n");
    }

    /** Malformed and skipped input: the packets' own problems and the reader's counters. */
    private void health() {
      // the packets' own problems, then every counter the reader keeps (declared in ReadCounter)
      List<String[]> fields = new ArrayList<>(List.of(
          new String[] {"malformed_packets", "Malformed packets", "frames with a decode error"},
          new String[] {"truncated_packets", "Truncated packets", "cut by the snapshot length"}));
      for (ReadCounter c : ReadCounter.values()) {
        if (c.summaryColumn() == null || c == ReadCounter.RECORDS || c == ReadCounter.DECODE_ERRORS) continue;
        String label = c.summaryColumn().replace('_', ' ');
        fields.add(new String[] {c.summaryColumn(), Character.toUpperCase(label.charAt(0)) + label.substring(1),
            c.metricDescription()});
      }
      long problems = 0;
      for (String[] f : fields) problems += totals.path(f[0]).asLong();
      // the reader's counters are absent when no capture was read (a capture lake): not known, not clean
      String absent = s.path("readStatsAbsent").asText(null);
      h.append("<div class=\"health ").append(problems > 0 ? "warn" : absent != null ? "unknown" : "ok")
          .append("\">\n<h3>Input quality: ").append(problems > 0 ? "malformed or skipped input"
              : absent != null ? esc("the reader's counters are not known: " + absent)
              : "clean — nothing malformed or skipped").append("</h3>\n<dl class=\"counters\">\n");
      for (String[] f : fields) {
        JsonNode v = totals.path(f[0]);
        h.append("<div data-field=\"").append(f[0]).append("\"").append(v.asLong() > 0 ? " class=\"bad\"" : "")
            .append(" title=\"").append(esc(f[2])).append("\"><dt>").append(esc(f[1])).append("</dt><dd>")
            .append(v.isNumber() ? Html.count(v.asLong()) : "—").append("</dd></div>\n");
      }
      h.append("</dl>\n");
      skippedFiles(s.path("readStats").path("skippedFiles"));
      h.append("</div>\n");
    }

    /** The files the readers skipped (not captures, unreadable with ignoreCorruptFiles), by name: path -> reason. */
    private void skippedFiles(JsonNode files) {
      if (!files.isObject() || files.isEmpty()) return;
      h.append("<p class=\"note\">Skipped files (").append(Html.count(files.size())).append("):</p>\n")
          .append("<ul class=\"skipped-files\">\n");
      int shown = 0;
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext() && shown < SKIPPED_FILES; shown++) {
        Map.Entry<String, JsonNode> f = it.next();
        h.append("<li><code>").append(esc(f.getKey())).append("</code>: ").append(esc(f.getValue().asText()))
            .append("</li>\n");
      }
      if (files.size() > shown) {
        h.append("<li>… ").append(Html.count(files.size() - shown)).append(" more, all in <code>")
            .append(esc(HtmlReport.SUMMARY_JSON)).append("</code></li>\n");
      }
      h.append("</ul>\n");
    }

    private void nav() {
      h.append("<nav aria-label=\"Sections\"><ul>")
          .append("<li><a href=\"#hourly\">").append(trafficTitle()).append("</a></li>")
          .append("<li><a href=\"#talkers\">Top talkers</a></li>")
          .append("<li><a href=\"#protocols\">Protocol mix</a></li>")
          .append("<li><a href=\"#after-hours\">After hours").append(badge(AFTER_HOURS)).append("</a></li>")
          .append("<li><a href=\"#watchlist\">Watch list").append(badge(WATCHLIST)).append("</a></li>")
          .append("<li><a href=\"#errors\">Errors").append(badge(ERRORS)).append("</a></li>")
          .append("</ul></nav>\n");
    }

    private String badge(String report) {
      JsonNode r = reports.path(report).path("rows");
      return r.isNumber() ? " <span class=\"badge" + (r.asLong() > 0 ? " hot" : "") + "\">" + Html.count(r.asLong())
          + "</span>" : "";
    }

    private boolean section(String id, String title, String report, String intro) {
      h.append("<section id=\"").append(id).append("\" aria-labelledby=\"").append(id).append("-h\">\n<h2 id=\"")
          .append(id).append("-h\">").append(esc(title)).append("</h2>\n");
      if (!reports.has(report)) {
        h.append("<p class=\"empty\">The ").append(esc(report)).append(" report did not run.</p>\n</section>\n");
        return false;
      }
      if (intro != null) h.append("<p class=\"intro\">").append(intro).append("</p>\n");
      return true;
    }

    /** The hourly rows the summary holds, in time order as written. */
    private List<SvgCharts.Hour> hours() {
      List<SvgCharts.Hour> hours = new ArrayList<>();
      for (JsonNode row : rows(reports.path(HOURLY))) {
        Instant t = Html.instant(row.path("hour").asText(null));
        if (t != null) hours.add(new SvgCharts.Hour(t, row.path("packets").asLong(), row.path("bytes").asLong()));
      }
      return hours;
    }

    /** "Traffic per hour", or "Traffic per day" when the chart draws days. */
    private String trafficTitle() {
      return "Traffic per " + (SvgCharts.daily(hours()) ? "day" : "hour");
    }

    private void hourly() {
      List<SvgCharts.Hour> hours = hours();
      String unit = SvgCharts.daily(hours) ? "day" : "hour";
      if (!section("hourly", trafficTitle(), HOURLY, "Bytes on the wire per " + unit
          + " of capture time. Hover a bar for its exact bytes and packets.")) {
        return;
      }
      JsonNode r = reports.path(HOURLY);
      h.append("<figure>").append(SvgCharts.hourly("chart-hourly", hours, zone)).append("</figure>\n");
      long total = r.path("rows").asLong(hours.size());
      if (total > hours.size()) {
        h.append("<p class=\"note\">The first ").append(Html.count(hours.size())).append(" of ")
            .append(Html.count(total)).append(" hours are drawn; all of them are in <code>")
            .append(esc(r.path("path").asText())).append("</code>.</p>\n");
      }
      // the figures as a table, for screen readers and for copying
      h.append("<details><summary>Hourly figures (").append(Html.count(hours.size())).append(" hours with traffic)")
          .append("</summary>\n<table>\n<thead><tr><th scope=\"col\">Hour (").append(esc(zone.getId()))
          .append(")</th><th scope=\"col\" class=\"num\">Packets</th><th scope=\"col\" class=\"num\">Bytes</th>")
          .append("</tr></thead>\n<tbody>\n");
      for (SvgCharts.Hour x : hours) {
        h.append("<tr><td>").append(esc(Html.local(x.start(), zone, Html.MINUTES))).append("</td><td class=\"num\">")
            .append(Html.count(x.packets())).append("</td><td class=\"num\">").append(Html.count(x.bytes()))
            .append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n</details>\n</section>\n");
    }

    private void talkers() {
      JsonNode r = reports.path(TOP_TALKERS);
      if (!section("talkers", "Top talkers", TOP_TALKERS,
          "Addresses by bytes sent plus received (frame bytes on the wire, outermost IP header, as tshark's "
              + "<code>-z endpoints,ip</code> counts them).")) {
        return;
      }
      List<JsonNode> rows = rows(r);
      if (rows.size() > TALKERS) rows = rows.subList(0, TALKERS);
      List<SvgCharts.HBar> bars = new ArrayList<>();
      for (JsonNode x : rows) {
        long sent = x.path("bytes_sent").asLong();
        long recv = x.path("bytes_received").asLong();
        long total = x.path("bytes_total").asLong();
        bars.add(new SvgCharts.HBar(x.path("ip").asText(), new double[] {sent, recv}, Html.bytes(total),
            x.path("ip").asText() + ": " + Html.count(total) + " bytes total (" + Html.count(sent) + " sent, "
                + Html.count(recv) + " received), " + Html.count(x.path("connections").asLong()) + " connections"));
      }
      h.append("<figure>").append(SvgCharts.horizontal("chart-talkers", "Top talkers by bytes",
          "The " + bars.size() + " addresses that sent and received the most bytes, sent and received stacked"
              + (bars.isEmpty() ? "." : "; first " + rows.get(0).path("ip").asText() + " with "
                  + Html.bytes(rows.get(0).path("bytes_total").asLong()) + "."),
          bars, new String[] {SvgCharts.SENT, SvgCharts.RECEIVED}, new String[] {"Sent", "Received"}, Html::bytes,
          "Bytes (sent + received)")).append("</figure>\n");
      table("Top " + rows.size() + " of " + Html.count(r.path("rows").asLong()) + " addresses kept (reports.topN = "
          + r.path("topN").asText("?") + "), by bytes total", rows, cols(
              Col.address("Address", "ip"), names(rows, "names", "Names (DNS)"), geo(rows, "", "Country · AS"),
              Col.count("Bytes sent", "bytes_sent"),
              Col.count("Bytes received", "bytes_received"), Col.count("Bytes total", "bytes_total"),
              Col.count("Packets sent", "packets_sent"), Col.count("Packets received", "packets_received"),
              Col.count("Connections", "connections"), Col.count("Peers", "peers")), "No addresses.", true);
      h.append("</section>\n");
    }

    private void protocols() {
      JsonNode r = reports.path(PROTOCOLS);
      if (!section("protocols", "Protocol mix", PROTOCOLS,
          "Share of bytes per IP protocol; frames without IP by EtherType (arp, …) or non-ip.")) {
        return;
      }
      List<JsonNode> rows = rows(r);
      List<SvgCharts.HBar> bars = new ArrayList<>();
      int i = 0;
      double all = 0;
      for (JsonNode x : rows) all += x.path("bytes").asDouble();
      for (JsonNode x : rows) {
        long bytes = x.path("bytes").asLong();
        double share = x.has("bytes_share") ? x.path("bytes_share").asDouble() : all == 0 ? 0 : bytes / all;
        bars.add(new SvgCharts.HBar(x.path("protocol").asText(), new double[] {bytes},
            Html.percent(share) + " · " + Html.bytes(bytes), x.path("protocol").asText() + ": " + Html.count(bytes)
                + " bytes (" + Html.percent(share) + "), " + Html.count(x.path("packets").asLong()) + " packets",
            SvgCharts.CATEGORIES[i % SvgCharts.CATEGORIES.length]));
        i++;
      }
      h.append("<figure>").append(SvgCharts.horizontal("chart-protocols", "Protocol mix by bytes",
          "Bytes per protocol" + (rows.isEmpty() ? "." : "; " + rows.get(0).path("protocol").asText() + " carries "
              + Html.percent(rows.get(0).path("bytes_share").asDouble()) + " of the bytes."),
          bars, SvgCharts.CATEGORIES, new String[] {"Bytes"}, Html::bytes, "Bytes")).append("</figure>\n");
      table(Html.count(r.path("rows").asLong()) + " protocols by bytes", rows, List.of(
          Col.text("Protocol", "protocol"), Col.count("Packets", "packets"), Col.count("Bytes", "bytes"),
          new Col("Share of bytes", "bytes_share", true, v -> v.isNumber() ? Html.percent(v.asDouble()) : "")),
          "No packets.", true);
      h.append("</section>\n");
    }

    private void afterHours() {
      JsonNode r = reports.path(AFTER_HOURS);
      if (!section("after-hours", "After-hours connections", AFTER_HOURS,
          "Connections that started outside business hours (" + esc(r.path("timeZone").asText(zone.getId()))
              + "). <strong>" + Html.count(r.path("internalToExternal").asLong()) + "</strong> went from an internal "
              + "to an external address, sending <strong>" + esc(Html.bytes(r.path("bytesOut").asLong()))
              + "</strong> (" + Html.count(r.path("bytesOut").asLong()) + " bytes) out.")) {
        return;
      }
      List<JsonNode> rows = rows(r);
      table(shown(rows.size(), r, "after-hours connections", "Top") + ", largest bytes out first", rows, cols(
          new Col("Start (local)", "local_start", false, v -> Html.localText(v.asText(null))),
          Col.address("Originator", "orig_ip"), geo(rows, "orig_", "Originator country · AS"),
          Col.address("Responder", "resp_ip"), names(rows, "resp_names", "Responder names (DNS)"),
          geo(rows, "resp_", "Responder country · AS"),
          Col.number("Port", "resp_port"),
          Col.text("Service", "service"), Col.text("State", "conn_state"),
          new Col("Internal → external", "internal_to_external", false, v -> v.asBoolean() ? "yes" : "no"),
          Col.count("Bytes out", "bytes_out"), packets()), "No connections outside business hours.", false);
      h.append("</section>\n");
    }

    /**
     * The connection's uid and Community ID, and the command line that extracts its packets (in a
     * details element: the page has no scripts, and the command is selected with one click).
     */
    private Col packets() {
      return new Col("Packets", "uid", false, Wrap.MARKUP, row -> {
        String uid = row.path("uid").asText("");
        if (uid.isEmpty()) return "";
        String cid = row.path("community_id").asText("");
        return "<details class=\"extract\"><summary><code>" + esc(uid) + "</code></summary>"
            + (cid.isEmpty() ? "" : "<div class=\"muted\">Community ID <code>" + esc(cid) + "</code></div>")
            + "<code class=\"cmd\">" + esc(extractCommand(uid)) + "</code></details>";
      });
    }

    /** {@code pcap-analytics extract} of one connection from this run's inputs, quoted for a POSIX shell. */
    private String extractCommand(String uid) {
      StringBuilder c = new StringBuilder("scripts/pcap-analytics extract");
      if (s.hasNonNull("table")) c.append(" --table ").append(shellQuote(s.path("table").asText()));
      for (JsonNode in : s.path("inputs")) c.append(" --input ").append(shellQuote(in.asText()));
      String config = s.path("config").asText("built-in defaults");
      if (!config.equals("built-in defaults")) c.append(" --config ").append(shellQuote(config));
      return c.append(" --uid ").append(uid).append(" --output ").append(uid).append(".pcapng").toString();
    }

    private void watchlist() {
      JsonNode r = reports.path(WATCHLIST);
      if (!section("watchlist", "Watch-list hits", WATCHLIST,
          "Configured domains and addresses seen in DNS questions, TLS SNI, HTTP Host and connection endpoints ("
              + Html.count(r.path("domains").asLong()) + " domains, " + Html.count(r.path("networks").asLong())
              + (r.path("networks").asLong() == 1 ? " network" : " networks") + geoEntries(r) + " on the list).")) {
        return;
      }
      List<JsonNode> rows = rows(r);
      boolean none = r.path("domains").asLong() + r.path("networks").asLong() + r.path("countries").asLong()
          + r.path("asns").asLong() == 0;
      table(shown(rows.size(), r, "watch-list hits", "First") + ", in order of first sighting", rows, cols(
          Col.name("Indicator", "indicator"), Col.text("Seen in", "source"), Col.name("Value", "value"),
          Col.address("Client", "client_ip"), geo(rows, "client_", "Client country · AS"),
          Col.address("Server", "server_ip"), names(rows, "server_names", "Server names (DNS)"),
          geo(rows, "server_", "Server country · AS"),
          new Col("First seen", "first_seen", false, v -> Html.instantText(v.asText(null), zone)),
          Col.count("Events", "events"), Col.count("Bytes out", "bytes_out")),
          none ? "No watch list is configured." : "No watch-list hits.", false);
      h.append("</section>\n");
    }

    private void errors() {
      JsonNode r = reports.path(ERRORS);
      if (!section("errors", "Errors", ERRORS,
          "Per client and server: unanswered (S0) and refused (REJ) TCP attempts, resets, ICMP unreachable, "
              + "DNS NXDOMAIN and SERVFAIL answers.")) {
        return;
      }
      List<JsonNode> rows = rows(r);
      table(shown(rows.size(), r, "client/server pairs with failures", "Top") + ", most failures first", rows, List.of(
          Col.address("Client", "client_ip"), Col.address("Server", "server_ip"), Col.count("Failures", "failures"),
          Col.count("S0", "s0"), Col.count("REJ", "rej"), Col.count("Resets", "resets"),
          Col.count("ICMP unreach.", "icmp_unreachable"), Col.count("NXDOMAIN", "dns_nxdomain"),
          Col.count("SERVFAIL", "dns_servfail")), "No failures.", false);
      h.append("</section>\n");
    }

    /** "Top 25 of 1,029 …" or "All 3 …". */
    private static String shown(int shown, JsonNode report, String what, String which) {
      long total = report.path("rows").asLong(shown);
      return (shown < total ? which + " " + Html.count(shown) + " of " : "All ") + Html.count(total) + " " + what;
    }

    /** A column of the names in {@code field} (an array), comma-separated; null when no row has the field. */
    private static Col names(List<JsonNode> rows, String field, String header) {
      boolean any = false;
      for (JsonNode r : rows) any |= r.has(field);
      if (!any) return null;
      return new Col(header, field, false, Wrap.ANYWHERE, v -> {
        List<String> l = new ArrayList<>();
        v.forEach(x -> l.add(x.asText()));
        return String.join(", ", l);
      });
    }

    /** ", 2 countries, 1 AS" when the watch list names countries or ASes, else nothing. */
    private static String geoEntries(JsonNode r) {
      long c = r.path("countries").asLong();
      long a = r.path("asns").asLong();
      if (c + a == 0) return "";
      return ", " + Html.count(c) + (c == 1 ? " country, " : " countries, ") + Html.count(a) + (a == 1 ? " AS" : " ASes");
    }

    /** The columns that are there (a {@link #geo} column is null when the rows have no GeoIP fields). */
    private static List<Col> cols(Col... cols) {
      List<Col> l = new ArrayList<>();
      for (Col c : cols) {
        if (c != null) l.add(c);
      }
      return l;
    }

    /**
     * A column with the country and AS of an address ({@code PREFIXcountry}, {@code PREFIXasn},
     * {@code PREFIXas_org}, present when GeoIP databases are configured), e.g. {@code SE · AS29518
     * Bredband2 AB}; null when no row has them.
     */
    private static Col geo(List<JsonNode> rows, String prefix, String header) {
      boolean any = false;
      for (JsonNode r : rows) any |= r.has(prefix + "country") || r.has(prefix + "asn");
      if (!any) return null;
      return new Col(header, "", false, Wrap.ANYWHERE, row -> {
        List<String> parts = new ArrayList<>();
        if (row.hasNonNull(prefix + "country")) parts.add(row.path(prefix + "country").asText());
        if (row.hasNonNull(prefix + "asn")) {
          String org = row.path(prefix + "as_org").asText("");
          parts.add("AS" + row.path(prefix + "asn").asText() + (org.isEmpty() ? "" : " " + org));
        }
        return String.join(" · ", parts);
      });
    }

    private void table(String caption, List<JsonNode> rows, List<Col> cols, String none, boolean compact) {
      h.append("<div class=\"table-wrap\"><table").append(compact ? " class=\"compact\"" : "").append(">\n<caption>")
          .append(esc(caption)).append("</caption>\n<thead><tr>");
      for (Col c : cols) {
        h.append("<th scope=\"col\"").append(c.numeric() ? " class=\"num\"" : "").append(">").append(esc(c.header()))
            .append("</th>");
      }
      h.append("</tr></thead>\n<tbody>\n");
      if (rows.isEmpty()) {
        h.append("<tr class=\"none\"><td colspan=\"").append(cols.size()).append("\">").append(esc(none))
            .append("</td></tr>\n");
      }
      for (JsonNode row : rows) {
        h.append("<tr>");
        for (Col c : cols) {
          String v = c.wrap() == Wrap.MARKUP ? c.format().apply(row)
              : esc(c.format().apply(c.field().isEmpty() ? row : row.path(c.field())));
          h.append("<td").append(c.numeric() ? " class=\"num\"" : c.wrap() == Wrap.ANYWHERE ? " class=\"wrap\"" : "")
              .append(">").append(c.wrap() == Wrap.ADDRESS ? v.replace(":", ":<wbr>") : v).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</tbody>\n</table></div>\n");
    }

    private void footer() {
      h.append("<footer>\n<p>Written by pcap-analytics from <code>").append(esc(SUMMARY_JSON))
          .append("</code> of this directory; every output is in full under <code>")
          .append(esc(s.path("output").asText(""))).append("/NAME/</code>. Bytes are frame bytes on the wire; ")
          .append("1 kB = 1,000 bytes, 1 MB = 1,000,000 bytes. Times are in ").append(esc(zone.getId()))
          .append(" unless marked UTC.</p>\n</footer>\n");
    }
  }

  private static final String CSS = """
      :root{--bg:#f4f6f9;--card:#fff;--text:#1f2937;--muted:#6b7280;--line:#e5e7eb;--accent:#2563eb;--warn:#b45309;\
      --bad:#fef2f2;--ok:#047857}
      *{box-sizing:border-box}
      html{background:var(--bg)}
      body{margin:0;color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",\
      "DejaVu Sans",Arial,sans-serif;font-variant-numeric:tabular-nums}
      main{max-width:1180px;margin:0 auto;padding:28px 24px 40px}
      code,.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
      h1{font-size:28px;line-height:1.2;margin:2px 0 10px;letter-spacing:-.01em}
      h2{font-size:19px;margin:0 0 4px}
      h3{font-size:14px;margin:0 0 8px}
      .eyebrow{margin:0;color:var(--accent);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.06em}
      .window{font-size:16px;margin:0}.window .label{color:var(--muted);margin-right:6px}
      .utc{margin:2px 0 14px;font-size:12px}
      .muted{color:var(--muted)}
      .meta{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0;font-size:13px}
      .meta dt{color:var(--muted)}.meta dd{margin:0;overflow-wrap:anywhere}
      .inputs{margin:0;padding:0;list-style:none}
      header.top,section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px 22px;\
      margin:0 0 18px}
      section#totals,section[aria-labelledby=totals-h]{background:none;border:0;padding:0}
      .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-bottom:14px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;\
      border-top:3px solid var(--accent)}
      .card-label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}
      .card-value{font-size:26px;font-weight:650;margin:2px 0}
      .card-note{color:var(--muted);font-size:12px}
      .health{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
      .health.ok h3{color:var(--ok)}.health.warn h3{color:var(--warn)}.health.unknown h3{color:var(--muted)}
      .counters{display:grid;grid-template-columns:repeat(4,1fr);gap:8px 18px;margin:0}
      .counters div{display:flex;justify-content:space-between;padding:3px 10px;border-left:3px solid var(--line)}
      .counters div.bad{border-left-color:var(--warn);background:var(--bad)}
      .counters dt{font-size:13px;color:var(--muted)}
      .counters dd{margin:0;font-weight:600}
      .skipped-files{margin:4px 0 0;padding-left:20px;font-size:13px}.skipped-files code{word-break:break-all}
      nav{position:sticky;top:0;z-index:1;background:rgba(244,246,249,.95);padding:6px 0 10px;margin-bottom:8px}
      nav ul{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
      nav a{display:inline-block;padding:5px 12px;border:1px solid var(--line);border-radius:999px;background:#fff;\
      color:var(--text);text-decoration:none;font-size:13px}
      nav a:hover,nav a:focus{border-color:var(--accent);color:var(--accent)}
      .badge{display:inline-block;min-width:20px;padding:0 6px;border-radius:999px;background:var(--line);\
      font-size:11px;text-align:center;margin-left:4px}.badge.hot{background:#fde68a}
      .intro{color:var(--muted);margin:0 0 12px}
      .note{color:var(--warn);font-size:13px}
      figure{margin:0 0 10px}
      svg.chart{display:block;width:100%;height:auto;font-family:inherit}
      svg .mono{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace}
      svg .bars rect:hover{fill:#1e40af}
      .table-wrap{overflow-x:auto}
      table{border-collapse:collapse;width:100%;font-size:13px}
      caption{text-align:left;color:var(--muted);padding:4px 0 8px;font-size:12.5px}
      th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      td{white-space:nowrap}td.wrap{white-space:normal;overflow-wrap:anywhere;min-width:15em}
      thead th{background:#f9fafb;font-weight:600;font-size:12px;color:#374151;white-space:nowrap}
      tbody tr:nth-child(even) td{background:#fafbfc}
      table.compact th,table.compact td{padding:4px 10px}
      .num{text-align:right;white-space:nowrap}
      details.extract summary{cursor:pointer}
      details.extract code.cmd{display:block;max-width:36em;white-space:normal;overflow-wrap:anywhere;user-select:all;\
      background:var(--bg);padding:4px 6px;margin-top:4px;border-radius:4px}
      tr.none td{color:var(--muted);font-style:italic}
      details{margin-top:6px}summary{cursor:pointer;color:var(--accent)}
      .empty{color:var(--muted);font-style:italic}
      .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
      footer{color:var(--muted);font-size:12px;text-align:center}
      @media (max-width:800px){.cards{grid-template-columns:repeat(2,1fr)}}
      @media print{nav{display:none}html{background:#fff}section,header.top{break-inside:avoid}}
      """;
}

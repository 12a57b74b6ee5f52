package org.pcapanalytics.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.GeneratedCapture;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.report.ReportRegistry;
import org.pcapanalytics.report.ReportRunner;

/**
 * {@code report all} on the generated capture plus {@link HostileCapture}, then its
 * {@code report.html} in headless Chromium: the page renders its charts and tables, shows the
 * numbers of {@code _summary.json}, keeps the hostile names as text, needs nothing from outside
 * and draws a non-blank screenshot.
 */
class HtmlReportBrowserTest {
  @TempDir
  Path tmp;

  @Test
  void reportAllPageRendersInChromium() throws Exception {
    HeadlessChromium.require();
    GeneratedCapture g = GeneratedCapture.get();
    Path hostile = tmp.resolve("hostile.pcap");
    HostileCapture.write(hostile, g.summary.firstTimestampNs() / 1_000_000_000L + 60);
    Path cfg = tmp.resolve("site.json");
    Files.writeString(cfg, """
        { "businessHours": { "timeZone": "Europe/Berlin" },
          "watchlist": { "domains": ["evil.example"] },
          "reports": { "topN": 20 } }
        """);
    ReportOptions o = ReportOptions.builder().inputs(List.of(g.file.toString(), hostile.toString()))
        .outputDir(tmp.resolve("out").toString()).config(Config.load(cfg)).configSource(cfg.toString()).build();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ReportRunner.run(JobsTests.spark(), ReportRegistry.ALL, o, new PrintStream(printed, true, StandardCharsets.UTF_8));
    Path page = tmp.resolve("out").resolve(HtmlReport.FILE);
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("wrote " + page + "\n"), printed::toString);
    String html = Files.readString(page);
    HtmlReportTest.assertNoUrls(html);
    HtmlReportTest.assertSvgsAreXml(html, 3);

    HeadlessChromium.Result dump = HeadlessChromium.run(tmp, page, List.of("--dump-dom"));
    String dom = dump.stdout();
    // it rendered: the whole document, three charts with bars, the tables with headers
    assertTrue(dom.contains("<footer>") && dom.trim().endsWith("</html>"), dom);
    for (String id : List.of("chart-hourly", "chart-talkers", "chart-protocols")) {
      String svg = element(dom, "svg", id);
      assertTrue(svg.contains("role=\"img\"") && svg.contains("<title id=\"" + id + "-title\">")
          && svg.contains("<desc"), id);
      assertTrue(count(svg, "<rect") > 1, id + " has bars");
    }
    assertTrue(count(dom, "<table") >= 5, "talkers, protocols, after hours, watch list, errors, hourly");
    assertTrue(count(dom, "<th scope=\"col\"") >= 30);
    // no script ran or failed: there is none, and the browser reported no error or refused resource
    assertFalse(dom.toLowerCase(Locale.ROOT).contains("<script"), "no script element");
    assertFalse(dump.stderr().contains("Uncaught"), dump.stderr());
    assertFalse(dump.stderr().contains("Refused to"), dump.stderr());
    assertFalse(Pattern.compile("(?i)https?:").matcher(dom).find(), "no URL in the rendered page");

    // the numbers of _summary.json, formatted
    JsonNode summary = new ObjectMapper().readTree(tmp.resolve("out").resolve("_summary.json").toFile());
    JsonNode totals = summary.path("reports").path("summary").path("first").get(0);
    assertEquals(g.summary.records() + 7, totals.path("packets").asLong(), "generated + hostile packets");
    for (String f : List.of("packets", "connections", "ip_packets")) {
      assertEquals(grouped(totals.path(f).asLong()), cardValue(dom, f), f);
    }
    Matcher bytes = Pattern.compile("data-field=\"bytes\">.*?<div class=\"card-note\">([^<]*)<").matcher(dom);
    assertTrue(bytes.find());
    assertEquals(grouped(totals.path("bytes").asLong()) + " bytes on the wire", bytes.group(1));
    for (String f : List.of("malformed_packets", "truncated_packets", "skipped_bytes", "resyncs", "bad_records",
        "files_not_capture")) {
      assertTrue(element(dom, "div", f).contains("<dd>" + grouped(totals.path(f).asLong()) + "</dd>"), f);
    }
    JsonNode top = summary.path("reports").path("top-talkers").path("head").get(0);
    String talkers = element(dom, "svg", "chart-talkers");
    assertTrue(talkers.contains(top.path("ip").asText() + ": " + grouped(top.path("bytes_total").asLong())
        + " bytes total (" + grouped(top.path("bytes_sent").asLong()) + " sent, "
        + grouped(top.path("bytes_received").asLong()) + " received)"), talkers);
    assertTrue(dom.contains("<td class=\"num\">" + grouped(top.path("bytes_total").asLong()) + "</td>"));
    JsonNode ah = summary.path("reports").path("after-hours");
    long ahRows = ah.path("rows").asLong();
    assertTrue(dom.contains((ahRows > 25 ? "Top 25 of " : "All ") + grouped(ahRows) + " after-hours connections"));
    assertTrue(dom.contains(" of " + grouped(summary.path("reports").path("errors").path("rows").asLong())
        + " client/server pairs with failures"));
    assertTrue(count(element(dom, "svg", "chart-hourly"), "<rect") >= summary.path("reports")
        .path("summary-hourly").path("rows").asInt());

    // the names from the crafted packets are text in the watch-list table
    String watch = element(dom, "section", "watchlist");
    assertTrue(watch.contains("&lt;script&gt;alert(1)&lt;/script&gt;.evil.example"), watch);
    assertTrue(watch.contains("&lt;img src=x onerror=alert(2)&gt;.evil.example"), watch);
    assertFalse(dom.contains("<img"));

    // and it draws: a 1280x2000 screenshot that is not blank
    Path png = tmp.resolve("report.png");
    HeadlessChromium.Result shot = HeadlessChromium.run(tmp, page,
        List.of("--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars"));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1280, img.getWidth());
    assertEquals(2000, img.getHeight());
    Set<Integer> colours = new HashSet<>();
    int blue = 0;
    for (int y = 0; y < img.getHeight(); y += 4) {
      for (int x = 0; x < img.getWidth(); x += 4) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb == 0x2563eb) blue++; // the bars
      }
    }
    assertTrue(colours.size() > 50, "colours: " + colours.size());
    assertTrue(blue > 500, "bar pixels: " + blue);
    System.out.printf(Locale.ROOT, "chromium: dump-dom %d ms, screenshot %d ms%n", dump.millis(), shot.millis());
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String cardValue(String dom, String field) {
    Matcher m = Pattern.compile("data-field=\"" + field + "\"><div class=\"card-label\">[^<]*</div>"
        + "<div class=\"card-value\">([^<]*)</div>").matcher(dom);
    assertTrue(m.find(), field);
    return m.group(1);
  }

  /** The element {@code <tag ... id|data-field="key" ...>} up to the first closing tag of its kind. */
  private static String element(String dom, String tag, String key) {
    Matcher m = Pattern.compile("(?s)<" + tag + "[^>]*(id|data-field)=\"" + Pattern.quote(key) + "\".*?</" + tag + ">")
        .matcher(dom);
    assertTrue(m.find(), tag + " " + key);
    return m.group();
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
    return n;
  }
}

package org.pcapanalytics.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.report.html.HtmlReport;
import org.pcapanalytics.spark.PcapReadStats;

/**
 * Runs one report, or all of them in one run ({@link ReportRegistry}): each writes its outputs
 * under {@code DIR/NAME/} and prints their first rows ({@link ReportRun}); then
 * {@code DIR/_summary.json} lists them with what was read, and for {@code all} the page
 * {@code DIR/report.html} is drawn from it ({@link HtmlReport}).
 */
public final class ReportRunner {
  private final SparkSession spark;
  private final ReportOptions options;
  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportRunner(SparkSession spark, ReportOptions options, PrintStream out) {
    this.spark = spark;
    this.options = options;
    this.out = out;
  }

  /**
   * Runs {@code report} (a name of {@link ReportRegistry}, or {@link ReportRegistry#ALL}) into its
   * output directory and returns the content of {@code _summary.json}.
   */
  public static ObjectNode run(SparkSession spark, String report, ReportOptions options, PrintStream out)
      throws IOException {
    long t0 = System.nanoTime();
    Path dir = new Path(options.outputDir());
    ObjectNode summary = run(spark, report, options, dir, out);
    printWritten(out, dir, summary, t0);
    return summary;
  }

  /**
   * Runs {@code report} writing into {@code writeDir}, a directory that becomes the output
   * directory later (it is renamed there, or its entries are moved there: {@link ReportDirectory}):
   * {@code _summary.json} names the paths under the output directory. Returns its content.
   */
  public static ObjectNode run(SparkSession spark, String report, ReportOptions options, Path writeDir,
      PrintStream out) throws IOException {
    List<Report> reports = ReportRegistry.select(report);
    return new ReportRunner(spark, options, out).execute(reports, report, writeDir);
  }

  /** "wrote DIR/_summary.json (N s)", and the page's line when the run drew one. */
  public static void printWritten(PrintStream out, Path dir, ObjectNode summary, long startNanos) {
    out.printf(Locale.ROOT, "wrote %s (%.1f s)%n", new Path(dir, HtmlReport.SUMMARY_JSON),
        (System.nanoTime() - startNanos) / 1e9);
    if (summary.path("report").asText().equals(ReportRegistry.ALL)) {
      out.printf(Locale.ROOT, "wrote %s%n", new Path(dir, HtmlReport.FILE));
    }
  }

  private ObjectNode execute(List<Report> reports, String requested, Path writeDir) throws IOException {
    long t0 = System.nanoTime();
    ObjectNode summary = json.createObjectNode();
    try (ReportRun run = new ReportRun(spark, options, reports, writeDir, out)) {
      summary.put("report", requested);
      ArrayNode in = summary.putArray("inputs");
      options.inputs().forEach(in::add);
      if (options.table() != null) summary.put("table", options.table());
      summary.put("format", options.format());
      summary.put("output", options.outputDir());
      ObjectNode w = summary.putObject("window");
      w.put("from", options.fromNs() == null ? null : instant(options.fromNs()).toString());
      w.put("to", options.toNs() == null ? null : instant(options.toNs()).toString());
      summary.put("config", options.configSource() == null ? "built-in defaults" : options.configSource());
      summary.put("timeZone", options.config().businessHours().zone().getId());

      for (Report r : reports) r.run(run);

      // what the readers saw, from one scan of the whole input (see ReportRun.readStats), or why not known
      PcapReadStats stats = run.readStats();
      if (stats == null) {
        summary.putNull("readStats");
        summary.put("readStatsAbsent", run.readStatsAbsent());
      } else {
        ObjectNode s = summary.putObject("readStats");
        stats.values().forEach((c, v) -> {
          if (c.jsonKey() != null) s.put(c.jsonKey(), v);
        });
        if (!stats.skippedFiles().isEmpty()) {
          ObjectNode files = s.putObject("skippedFiles");
          stats.skippedFiles().forEach(files::put);
        }
      }
      summary.set("reports", run.outputs());
      summary.put("elapsedSeconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
      out.printf(Locale.ROOT, "input: %s%n", stats == null ? "read statistics not known: " + run.readStatsAbsent()
          : stats);
    }
    if (requested.equals(ReportRegistry.ALL)) {
      HtmlReport.write(spark.sparkContext().hadoopConfiguration(), writeDir, summary);
    }
    writeSummaryJson(summary, writeDir); // last: the run is whole when it is there
    return summary;
  }

  private void writeSummaryJson(ObjectNode summary, Path dir) throws IOException {
    Path p = new Path(dir, HtmlReport.SUMMARY_JSON);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    // a private instance: no .crc file next to it on local disks, without changing the shared one
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      fs.setWriteChecksum(false);
      try (OutputStream os = fs.create(p, true)) {
        os.write(json.writeValueAsString(summary).getBytes(StandardCharsets.UTF_8));
        os.write('\n');
      }
    }
  }

  private static Instant instant(long ns) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
  }
}

package org.pcapanalytics.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.report.ConnectionsReport;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.report.ReportRegistry;
import org.pcapanalytics.report.ReportRunner;
import org.pcapanalytics.report.SummaryReport;
import org.pcapanalytics.report.html.Html;
import org.pcapanalytics.spark.CaptureFileLister;

/**
 * Nightly reports: for each day, {@code report all} over the captures that overlap the day (in
 * the configured business-hours time zone), written to {@code OUTPUT/date=YYYY-MM-DD/}.
 *
 * <p>A day is written under {@code OUTPUT/_tmp/}, then published by renaming it to
 * {@code date=D} (an earlier {@code date=D} is first moved aside, and deleted afterwards), and
 * marked with {@code date=D/_SUCCESS} last. On HDFS and local disks a rename is atomic, so
 * readers see the old day, no day for an instant, or the new day, never a part of one. On object
 * stores a directory rename is a copy: readers must wait for {@code _SUCCESS}. Other days are
 * never touched. The caller holds {@code OUTPUT/_lock}.
 */
public final class NightlyRun {
  /**
   * What to run: the options of each day's reports (their output directory is OUTPUT, the day's
   * directories go under it; their window is each day's), the days, and how far a capture's time
   * span is widened when selecting files (records out of time order).
   */
  public record Options(ReportOptions reports, List<LocalDate> dates, long slackNs) {
    /** The default slack: an hour. */
    public static final long SLACK_NS = 3_600_000_000_000L;

    public Options {
      dates = List.copyOf(dates);
    }
  }

  /** What happened to one day. */
  public record Day(LocalDate date, boolean written, int captures, long bytes, long packets, long connections,
      double seconds, String path) {}

  public static final String SUCCESS = "_SUCCESS";
  public static final String TMP = "_tmp";

  private final SparkSession spark;
  private final Options options;
  private final PrintStream progress;
  private final FileSystem fs;
  private final Path output;
  private List<CaptureTimes> captures;

  public NightlyRun(SparkSession spark, Options options, PrintStream progress) throws IOException {
    this.spark = spark;
    this.options = options;
    this.progress = progress;
    Path p = new Path(options.reports().outputDir());
    this.fs = p.getFileSystem(conf());
    this.output = fs.makeQualified(p);
  }

  private Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  public Path output() {
    return output;
  }

  /** The window of a day in the zone: [its midnight, the next midnight), DST-aware. */
  public static long[] window(LocalDate d, ZoneId zone) {
    Instant from = d.atStartOfDay(zone).toInstant();
    Instant to = d.plusDays(1).atStartOfDay(zone).toInstant();
    return new long[] {ns(from), ns(to)};
  }

  private static long ns(Instant i) {
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
  }

  /** Runs each day in turn; stops at the first failure (days before it stay published). */
  public List<Day> run() throws IOException {
    fs.delete(new Path(output, TMP), true); // what a killed run left; we hold the lock
    List<Day> days = new ArrayList<>();
    for (LocalDate d : options.dates()) days.add(day(d));
    fs.delete(new Path(output, TMP), true);
    return days;
  }

  private Day day(LocalDate d) throws IOException {
    long t0 = System.nanoTime();
    ZoneId zone = options.reports().config().businessHours().zone();
    long[] w = window(d, zone);
    String label = "day " + d + " (" + zone.getId() + ")";
    List<String> inputs = new ArrayList<>();
    long bytes = 0;
    String table = options.reports().table();
    if (table == null) {
      List<CaptureTimes> all = captures();
      for (CaptureTimes c : all) {
        if (c.overlaps(w[0], w[1], options.slackNs())) {
          inputs.add(c.file.getPath().toString());
          bytes += c.file.getLen();
        }
      }
      progress.printf(Locale.ROOT, "%s: %d of %d captures overlap, %s%n", label, inputs.size(), all.size(),
          Html.bytes(bytes));
      if (inputs.isEmpty()) return new Day(d, false, 0, 0, 0, 0, (System.nanoTime() - t0) / 1e9, null);
    } else {
      boolean any = new CaptureLake(conf(), table).hasPackets(spark, w[0], w[1]);
      progress.printf(Locale.ROOT, "%s: table %s%s%n", label, table, any ? "" : " has no packets in the day");
      if (!any) return new Day(d, false, 0, 0, 0, 0, (System.nanoTime() - t0) / 1e9, null);
    }

    Path work = new Path(new Path(output, TMP), "date=" + d + "-" + UUID.randomUUID());
    Path fin = new Path(output, "date=" + d);
    // written in work, renamed to fin: the summary names the paths under fin
    ReportOptions day = options.reports().toBuilder().inputs(inputs).outputDir(fin.toString()).window(w[0], w[1])
        .build();
    try {
      ObjectNode summary = ReportRunner.run(spark, ReportRegistry.ALL, day, work,
          new PrintStream(OutputStream.nullOutputStream()));
      JsonNode outputs = summary.path("reports");
      long packets = outputs.path(SummaryReport.SUMMARY.name()).path("first").path(0).path("packets").asLong();
      if (packets == 0) {
        // the slack picked files near the day, but none holds a packet of it: a day without data
        progress.printf(Locale.ROOT, "%s: no packets in the day; not written%n", label);
        return new Day(d, false, inputs.size(), bytes, 0, 0, (System.nanoTime() - t0) / 1e9, null);
      }
      publish(work, fin, d, w, inputs.size());
      double seconds = (System.nanoTime() - t0) / 1e9;
      long connections = outputs.path(ConnectionsReport.CONNECTIONS.name()).path("rows").asLong();
      progress.printf(Locale.ROOT, "%s: %,d packets, %,d connections -> %s, done in %.1f s%n", label, packets,
          connections, fin, seconds);
      return new Day(d, true, inputs.size(), bytes, packets, connections, seconds, fin.toString());
    } finally {
      fs.delete(work, true);
    }
  }

  /** Moves the finished day into place and marks it done; an earlier version is moved aside first. */
  private void publish(Path work, Path fin, LocalDate d, long[] w, int captures) throws IOException {
    Path old = null;
    if (fs.exists(fin)) {
      old = new Path(new Path(output, TMP), "replaced-" + fin.getName() + "-" + UUID.randomUUID());
      if (!fs.rename(fin, old)) throw new IOException("could not move " + fin + " aside to " + old);
    }
    if (!fs.rename(work, fin)) {
      if (old != null) fs.rename(old, fin); // put the previous version back
      throw new IOException("could not rename " + work + " to " + fin);
    }
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("date", d.toString());
    n.put("from", Instant.ofEpochSecond(0, w[0]).toString());
    n.put("to", Instant.ofEpochSecond(0, w[1]).toString());
    n.put("timeZone", options.reports().config().businessHours().zone().getId());
    n.put("captures", captures);
    n.put("written", Instant.now().toString());
    try (OutputStream os = fs.create(new Path(fin, SUCCESS), true)) {
      os.write((n.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (old != null) fs.delete(old, true);
  }

  /** The capture files and their time spans, read once per run. */
  private List<CaptureTimes> captures() throws IOException {
    if (captures == null) {
      long t0 = System.nanoTime();
      Map<String, String> opts = new LinkedHashMap<>();
      options.reports().sourceOptions().forEach((k, v) -> opts.put(k.toLowerCase(Locale.ROOT), v));
      List<FileStatus> files = CaptureFileLister.list(conf(), options.reports().inputs(),
          Boolean.parseBoolean(opts.getOrDefault("recursivefilelookup", "false")), opts.get("pathglobfilter"));
      captures = CaptureTimes.probeAll(conf(), files);
      long unknown = captures.stream().filter(c -> c.note != null && !c.empty).count();
      progress.printf(Locale.ROOT, "nightly: %d capture files, time spans read in %.1f s%s%n", files.size(),
          (System.nanoTime() - t0) / 1e9, unknown == 0 ? "" : " (" + unknown + " without a known span: included)");
    }
    return captures;
  }
}

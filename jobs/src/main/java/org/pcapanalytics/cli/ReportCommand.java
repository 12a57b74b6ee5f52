package org.pcapanalytics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.report.Report;
import org.pcapanalytics.report.ReportDirectory;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.report.ReportRegistry;
import org.pcapanalytics.report.ReportRunner;
import org.pcapanalytics.schedule.RunLock;

/** {@code report NAME}: connections and the reports over them, written as files (see {@link ReportRunner}). */
final class ReportCommand implements Command {
  /** The session of a run: a new one (closed afterwards), or one given by tests (left open). */
  private final SparkSession given;

  ReportCommand() {
    this(null);
  }

  ReportCommand(SparkSession given) {
    this.given = given;
  }

  @Override
  public String name() { return "report"; }

  @Override
  public String summary() { return "connections and reports (top talkers, after hours, dns, watchlist, errors, ...)"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics report NAME (--input PATH [--input PATH]... | --table TABLE) --output DIR\n"
        + "           [--format parquet|csv|json|zeek] [--from TS] [--to TS] [--config FILE]\n"
        + "           [--cache-packets] [--option K=V]... [--conf K=V]... [--master URL] [--break-lock]\n"
        + "\n"
        + "Reports (each written under DIR/NAME/; some write extra outputs next to it):\n"
        + reports()
        + "  all           every report above in one run, and DIR/report.html: one\n"
        + "                self-contained page with charts and tables of them\n"
        + "\n"
        + "Options:\n"
        + "  --input PATH      capture files, directories or globs, local or any Hadoop file system URI\n"
        + "  --table TABLE     read a capture lake written by `convert` instead of captures (only the date\n"
        + "                    partitions of the --from/--to window are read)\n"
        + "  --output DIR      output directory; DIR/_summary.json lists row counts and key figures. A run\n"
        + "                    replaces the previous run in DIR whole, and only when done (written aside\n"
        + "                    in DIR/_tmp/, then moved in, _summary.json last); a DIR holding files no\n"
        + "                    report writes is refused\n"
        + "  --format F        parquet (default), csv (with header; arrays as JSON text), json (lines) or\n"
        + "                    zeek (Zeek TSV logs: connections as conn.log, dns-transactions as dns.log)\n"
        + "  --from TS         only packets at or after TS; --to TS: only packets before TS. TS is ISO-8601\n"
        + "                    (2026-03-02T08:00:00Z, 2026-03-02T09:00+01:00, 2026-03-02 08:00 = UTC,\n"
        + "                    2026-03-02 = UTC midnight) or seconds since the epoch\n"
        + "  --config FILE     pcap-analytics configuration (business hours, internal networks, watch list,\n"
        + "                    flow timeouts, report sizes); default: the built-in defaults\n"
        + "  --cache-packets   read the capture once and keep the decoded packets in Spark's cache\n"
        + "                    (memory, then local disk) for all reports; for captures on slow or\n"
        + "                    metered storage. Default: each report reads the capture again, which\n"
        + "                    is faster where reading is cheap\n"
        + "  --option K=V      option of the pcap data source (mode, splitSize, recursiveFileLookup, ...)\n"
        + "  --conf K=V        Spark configuration\n"
        + "  --master URL      Spark master (default local[*] unless spark-submit set one)\n"
        + "  --break-lock      delete DIR/_lock left by a run that is gone, then run\n"
        + "\n"
        + "The first rows of every output are printed. Exit status: 0 done, 1 failure (DIR keeps its\n"
        + "previous run), 2 bad arguments, 3 another run holds DIR/_lock, 4 no packets in the input\n"
        + "(nothing written).\n";
  }

  /** The reports of the registry as the help lists them: name, then the description's lines. */
  private static String reports() {
    StringBuilder sb = new StringBuilder();
    for (Report r : ReportRegistry.all()) {
      sb.append(String.format(Locale.ROOT, "  %-14s", r.name())).append(String.join("\n" + " ".repeat(16),
          r.description())).append('\n');
    }
    return sb.toString();
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "table", "output", "format", "from", "to", "config", "option", "conf", "master"),
        Set.of("help", "cache-packets", "break-lock"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    List<String> pos = a.positional();
    String names = String.join(", ", ReportRegistry.names()) + ", " + ReportRegistry.ALL;
    if (pos.isEmpty()) throw new UsageException("which report? (" + names + ")");
    if (pos.size() > 1) throw new UsageException("one report at a time, got " + pos);
    String report = pos.get(0);
    if (!report.equals(ReportRegistry.ALL) && !ReportRegistry.names().contains(report)) {
      throw new UsageException("unknown report '" + report + "' (" + names + ")");
    }
    List<String> inputs = a.all("input");
    String table = a.get("table");
    if (inputs.isEmpty() && table == null) throw new UsageException("at least one --input (or --table) is required");
    if (!inputs.isEmpty() && table != null) throw new UsageException("--input and --table exclude each other");
    String output = a.required("output");
    String format = CommonOptions.reportFormat(a);
    Long from = a.get("from") == null ? null : timestamp("--from", a.get("from"));
    Long to = a.get("to") == null ? null : timestamp("--to", a.get("to"));
    if (from != null && to != null && from >= to) throw new UsageException("--from must be before --to");
    SourceOptions.noneWithTable(a);
    Config config = CommonOptions.config(a);
    ReportOptions o = ReportOptions.builder().inputs(inputs).table(table).outputDir(output).format(format)
        .window(from, to).config(config).configSource(a.get("config"))
        .sourceOptions(CommonOptions.sourceOptions(a, config, name())).cachePackets(a.flag("cache-packets"))
        .build();
    if (given != null) return report(given, report, o, a.flag("break-lock"), out, err);
    try (SparkSessions.Handle session = SparkSessions.open(name() + " " + report, a.get("master"), a.pairs("conf"))) {
      return report(session.spark, report, o, a.flag("break-lock"), out, err);
    }
  }

  /** Runs the report aside and publishes it into the output directory (see {@link ReportDirectory}). */
  private static int report(SparkSession spark, String report, ReportOptions o, boolean breakLock, PrintStream out,
      PrintStream err) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path dir = new Path(o.outputDir());
    checkOutput(conf, dir);
    RunLock lock;
    try {
      lock = RunLock.acquire(conf, dir, "report " + report, breakLock);
    } catch (RunLock.HeldException e) {
      err.println("pcap-analytics report: " + e.getMessage());
      return ExitStatus.LOCKED;
    }
    try (lock) {
      ReportDirectory d;
      try {
        d = ReportDirectory.open(conf, dir);
      } catch (ReportDirectory.ForeignContentException e) {
        throw new UsageException("--output " + e.getMessage());
      }
      if (o.table() != null && !new CaptureLake(conf, o.table()).hasPackets(spark, o.fromNs(), o.toNs())) {
        err.println("pcap-analytics report: no packets in " + o.table() + window(o) + "; nothing written");
        return ExitStatus.NO_PACKETS;
      }
      long t0 = System.nanoTime();
      ObjectNode summary;
      try {
        summary = ReportRunner.run(spark, report, o, d.work(), out);
      } catch (IOException | RuntimeException e) {
        d.discard();
        throw e;
      }
      JsonNode records = summary.path("readStats").path("records");
      if (records.isNumber() && records.asLong() == 0) {
        d.discard();
        err.println("pcap-analytics report: no packets in " + String.join(", ", o.inputs()) + window(o)
            + "; nothing written" + (summary.path("readStats").path("filesNotCapture").asLong() > 0
                ? " (" + summary.path("readStats").path("filesNotCapture").asLong() + " files not captures)" : ""));
        return ExitStatus.NO_PACKETS;
      }
      d.publish();
      ReportRunner.printWritten(out, dir, summary, t0);
    }
    return ExitStatus.OK;
  }

  /** The output directory is checked before the lock is taken in it: a file or someone else's directory is refused. */
  private static void checkOutput(Configuration conf, Path dir) throws IOException {
    try {
      ReportDirectory.check(conf, dir);
    } catch (ReportDirectory.ForeignContentException e) {
      throw new UsageException("--output " + e.getMessage());
    }
  }

  private static String window(ReportOptions o) {
    return o.fromNs() == null && o.toNs() == null ? "" : " between " + (o.fromNs() == null ? "the start"
        : Instant.ofEpochSecond(0, o.fromNs())) + " and " + (o.toNs() == null ? "the end" : Instant.ofEpochSecond(0,
        o.toNs()));
  }

  /** ISO-8601 (with or without offset; without = UTC), a date (UTC midnight), or epoch seconds → ns. */
  static long timestamp(String option, String s) {
    String t = s.trim();
    try {
      if (t.matches("-?\\d+(\\.\\d{1,9})?")) {
        return new BigDecimal(t).movePointRight(9).longValueExact();
      }
      Instant i;
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        i = LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else {
        String iso = t.replace(' ', 'T');
        if (iso.endsWith("Z") || iso.endsWith("z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
          i = OffsetDateTime.parse(iso.replace('z', 'Z')).toInstant();
        } else {
          i = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        }
      }
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new UsageException(option + ": not a time: '" + s + "' (use e.g. 2026-03-02T08:00:00Z or epoch seconds)");
    }
  }
}

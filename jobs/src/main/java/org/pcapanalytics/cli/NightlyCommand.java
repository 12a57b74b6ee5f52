package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.schedule.NightlyRun;
import org.pcapanalytics.schedule.RunLock;

/** {@code nightly}: every report for yesterday (or given days), published atomically per day. */
final class NightlyCommand implements Command {
  @Override
  public String name() { return "nightly"; }

  @Override
  public String summary() { return "all reports for yesterday (or given days) into OUTPUT/date=D/, for schedulers"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics nightly (--input PATH [--input PATH]... | --table TABLE) --output OUTPUT\n"
        + "           [--date YYYY-MM-DD | --from-date D1 --to-date D2] [--config FILE]\n"
        + "           [--format parquet|csv|json|zeek] [--slack SECONDS] [--option K=V]... [--conf K=V]...\n"
        + "           [--master URL] [--cache-packets] [--break-lock]\n"
        + "\n"
        + "Runs `report all` for one day — yesterday in the time zone of the configuration's business\n"
        + "hours unless --date says otherwise; --from-date/--to-date runs each day of the range in turn —\n"
        + "and writes it to OUTPUT/date=YYYY-MM-DD/ (the reports, _summary.json, and _SUCCESS last).\n"
        + "A day is written aside and renamed into place: a re-run replaces that day and nothing else,\n"
        + "and readers never see half a day. Only the captures whose time span (first records, last\n"
        + "records) comes within --slack of the day are read; a file whose span cannot be read cheaply\n"
        + "(compressed, not a capture) is read anyway.\n"
        + "\n"
        + "  --input PATH       capture files, directories or globs, local or any Hadoop file system URI\n"
        + "  --table TABLE      read a capture lake written by `convert` instead\n"
        + "  --output OUTPUT    where the days go\n"
        + "  --date D           the day to report (default: yesterday in the configured time zone)\n"
        + "  --from-date D1     with --to-date D2: every day from D1 to D2, both included (backfill)\n"
        + "  --config FILE      configuration: time zone of the days and business hours, networks, watch list\n"
        + "  --format F         parquet (default), csv, json or zeek (Zeek TSV logs)\n"
        + "  --slack SECONDS    widen each capture's time span by this much when selecting files (default 3600)\n"
        + "  --option K=V       option of the pcap data source (mode=FAILFAST, recursiveFileLookup=true, ...)\n"
        + "  --conf K=V         Spark configuration\n"
        + "  --master URL       Spark master (default local[*] unless spark-submit set one)\n"
        + "  --cache-packets    read each day's captures once and keep the decoded packets in Spark's\n"
        + "                     cache for all its reports (slow or metered storage); default: each\n"
        + "                     report reads them again\n"
        + "  --break-lock       delete OUTPUT/_lock left by a run that is gone (see below), then run\n"
        + "\n"
        + "One run at a time per OUTPUT: a run holds OUTPUT/_lock (host, pid, start time) and deletes it\n"
        + "when it ends, also on failure. A run killed hard leaves it behind; once sure that run is gone,\n"
        + "delete the file or pass --break-lock.\n"
        + "\n"
        + "Exit status:\n"
        + "  0  every day written\n"
        + "  1  a day failed (days before it are written; the failed day keeps its previous output)\n"
        + "  2  bad arguments\n"
        + "  3  another run holds OUTPUT/_lock (nothing done)\n"
        + "  4  no packets for a day (no capture overlaps it, or those near it hold none of it); that day\n"
        + "     is not written, the other days are\n";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "table", "output", "date", "from-date", "to-date", "config", "format",
        "slack", "option", "conf", "master"), Set.of("help", "break-lock", "cache-packets"));
    if (a.flag("help")) {
      out.print(usage());
      return ExitStatus.OK;
    }
    if (!a.positional().isEmpty()) throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
    List<String> inputs = a.all("input");
    String table = a.get("table");
    if (inputs.isEmpty() && table == null) throw new UsageException("at least one --input (or --table) is required");
    if (!inputs.isEmpty() && table != null) throw new UsageException("--input and --table exclude each other");
    String output = a.required("output");
    String format = CommonOptions.reportFormat(a);
    Config config = CommonOptions.config(a);
    long slackNs = NightlyRun.Options.SLACK_NS;
    if (a.get("slack") != null) {
      try {
        slackNs = Math.multiplyExact(Long.parseLong(a.get("slack")), 1_000_000_000L);
        if (slackNs < 0) throw new NumberFormatException();
      } catch (NumberFormatException | ArithmeticException e) {
        throw new UsageException("--slack takes whole seconds, not '" + a.get("slack") + "'");
      }
    }
    SourceOptions.noneWithTable(a);
    ReportOptions reports = ReportOptions.builder().inputs(inputs).table(table).outputDir(output).format(format)
        .config(config).configSource(a.get("config"))
        .sourceOptions(CommonOptions.sourceOptions(a, config, name())).cachePackets(a.flag("cache-packets"))
        .build();
    NightlyRun.Options o = new NightlyRun.Options(reports, dates(a, config), slackNs);

    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      SparkSession spark = session.spark;
      NightlyRun run = new NightlyRun(spark, o, err);
      RunLock lock;
      try {
        List<LocalDate> dates = o.dates();
        lock = RunLock.acquire(spark.sparkContext().hadoopConfiguration(), run.output(), "nightly " + dates.get(0)
            + (dates.size() > 1 ? ".." + dates.get(dates.size() - 1) : ""), a.flag("break-lock"));
      } catch (RunLock.HeldException e) {
        err.println("pcap-analytics nightly: " + e.getMessage());
        return ExitStatus.LOCKED;
      }
      List<NightlyRun.Day> days;
      try (lock) {
        days = run.run();
      }
      List<LocalDate> missing = new ArrayList<>();
      for (NightlyRun.Day d : days) {
        if (d.written()) {
          out.printf(Locale.ROOT, "%s: written %s (%s, %,d packets, %,d connections, %.1f s)%n", d.date(),
              d.path(), table != null ? "table" : d.captures() + " captures", d.packets(), d.connections(),
              d.seconds());
        } else {
          out.printf(Locale.ROOT, "%s: no packets in the day (%d captures near it), not written%n", d.date(),
              d.captures());
          missing.add(d.date());
        }
      }
      if (!missing.isEmpty()) {
        err.println("pcap-analytics nightly: no packets for " + missing.stream().map(LocalDate::toString)
            .reduce((x, y) -> x + ", " + y).orElse(""));
        return ExitStatus.NO_PACKETS;
      }
    }
    return ExitStatus.OK;
  }

  /** --date, --from-date/--to-date, or yesterday in the configured zone. */
  static List<LocalDate> dates(Args a, Config config) {
    String date = a.get("date");
    String from = a.get("from-date");
    String to = a.get("to-date");
    if (date != null && (from != null || to != null)) throw new UsageException("--date excludes --from-date/--to-date");
    if ((from == null) != (to == null)) throw new UsageException("--from-date and --to-date go together");
    List<LocalDate> out = new ArrayList<>();
    if (date != null) {
      out.add(date("--date", date));
    } else if (from != null) {
      LocalDate d1 = date("--from-date", from);
      LocalDate d2 = date("--to-date", to);
      if (d2.isBefore(d1)) throw new UsageException("--to-date is before --from-date");
      if (d1.plusDays(366).isBefore(d2)) throw new UsageException("at most 366 days per run");
      for (LocalDate d = d1; !d.isAfter(d2); d = d.plusDays(1)) out.add(d);
    } else {
      out.add(LocalDate.now(config.businessHours().zone()).minusDays(1));
    }
    return out;
  }

  private static LocalDate date(String option, String s) {
    try {
      return LocalDate.parse(s.trim());
    } catch (DateTimeParseException e) {
      throw new UsageException(option + ": not a date: '" + s + "' (use YYYY-MM-DD)");
    }
  }
}

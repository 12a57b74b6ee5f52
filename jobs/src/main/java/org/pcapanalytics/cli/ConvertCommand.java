package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.lake.LakeConverter;
import org.pcapanalytics.report.html.Html;
import org.pcapanalytics.schedule.RunLock;

/** {@code convert}: captures into a capture lake (Parquet packets and connections), incrementally. */
final class ConvertCommand implements Command {
  @Override
  public String name() { return "convert"; }

  @Override
  public String summary() { return "convert new captures into a Parquet table (packets, connections), incrementally"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics convert --input PATH [--input PATH]... --output TABLE [--config FILE]\n"
        + "           [--option K=V]... [--conf K=V]... [--master URL] [--break-lock]\n"
        + "\n"
        + "Converts the captures not converted before into TABLE, a Parquet table partitioned by the\n"
        + "UTC date of each packet (and of each connection's start):\n"
        + "  TABLE/packets/batch=B/date=D/       every column of the pcap source\n"
        + "  TABLE/connections/batch=B/date=D/   the Zeek conn.log columns (connections are assembled per\n"
        + "                                      run: one spanning captures of two runs is two rows)\n"
        + "  TABLE/_manifest/batch-B.jsonl       per converted file: path, size, modification time,\n"
        + "                                      rows, converted-at, batch\n"
        + "A file already in the manifest with the same size and modification time is skipped; one that\n"
        + "changed since is reported and not converted again. A run is all or nothing: the manifest is\n"
        + "written last, and a failed run is cleaned up and redone by the next. Read the table with\n"
        + "`report --table TABLE` and `sql --table TABLE`.\n"
        + "\n"
        + "  --input PATH   capture files, directories or globs, local or any Hadoop file system URI\n"
        + "  --output TABLE the table directory (created if missing)\n"
        + "  --config FILE  configuration (internal networks and flow timeouts of the connections)\n"
        + "  --option K=V   option of the pcap data source (mode, recursiveFileLookup, pathGlobFilter, ...)\n"
        + "  --conf K=V     Spark configuration\n"
        + "  --master URL   Spark master (default local[*] unless spark-submit set one)\n"
        + "  --break-lock   delete TABLE/_lock left by a run that is gone, then run\n"
        + "\n"
        + "A file that is not a capture (or cannot be read) fails the run; with --option\n"
        + "ignoreCorruptFiles=true it gives no rows. Files without rows are listed, not recorded as\n"
        + "converted, and looked at again by the next run.\n"
        + "\n"
        + "Exit status: 0 done (also when nothing was new), 1 failure, 2 bad arguments, 3 another run holds\n"
        + "TABLE/_lock, 4 no packets in the input (nothing written).\n";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "output", "config", "option", "conf", "master"),
        Set.of("help", "break-lock"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    if (!a.positional().isEmpty()) throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
    List<String> inputs = a.all("input");
    if (inputs.isEmpty()) throw new UsageException("at least one --input is required");
    String table = a.required("output");
    Config config = CommonOptions.config(a);
    Map<String, String> options = CommonOptions.sourceOptions(a, config, name());
    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      SparkSession spark = session.spark;
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      CaptureLake lake = new CaptureLake(conf, table);
      FileSystem fs = lake.root().getFileSystem(conf);
      boolean existed = fs.exists(lake.root());
      RunLock lock;
      try {
        lock = RunLock.acquire(conf, lake.root(), "convert", a.flag("break-lock"));
      } catch (RunLock.HeldException e) {
        err.println("pcap-analytics convert: " + e.getMessage());
        return ExitStatus.LOCKED;
      }
      LakeConverter.Result r = null;
      try (lock) {
        r = new LakeConverter(spark, lake, err).convert(inputs, options, config);
      } finally {
        // a run that created the table and committed nothing leaves no empty table behind
        if (!existed && (r == null || r.batch() == null)) fs.delete(lake.root(), true);
      }
      if (r.batch() == null && r.skipped().isEmpty() && r.changed().isEmpty()) {
        list(out, "NOT converted (no rows): ", r.noRows());
        err.println("pcap-analytics convert: no packets in " + String.join(", ", inputs)
            + (r.noRows().isEmpty() ? "" : " (" + r.noRows().size() + " file" + (r.noRows().size() == 1 ? "" : "s")
            + " without rows)") + "; nothing written");
        return ExitStatus.NO_PACKETS;
      }
      if (r.batch() == null) {
        out.printf(Locale.ROOT, "nothing new: %d file%s already converted%s%n", r.skipped().size(),
            r.skipped().size() == 1 ? "" : "s", changed(r));
      } else {
        out.printf(Locale.ROOT, "converted %d file%s (%s) into batch %s: %,d packets, %,d connections;"
            + " skipped %d already converted%s (%.1f s)%n", r.converted().size(), r.converted().size() == 1 ? "" : "s",
            Html.bytes(r.bytes()), r.batch(), r.packets(), r.connections(), r.skipped().size(), changed(r),
            r.seconds());
      }
      list(out, "skipped (already converted): ", r.skipped());
      list(out, "NOT converted (changed since converted): ", r.changed());
      list(out, "NOT converted (no rows): ", r.noRows());
    }
    return ExitStatus.OK;
  }

  /** The first files of a list (a lake may hold thousands). */
  private static void list(PrintStream out, String what, List<String> files) {
    int show = Math.min(files.size(), 20);
    for (int i = 0; i < show; i++) out.println("  " + what + files.get(i));
    if (files.size() > show) out.printf(Locale.ROOT, "  ... %d more%n", files.size() - show);
  }

  private static String changed(LakeConverter.Result r) {
    return r.changed().isEmpty() ? "" : "; " + r.changed().size() + " changed since converted, not converted again";
  }
}

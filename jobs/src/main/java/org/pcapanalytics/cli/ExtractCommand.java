package org.pcapanalytics.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.ConnectionPackets;
import org.pcapanalytics.extract.Extraction;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.spark.PcapDataSource;
import org.pcapanalytics.spark.PcapOptions;
import org.pcapanalytics.udf.PcapFunctions;

/** {@code extract}: the packets a predicate, a connection uid or a Community ID selects, as one capture file. */
final class ExtractCommand implements Command {
  /** Exit status when nothing matched (no file is written). */
  static final int NO_MATCH = 4;

  @Override
  public String name() { return "extract"; }

  @Override
  public String summary() { return "write the packets of a connection or a predicate to a pcap/pcapng file"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics extract [--input PATH]... | [--table TABLE] --output FILE\n"
        + "                             (--where \"PREDICATE\" | --uid UID... | --community-id ID...)\n"
        + "                             [--format pcap|pcapng] [--overwrite] [--from TS] [--to TS]\n"
        + "                             [--option K=V]... [--conf K=V]... [--config FILE] [--master URL]\n"
        + "\n"
        + "Writes the selected captured records, byte for byte (headers, data, timestamps, link types),\n"
        + "to FILE: in capture order (by offset for one file, by time across files), as classic pcap\n"
        + "when all share one link type and timestamp resolution, else pcapng with one interface per\n"
        + "(link type, snaplen, resolution). The file is written aside and renamed into place.\n"
        + "\n"
        + "  --where PRED       a SQL predicate on the packets columns (e.g. \"dns_rcode = 3\")\n"
        + "  --uid UID          the packets of connection UID (the connections' uid column), fragments\n"
        + "                     included, across files and splits (repeatable)\n"
        + "  --community-id ID  the packets of the connections with this Community ID (repeatable;\n"
        + "                     with the seed of --config, communityId.seed)\n"
        + "  --output FILE      the capture to write (local or any Hadoop file system URI)\n"
        + "  --format F         pcap or pcapng instead of choosing; pcap fails when it cannot hold the records\n"
        + "  --overwrite        replace an existing FILE (otherwise refused)\n"
        + "  --from TS, --to TS only packets in [TS, TS); ISO-8601, a date, or epoch seconds\n"
        + "  --input PATH       capture files/directories/globs (repeatable)\n"
        + "  --table TABLE      instead of --input: a capture lake written by `convert` (its packets\n"
        + "                     point at the original captures, which must still be readable)\n"
        + "  --option K=V       option of the pcap data source; --conf K=V: Spark configuration\n"
        + "\n"
        + "Exit status: 0 written; 1 failure; 2 bad arguments, existing FILE, or --format pcap that\n"
        + "cannot hold the records; 4 nothing matched (no FILE written).\n";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "table", "output", "where", "uid", "community-id", "format", "from", "to",
        "option", "conf", "config", "master"), Set.of("help", "overwrite"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    if (!a.positional().isEmpty()) throw new UsageException("unexpected argument " + a.positional().get(0));
    List<String> inputs = a.all("input");
    String table = a.get("table");
    if (inputs.isEmpty() && table == null) throw new UsageException("at least one --input (or --table) is required");
    if (!inputs.isEmpty() && table != null) throw new UsageException("--input and --table exclude each other");
    String output = a.required("output");
    String where = a.get("where");
    Set<String> uids = new HashSet<>(a.all("uid"));
    Set<String> cids = new HashSet<>(a.all("community-id"));
    if (where == null && uids.isEmpty() && cids.isEmpty()) {
      throw new UsageException("say what to extract: --where, --uid or --community-id");
    }
    if (where != null && !(uids.isEmpty() && cids.isEmpty())) {
      throw new UsageException("--where excludes --uid and --community-id");
    }
    Extraction.Format format;
    try {
      format = a.get("format") == null ? Extraction.Format.AUTO : Extraction.Format.parse(a.get("format"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Long from = a.get("from") == null ? null : ReportCommand.timestamp("--from", a.get("from"));
    Long to = a.get("to") == null ? null : ReportCommand.timestamp("--to", a.get("to"));
    if (from != null && to != null && from >= to) throw new UsageException("--from must be before --to");
    Config config = CommonOptions.config(a);
    Map<String, String> sourceOptions = CommonOptions.sourceOptions(a, config, name());
    PcapOptions readOptions;
    try {
      Map<String, String> withPath = new HashMap<>(sourceOptions);
      withPath.put("path", output); // any: only the read options are used
      readOptions = PcapOptions.parse(withPath);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }

    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      SparkSession spark = session.spark;
      PcapFunctions.register(spark, config);
      if (!a.flag("overwrite") && new Path(output).getFileSystem(spark.sparkContext().hadoopConfiguration())
          .exists(new Path(output))) {
        throw new UsageException(output + " exists (use --overwrite)");
      }
      Dataset<Row> packets = table != null
          ? new CaptureLake(spark.sparkContext().hadoopConfiguration(), table).packets(spark)
          : spark.read().format(PcapDataSource.SHORT_NAME).options(sourceOptions).load(inputs.toArray(new String[0]));
      if (from != null) packets = packets.where(col("ts_ns").geq(lit(from)));
      if (to != null) packets = packets.where(col("ts_ns").lt(lit(to)));
      Dataset<Row> places = where != null ? packets.where(where)
          : ConnectionPackets.of(packets, config, new ConnectionPackets.Selector(uids, cids));
      Extraction.Result r;
      try {
        r = Extraction.write(spark, places, readOptions.captureOptions(), output, format, a.flag("overwrite"));
      } catch (Extraction.Refused | FileAlreadyExistsException e) {
        throw new UsageException(e.getMessage());
      }
      if (r.records() == 0) {
        err.println("pcap-analytics extract: no packet matched; nothing written");
        return NO_MATCH;
      }
    }
    return 0;
  }
}

package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.lake.ParquetDictionaries;
import org.pcapanalytics.report.html.HtmlReport;
import org.pcapanalytics.report.zeek.ZeekWriter;
import org.pcapanalytics.spark.PcapReadStats;

/**
 * What the reports of one run share: the packets (read with the columns the chosen reports need,
 * the time window applied by the {@code pcap} source while reading), the connections (assembled
 * once, persisted, when a report needs them), and the writer of outputs, which also records each
 * output's row count and first rows for {@code _summary.json} and prints them.
 *
 * <p>The packets are not persisted unless {@link ReportOptions#cachePackets()} asks and a report
 * reads them besides the connection assembly: each report reads them again, decoding only the
 * columns it needs, with its aggregation done by the readers, which costs less CPU than building
 * Spark's in-memory cache of them (column statistics and compression).
 */
public final class ReportRun implements AutoCloseable {
  /** Rows of each output printed and kept in the summary. */
  static final int SHOW = 5;

  private final SparkSession spark;
  private final ReportOptions options;
  /** Where the outputs are written: the output directory, or a directory that becomes it. */
  private final Path writeDir;
  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper();
  /** When the run began: the {@code #open} time of Zeek logs. */
  private final Instant started = Instant.now();
  private final ObjectNode outputs = json.createObjectNode();
  private final List<Dataset<Row>> persisted = new ArrayList<>();
  private final Dataset<Row> packets;
  private final Dataset<Row> connections;
  /** Packets with both addresses the connections leave out ({@link Connections.Assembly#leftOut}). */
  private final LongAccumulator leftOut;
  private Dataset<Row> addressNames;
  private Dataset<Row> sparsePackets;
  /** Packet columns set only on packets with a DNS message. */
  private static final List<String> DNS_FIELDS = List.of("dns_id", "dns_qname", "dns_answers");
  /** What the readers of the first output that read captures saw (the read stats when nothing better ran). */
  private PcapReadStats firstStats;
  private PcapReadStats wholeInputStats;

  ReportRun(SparkSession spark, ReportOptions options, List<Report> reports, Path writeDir, PrintStream out)
      throws IOException {
    this.spark = spark;
    this.options = options;
    this.writeDir = writeDir;
    this.out = out;
    boolean needConnections = reports.stream().anyMatch(Report::needsConnections);
    Set<String> columns = new LinkedHashSet<>();
    if (needConnections) columns.addAll(Connections.PACKET_COLUMNS);
    for (Report r : reports) columns.addAll(r.packetColumns());
    Dataset<Row> p = window(read(options.fromNs(), options.toNs())).select(columns.stream().map(c -> col(c))
        .toArray(Column[]::new));
    // caching pays only when a report reads the packets besides the assembly (once per output)
    boolean packetsReread = reports.stream().anyMatch(r -> !r.packetColumns().isEmpty());
    packets = options.cachePackets() && packetsReread ? persist(p) : p;
    Connections.Assembly assembly = needConnections ? Connections.assemble(packets, options.config()) : null;
    connections = assembly == null ? null : persist(assembly.detailed());
    leftOut = assembly == null ? null : assembly.leftOut();
    GeoColumns.prepare(spark, options.config());
  }

  public ReportOptions options() {
    return options;
  }

  public Config config() {
    return options.config();
  }

  /** Rows of the ranking reports. */
  public int topN() {
    return options.config().reports().topN();
  }

  /** {@code df} in this order, its first {@code topN} rows ({@code topN <= 0}: all). */
  public static Dataset<Row> top(Dataset<Row> df, int topN, Column... order) {
    Dataset<Row> sorted = df.orderBy(order);
    return topN > 0 ? sorted.limit(topN) : sorted;
  }

  /** The packets in the window, with the columns the run's reports declared. */
  public Dataset<Row> packets() {
    return packets;
  }

  /**
   * Per address, the names the capture's DNS answers gave it ({@link AddressNames#perAddress}),
   * computed once per run; the reports that use it declare {@link AddressNames#PACKET_COLUMNS}.
   */
  public Dataset<Row> addressNames() {
    if (addressNames == null) addressNames = persist(AddressNames.perAddress(AddressNames.of(dnsMessages())));
    return addressNames;
  }

  /**
   * The few packets some reports look at one by one, read once per run and persisted (every column
   * of {@link #packets}): those with a DNS message and, when the run reads ICMP types, the ICMP
   * unreachables ({@link ErrorsReport#UNREACHABLE}). A few percent of the packets, so the reads of
   * them after the first cost next to nothing.
   */
  public Dataset<Row> sparsePackets() {
    if (sparsePackets == null) {
      List<String> read = List.of(packets.columns());
      String any = dnsFilter();
      if (read.contains("ip_proto") && read.contains("icmp_type")) any += " OR " + ErrorsReport.UNREACHABLE;
      sparsePackets = persist(packets.where(any));
    }
    return sparsePackets;
  }

  /** The packets with a DNS message ({@link #sparsePackets} filtered). */
  public Dataset<Row> dnsMessages() {
    return sparsePackets().where(dnsFilter());
  }

  /** By the DNS fields the run reads: each of them is set only on packets with a DNS message. */
  private String dnsFilter() {
    List<String> read = List.of(packets.columns());
    return "(" + String.join(" OR ", DNS_FIELDS.stream().filter(read::contains).map(c -> c + " IS NOT NULL").toList())
        + ")";
  }

  /** The connections ({@link Connections#detailed}), or null when no report of the run needs them. */
  public Dataset<Row> connections() {
    return connections;
  }

  /**
   * Whether every packet with both addresses is counted in exactly one of the connections (none
   * lacks a time stamp or an IP protocol), so that per-address figures can come from them instead
   * of another read of the capture. Assembles the connections if no output has yet.
   */
  public boolean connectionsHoldEveryAddressedPacket() {
    if (connections == null) return false;
    connections.count(); // every partition assembled, now or by an earlier output: the count is complete
    return leftOut.value() == 0;
  }

  /** With {@code --from}: the packets before the window (every column, unpersisted); else null. */
  public Dataset<Row> packetsBeforeWindow() throws IOException {
    Long from = options.fromNs();
    return from == null ? null : read(null, from).where(col("ts_ns").lt(lit(from)));
  }

  /** Persists {@code d} (memory, then disk) until the run ends. */
  public Dataset<Row> persist(Dataset<Row> d) {
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(p);
    return p;
  }

  /**
   * The read statistics of a scan of the whole input that decoded every layer: they become the
   * run's {@code readStats} (else those of the connections' scan, else of the first output's).
   */
  public void wholeInputRead(PcapReadStats stats) {
    wholeInputStats = stats;
  }

  PcapReadStats readStats() {
    if (options.table() != null) return null;
    if (wholeInputStats != null) return wholeInputStats;
    PcapReadStats c = connections == null ? null : ReadStats.of(connections);
    return c != null && c.scans() > 0 ? c : firstStats;
  }

  /** Why {@link #readStats()} is null. */
  String readStatsAbsent() {
    return options.table() != null
        ? "read from the capture lake " + options.table() + ", not from captures: convert read those"
        : "no output of this run read the captures";
  }

  /** The outputs written so far, as {@code _summary.json} lists them under {@code reports}. */
  ObjectNode outputs() {
    return outputs;
  }

  /** The packets; from a capture lake, only its date partitions that can hold [fromNs, toNs). */
  private Dataset<Row> read(Long fromNs, Long toNs) throws IOException {
    if (options.table() != null) {
      return new CaptureLake(spark.sparkContext().hadoopConfiguration(), options.table()).packets(spark)
          .where(CaptureLake.datesOf(fromNs, toNs));
    }
    String[] paths = options.inputs().toArray(new String[0]);
    return spark.read().format("pcap").options(options.sourceOptions()).load(paths);
  }

  private Dataset<Row> window(Dataset<Row> packets) {
    Dataset<Row> p = packets;
    if (options.fromNs() != null) p = p.where(col("ts_ns").geq(lit(options.fromNs())));
    if (options.toNs() != null) p = p.where(col("ts_ns").lt(lit(options.toNs())));
    return p;
  }

  /**
   * The most rows of a one-file output (a ranking, an aggregate) the driver collects and writes
   * from there: each Spark query of a run costs 0.1–4 s cold (planning, code generation, the JIT),
   * more than most such outputs' data, and a collected output is written, counted and shown with
   * one query of its plan instead of three. A larger one is persisted and written by a task, its
   * plan run again. Tests lower it to take both ways.
   */
  static int collectedRows = 50_000;

  /**
   * Writes one output under {@code DIR/NAME/} (persisting it while written, counted and shown, or
   * for a small one-file output collecting it first), records its row count and first rows in the
   * summary, prints them, and returns its summary entry for the report to add its key figures to.
   */
  public ObjectNode write(Output output, Dataset<Row> df) {
    String name = output.name();
    long t0 = System.nanoTime();
    boolean cached = !df.storageLevel().equals(StorageLevel.NONE()) || projectsACache(df);
    List<Row> collected = cached || !output.oneFile() ? null : collect(df);
    boolean persist = !cached && collected == null;
    Dataset<Row> d = collected != null ? spark.createDataFrame(collected, df.schema())
        : persist ? df.persist(StorageLevel.MEMORY_AND_DISK()) : df;
    try {
      String path = new Path(options.outputDir(), name).toString();
      writeData(output, d, new Path(writeDir, name).toString());
      if (collected == null) noteReadStats(d); // while cached: the plan that ran
      long rows = collected != null ? collected.size() : d.count();
      boolean largest = !output.largestFirst().isEmpty();
      Dataset<Row> ordered = largest ? d.orderBy(output.showOrder()) : d;
      // columns that only some configurations add (GeoColumns) are shown when present
      List<String> present = List.of(d.columns());
      Dataset<Row> shown = output.shown().isEmpty() ? ordered : ordered.select(output.shown().stream()
          .filter(present::contains).map(c -> col(c)).toArray(Column[]::new));
      // the HTML page draws from the summary: some outputs keep more rows there ("head")
      int keep = HtmlReport.ROWS_DRAWN.getOrDefault(name, 0);
      List<Row> head = shown.limit(Math.max(SHOW, keep)).collectAsList();
      List<Row> first = head.subList(0, Math.min(SHOW, head.size()));
      ObjectNode n = outputs.putObject(name);
      n.put("path", path);
      n.put("rows", rows);
      n.set(largest ? "largest" : "first", rowsJson(first));
      if (keep > SHOW) n.set("head", rowsJson(head));
      double seconds = (System.nanoTime() - t0) / 1e9;
      n.put("seconds", Math.round(seconds * 100) / 100.0);
      out.printf(Locale.ROOT, "== %s: %,d row%s -> %s (%.1f s)%s%n", name, rows, rows == 1 ? "" : "s", path,
          seconds, largest ? ", largest first" : "");
      out.print(TextTable.render(shown.columns(), first));
      if (rows > first.size()) out.printf(Locale.ROOT, "   ... %,d more%n", rows - first.size());
      out.println();
      return n;
    } finally {
      if (persist) d.unpersist();
    }
  }

  /** All of {@code df} if it has at most {@link #collectedRows} rows, else null. */
  private List<Row> collect(Dataset<Row> df) {
    Dataset<Row> limited = df.limit(collectedRows + 1);
    List<Row> rows = limited.collectAsList();
    noteReadStats(limited);
    return rows.size() <= collectedRows ? rows : null;
  }

  /** The read statistics of the first output whose plan read the captures (see {@link #readStats}). */
  private void noteReadStats(Dataset<Row> ran) {
    if (firstStats != null) return;
    PcapReadStats s = ReadStats.of(ran);
    if (s != null && s.scans() > 0) firstStats = s;
  }

  private void writeData(Output output, Dataset<Row> d, String path) {
    String format = options.format();
    Dataset<Row> w = format.equals("csv") ? flatten(d) : d;
    if (output.oneFile()) w = w.coalesce(1);
    if (format.equals(ReportOptions.ZEEK)) {
      try {
        ZeekWriter.write(w, output.zeekLog(w.schema()), path, started);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    DataFrameWriter<Row> writer = w.write().mode(SaveMode.Overwrite).format(format);
    if (format.equals("parquet")) writer = writer.options(ParquetDictionaries.offFor(w.columns()));
    if (!format.equals("parquet")) {
      writer = writer.option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
          .option("timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    }
    if (format.equals("csv")) writer = writer.option("header", "true");
    writer.save(path);
  }

  /**
   * Whether {@code df} only selects columns of a persisted Dataset (the contract columns of the
   * connections): reading them again costs less than caching them a second time.
   */
  private static boolean projectsACache(Dataset<Row> df) {
    LogicalPlan p = df.queryExecution().withCachedData();
    if (p instanceof Project project) p = project.child();
    return p instanceof InMemoryRelation;
  }

  /** CSV has no arrays: they are written as JSON text. */
  private static Dataset<Row> flatten(Dataset<Row> d) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : d.schema().fields()) {
      cols.add(f.dataType() instanceof ArrayType ? to_json(col(f.name())).as(f.name()) : col(f.name()));
    }
    return d.select(cols.toArray(new Column[0]));
  }

  /** Rows per value of {@code column}, most first, as a JSON object. */
  public ObjectNode counts(Dataset<Row> df, String column) {
    ObjectNode n = json.createObjectNode();
    for (Row r : df.groupBy(column).count().orderBy(col("count").desc()).collectAsList()) {
      n.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return n;
  }

  /** Rows as a JSON array of objects (timestamps as ISO-8601 text). */
  public ArrayNode rowsJson(List<Row> rows) {
    ArrayNode a = json.createArrayNode();
    for (Row r : rows) {
      ObjectNode x = a.addObject();
      String[] names = r.schema().fieldNames();
      for (int i = 0; i < names.length; i++) x.set(names[i], json.valueToTree(SparkValues.plain(r.get(i))));
    }
    return a;
  }

  /** Unpersists what the run persisted. */
  @Override
  public void close() {
    for (Dataset<Row> d : persisted) d.unpersist();
  }
}

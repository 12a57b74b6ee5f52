package org.pcapanalytics.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
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
import org.pcapanalytics.config.Config;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.spark.PcapReadStats;

/**
 * Runs one report, or all of them in one run, writes each output under
 * {@code DIR/NAME/}, prints the first rows of each, and writes {@code DIR/_summary.json} (and,
 * for {@code all}, the page {@code DIR/report.html}, see {@link HtmlReport}).
 *
 * <p>Each report reads the packets itself: only the columns it needs (so the scan decodes only
 * those layers), with the time window as filters on {@code ts_ns} that the {@code pcap} source
 * applies while reading, and its aggregations pushed into the readers where they can be. The
 * connections are assembled once and persisted (memory, then disk). With {@code --from},
 * the DNS report looks for names never seen before the window in one more, slim scan of the data
 * before it (DNS names only).
 */
public final class ReportRunner {
  /** Report names accepted by {@link #run}; {@code all} runs every one. */
  public static final List<String> REPORTS = List.of(Reports.CONNECTIONS, Reports.TOP_TALKERS, Reports.AFTER_HOURS,
      Reports.DNS, Reports.WATCHLIST, Reports.ERRORS, Reports.SUMMARY);
  public static final String ALL = "all";
  public static final List<String> FORMATS = List.of("parquet", "csv", "json");

  private static final int SHOW = 5;

  /** What to read and where to write. */
  public static final class Options {
    public List<String> inputs = new ArrayList<>();
    /** A capture lake written by {@code convert}, read instead of {@link #inputs} when set. */
    public String table;
    public Map<String, String> sourceOptions = new LinkedHashMap<>();
    public String outputDir;
    public String format = "parquet";
    /** Window start (inclusive) and end (exclusive), ns since the epoch, or null. */
    public Long fromNs;
    public Long toNs;
    public Config config = Config.defaults();
    public String configSource;
    /**
     * Read the capture once and keep the decoded packets in Spark's cache (memory, then local
     * disk) for every report, instead of each report reading it again: for captures on slow or
     * metered storage. Reading again is faster where reading is cheap (see the README).
     */
    public boolean cachePackets;
  }

  private final SparkSession spark;
  private final Options o;
  private final PrintStream out;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectNode summary = json.createObjectNode();
  private final ObjectNode reports = json.createObjectNode();
  private final List<Dataset<Row>> persisted = new ArrayList<>();
  /** What the readers of the first output saw (the read stats when nothing better ran). */
  private PcapReadStats firstStats;
  private PcapReadStats summaryStats;

  private ReportRunner(SparkSession spark, Options o, PrintStream out) {
    this.spark = spark;
    this.o = o;
    this.out = out;
  }

  /**
   * Runs {@code report} (one of {@link #REPORTS} or {@link #ALL}) and returns the content of
   * {@code _summary.json}.
   */
  public static ObjectNode run(SparkSession spark, String report, Options o, PrintStream out) throws IOException {
    if (!report.equals(ALL) && !REPORTS.contains(report)) {
      throw new IllegalArgumentException("unknown report '" + report + "' (one of " + String.join(", ", REPORTS)
          + ", all)");
    }
    if (!FORMATS.contains(o.format)) throw new IllegalArgumentException("unknown format '" + o.format + "'");
    ReportRunner r = new ReportRunner(spark, o, out);
    try {
      return r.execute(report.equals(ALL) ? REPORTS : List.of(report), report);
    } finally {
      for (Dataset<Row> d : r.persisted) d.unpersist();
    }
  }

  private ObjectNode execute(List<String> names, String requested) throws IOException {
    long t0 = System.nanoTime();
    Set<String> want = new LinkedHashSet<>(names);
    boolean needConnections = want.contains(Reports.CONNECTIONS) || want.contains(Reports.TOP_TALKERS)
        || want.contains(Reports.AFTER_HOURS) || want.contains(Reports.WATCHLIST) || want.contains(Reports.ERRORS)
        || want.contains(Reports.SUMMARY) && want.size() > 1;
    // Not persisted unless asked: each report reads the packets again, decoding only the columns
    // it needs, with its aggregation done by the readers. Spark's in-memory cache of the packets
    // cost more CPU to build (column statistics and compression) than all these scans: report
    // top-talkers over 1 GB took 40.7-43.5 s with it, 30.4-31.3 s without.
    Dataset<Row> packets = window(read(o.fromNs, o.toNs)).select(columns(want, needConnections));
    boolean packetsReused = !(want.size() == 1 && (want.contains(Reports.CONNECTIONS)
        || want.contains(Reports.AFTER_HOURS)));
    if (o.cachePackets && packetsReused) packets = persist(packets);
    Dataset<Row> connections = needConnections ? persist(Connections.detailed(packets, o.config)) : null;
    int topN = o.config.reports().topN();

    summary.put("report", requested);
    ArrayNode in = summary.putArray("inputs");
    o.inputs.forEach(in::add);
    if (o.table != null) summary.put("table", o.table);
    summary.put("format", o.format);
    summary.put("output", o.outputDir);
    ObjectNode w = summary.putObject("window");
    w.put("from", o.fromNs == null ? null : instant(o.fromNs).toString());
    w.put("to", o.toNs == null ? null : instant(o.toNs).toString());
    summary.put("config", o.configSource == null ? "built-in defaults" : o.configSource);
    summary.put("timeZone", o.config.businessHours().zone().getId());

    Dataset<Row> pairs = null;
    for (String name : want) {
      switch (name) {
        case Reports.CONNECTIONS: {
          ObjectNode n = write(Reports.CONNECTIONS, Connections.contract(connections), false,
              List.of("start_ts", "orig_ip", "orig_port", "resp_ip", "resp_port", "proto", "service", "conn_state",
                  "orig_bytes", "resp_bytes"), expr("orig_bytes + resp_bytes").desc(), col("uid"));
          n.set("byState", counts(connections, "conn_state"));
          n.set("byProto", counts(connections, "proto"));
          break;
        }
        case Reports.TOP_TALKERS: {
          pairs = persist(Reports.directedPairs(packets));
          ObjectNode n = write(Reports.TOP_TALKERS, Reports.topTalkers(pairs, connections, topN), true, null);
          n.put("topN", topN);
          write(Reports.TOP_CONVERSATIONS, Reports.topConversations(pairs, topN), true,
              List.of("address_a", "address_b", "frames", "bytes", "bytes_a_to_b", "bytes_b_to_a", "duration"));
          write(Reports.TOP_SERVICES, Reports.topServices(Connections.contract(connections), topN), true, null);
          break;
        }
        case Reports.AFTER_HOURS: {
          Dataset<Row> ah = persist(Reports.afterHours(Connections.contract(connections), o.config));
          ObjectNode n = write(Reports.AFTER_HOURS, ah, false,
              List.of("local_start", "orig_ip", "resp_ip", "resp_port", "service", "conn_state",
                  "internal_to_external", "bytes_out"), col("bytes_out").desc(), col("start_ts"), col("uid"));
          Row t = ah.selectExpr("count_if(internal_to_external)", "coalesce(sum(bytes_out), 0)").first();
          n.put("internalToExternal", t.getLong(0));
          n.put("bytesOut", t.getLong(1));
          n.put("timeZone", o.config.businessHours().zone().getId());
          n.set("topSenders", rowsJson(ah.where("internal_to_external").groupBy("orig_ip")
              .agg(org.apache.spark.sql.functions.sum("bytes_out").as("bytes_out"),
                  org.apache.spark.sql.functions.count(lit(1)).as("connections"))
              .orderBy(col("bytes_out").desc()).limit(SHOW).collectAsList()));
          break;
        }
        case Reports.DNS: {
          write(Reports.DNS, Reports.dnsTopNames(packets, topN), true, null);
          ObjectNode f = write(Reports.DNS_FAILURES, Reports.dnsFailures(packets), true,
              List.of("client_ip", "failures", "nxdomain", "servfail", "queries", "sample_names"));
          Dataset<Row> earlier = earlierDns();
          ObjectNode nn = write(Reports.DNS_NEW_NAMES, Reports.dnsNewNames(packets, earlier), true, null);
          nn.put("baseline", earlier == null ? "none (no --from): every name in the window counts as new"
              : "packets before " + instant(o.fromNs));
          f.put("note", "per client: failed answers it received");
          break;
        }
        case Reports.WATCHLIST: {
          ObjectNode n = write(Reports.WATCHLIST, Reports.watchlist(packets, connections, o.config), true,
              List.of("indicator", "source", "value", "client_ip", "server_ip", "first_seen", "events", "bytes_out"));
          n.put("domains", o.config.watchlist().domains().size());
          n.put("networks", o.config.watchlist().addresses().networks().size());
          break;
        }
        case Reports.ERRORS: {
          write(Reports.ERRORS, Reports.errors(packets, connections), false,
              List.of("client_ip", "server_ip", "failures", "s0", "rej", "resets", "icmp_unreachable",
                  "dns_nxdomain", "dns_servfail"));
          break;
        }
        case Reports.SUMMARY: {
          write(Reports.SUMMARY_HOURLY, Reports.summaryHourly(packets), true, null);
          write(Reports.SUMMARY_PROTOCOLS, Reports.summaryProtocols(packets), true, null);
          // one row; its scan decodes every layer (decode_error), so what its readers saw is the input's
          Dataset<Row> totals = persist(Reports.summaryTotals(packets));
          totals.count();
          summaryStats = ReadStats.of(totals);
          List<Column> all = new ArrayList<>();
          for (String c : totals.columns()) all.add(col(c));
          all.add(lit(connections == null ? null : connections.count()).cast("bigint").as("connections"));
          summaryStats.values().forEach((c, v) -> {
            if (c.summaryColumn() != null) all.add(lit(v).as(c.summaryColumn()));
          });
          write(Reports.SUMMARY, totals.select(all.toArray(new Column[0])), true, null);
          break;
        }
        default:
          throw new IllegalStateException(name);
      }
    }
    // what the readers saw, from one scan of the whole input: the summary's (every layer decoded),
    // else that of the connections, else that of the first output
    PcapReadStats stats = summaryStats != null ? summaryStats
        : connections != null ? ReadStats.of(connections) : firstStats;
    ObjectNode s = summary.putObject("readStats");
    stats.values().forEach((c, v) -> {
      if (c.jsonKey() != null) s.put(c.jsonKey(), v);
    });
    summary.set("reports", reports);
    summary.put("elapsedSeconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    writeSummaryJson();
    out.printf(Locale.ROOT, "input: %s%n", stats);
    out.printf(Locale.ROOT, "wrote %s/_summary.json (%.1f s)%n", o.outputDir, (System.nanoTime() - t0) / 1e9);
    if (requested.equals(ALL)) {
      Path html = HtmlReport.write(spark.sparkContext().hadoopConfiguration(), new Path(o.outputDir), summary);
      out.printf(Locale.ROOT, "wrote %s%n", html);
    }
    return summary;
  }

  private Dataset<Row> persist(Dataset<Row> d) {
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(p);
    return p;
  }

  /** The packets; from a capture lake, only its date partitions that can hold [fromNs, toNs). */
  private Dataset<Row> read(Long fromNs, Long toNs) throws IOException {
    if (o.table != null) {
      return new CaptureLake(spark.sparkContext().hadoopConfiguration(), o.table).packets(spark)
          .where(CaptureLake.datesOf(fromNs, toNs));
    }
    String[] paths = o.inputs.toArray(new String[0]);
    return spark.read().format("pcap").options(o.sourceOptions).load(paths);
  }

  private Dataset<Row> window(Dataset<Row> packets) {
    Dataset<Row> p = packets;
    if (o.fromNs != null) p = p.where(col("ts_ns").geq(lit(o.fromNs)));
    if (o.toNs != null) p = p.where(col("ts_ns").lt(lit(o.toNs)));
    return p;
  }

  /** With --from: the DNS names before the window, for first-seen checks (a second, slim scan). */
  private Dataset<Row> earlierDns() throws IOException {
    if (o.fromNs == null) return null;
    return read(null, o.fromNs).where(col("ts_ns").lt(lit(o.fromNs))).select("ts_ns", "src_ip", "dst_ip", "dns_qname",
        "dns_response");
  }

  /** The packet columns the reports read. */
  private static Column[] columns(Set<String> want, boolean connections) {
    Set<String> c = new LinkedHashSet<>(List.of("ts_ns", "src_ip", "dst_ip"));
    if (connections) c.addAll(Connections.PACKET_COLUMNS);
    if (want.contains(Reports.TOP_TALKERS)) c.add("wirelen");
    if (want.contains(Reports.DNS) || want.contains(Reports.WATCHLIST) || want.contains(Reports.ERRORS)) {
      c.addAll(List.of("dns_qname", "dns_response", "dns_rcode", "wirelen", "src_port"));
    }
    if (want.contains(Reports.ERRORS)) c.addAll(List.of("ip_proto", "icmp_type"));
    if (want.contains(Reports.SUMMARY)) {
      c.addAll(List.of("ts", "wirelen", "caplen", "ip_version", "ip_proto", "eth_type", "truncated", "decode_error"));
    }
    List<Column> cols = new ArrayList<>();
    for (String s : c) cols.add(col(s));
    return cols.toArray(new Column[0]);
  }

  /**
   * Writes one output (persisting it while written, counted and shown), records its row count
   * and first rows in the summary JSON, and prints them.
   */
  private ObjectNode write(String name, Dataset<Row> df, boolean small, List<String> show, Column... showOrder) {
    long t0 = System.nanoTime();
    boolean cached = !df.storageLevel().equals(StorageLevel.NONE()) || projectsACache(df);
    Dataset<Row> d = cached ? df : df.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String path = new Path(o.outputDir, name).toString();
      Dataset<Row> w = o.format.equals("csv") ? flatten(d) : d;
      if (small) w = w.coalesce(1);
      org.apache.spark.sql.DataFrameWriter<Row> writer = w.write().mode(SaveMode.Overwrite).format(o.format);
      if (!o.format.equals("parquet")) {
        writer = writer.option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX")
            .option("timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
      }
      if (o.format.equals("csv")) writer = writer.option("header", "true");
      writer.save(path);
      if (firstStats == null) firstStats = ReadStats.of(d); // while cached: the plan that ran
      long rows = d.count();
      Dataset<Row> ordered = showOrder.length == 0 ? d : d.orderBy(showOrder);
      Dataset<Row> shown = show == null ? ordered : ordered.select(show.stream()
          .map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
      // the HTML report draws from the summary: some outputs keep more rows there ("head")
      int keep = HtmlReport.headRows(name);
      List<Row> head = shown.limit(Math.max(SHOW, keep)).collectAsList();
      List<Row> first = head.subList(0, Math.min(SHOW, head.size()));
      ObjectNode n = reports.putObject(name);
      n.put("path", path);
      n.put("rows", rows);
      n.set(showOrder.length == 0 ? "first" : "largest", rowsJson(first));
      if (keep > SHOW) n.set("head", rowsJson(head));
      double seconds = (System.nanoTime() - t0) / 1e9;
      n.put("seconds", Math.round(seconds * 100) / 100.0);
      out.printf(Locale.ROOT, "== %s: %,d row%s -> %s (%.1f s)%s%n", name, rows, rows == 1 ? "" : "s", path,
          seconds, showOrder.length == 0 ? "" : ", largest first");
      out.print(TextTable.render(shown.columns(), first));
      if (rows > first.size()) out.printf(Locale.ROOT, "   ... %,d more%n", rows - first.size());
      out.println();
      return n;
    } finally {
      if (!cached) d.unpersist();
    }
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

  private ObjectNode counts(Dataset<Row> df, String column) {
    ObjectNode n = json.createObjectNode();
    for (Row r : df.groupBy(column).count().orderBy(col("count").desc()).collectAsList()) {
      n.put(String.valueOf(r.get(0)), r.getLong(1));
    }
    return n;
  }

  private ArrayNode rowsJson(List<Row> rows) {
    ArrayNode a = json.createArrayNode();
    for (Row r : rows) {
      ObjectNode x = a.addObject();
      String[] names = r.schema().fieldNames();
      for (int i = 0; i < names.length; i++) x.set(names[i], json.valueToTree(plain(r.get(i))));
    }
    return a;
  }

  /** A Spark value as something Jackson writes plainly. */
  static Object plain(Object v) {
    if (v instanceof Timestamp t) return t.toInstant().toString();
    if (v instanceof Instant i) return i.toString();
    if (v instanceof LocalDateTime l) return l.toString();
    if (v instanceof scala.collection.Seq<?> s) {
      List<Object> l = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> l.add(plain(x)));
      return l;
    }
    if (v instanceof List<?> s) {
      List<Object> l = new ArrayList<>();
      s.forEach(x -> l.add(plain(x)));
      return l;
    }
    return v;
  }

  private void writeSummaryJson() throws IOException {
    Path p = new Path(o.outputDir, "_summary.json");
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

package org.pcapanalytics.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.lake.CaptureLake;
import org.pcapanalytics.report.AddressNames;
import org.pcapanalytics.spark.PcapDataSource;
import org.pcapanalytics.spark.PcapReadStats;
import org.pcapanalytics.udf.PcapFunctions;

/** {@code sql}: registers the {@code packets} view over the inputs and runs one query. */
final class SqlCommand implements Command {
  @Override
  public String name() { return "sql"; }

  @Override
  public String summary() { return "run a Spark SQL query over captures (views: packets, connections)"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics sql [--input PATH]... | [--table TABLE] [--option K=V]... [--conf K=V]... [--config FILE]\n"
        + "                         [--csv] [--max-rows N] [--master URL] \"QUERY\"\n"
        + "\n"
        + "Registers the temporary views `packets` (one row per captured frame) and `connections`\n"
        + "(one row per connection, Zeek conn.log model), and `names` (address, name: what the\n"
        + "capture's DNS answers call each address) over the inputs —\n"
        + "files, directories and globs, local or any Hadoop file system URI (hdfs://, s3a://) —\n"
        + "and runs QUERY. The project's SQL functions (cidr_match, is_internal_ip, service_name,\n"
        + "in_business_hours, ...) are registered with the configuration of --config FILE\n"
        + "(default: built-in defaults).\n"
        + "\n"
        + "  --input PATH     capture files/directories/globs (repeatable)\n"
        + "  --table TABLE    instead of --input: the views read a capture lake written by `convert`\n"
        + "                   (packets and the stored connections, with partition columns batch and date;\n"
        + "                   filter on date to read fewer files)\n"
        + "  --option K=V     option of the pcap data source: mode=PERMISSIVE|DROPMALFORMED|FAILFAST,\n"
        + "                   splitSize=128m, recursiveFileLookup=true, pathGlobFilter=*.pcap\n"
        + "  --conf K=V       Spark configuration (e.g. spark.sql.shuffle.partitions=8)\n"
        + "  --csv            RFC 4180 CSV with a header line on stdout, nothing else on stdout\n"
        + "  --max-rows N     rows printed as a table (default 1000; CSV prints all)\n"
        + "  --master URL     Spark master (default local[*])\n";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "table", "option", "conf", "config", "master", "max-rows"), Set.of("help", "csv"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    if (a.positional().size() != 1) throw new UsageException("give exactly one QUERY (quote it)");
    String query = a.positional().get(0);
    int maxRows = (int) a.whole("max-rows", 1000, 0, Integer.MAX_VALUE - 1);
    Map<String, String> options = Views.check(a, name());
    Config config = CommonOptions.config(a);
    options = CommonOptions.withSeed(options, config);
    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      Dataset<Row> result = Views.register(session.spark, a, options, config).sql(query);
      if (a.flag("csv")) {
        Csv.write(asText(result), out);
      } else {
        Table.print(asText(result), maxRows, out);
      }
    }
    return 0;
  }

  /**
   * The views of {@code sql} and {@code shell} and the project's SQL functions in a session:
   * {@code packets} and {@code connections} over {@code --input} (with {@code --option}), or over
   * the capture lake of {@code --table}.
   */
  static final class Views {
    private final SparkSession spark;
    /** The packets of --input, whose connections view is defined on first use; else null. */
    private final Dataset<Row> packets;
    private final Config config;

    private Views(SparkSession spark, Dataset<Row> packets, Config config) {
      this.spark = spark;
      this.packets = packets;
      this.config = config;
    }

    /**
     * The usage errors of the view options, found before a session is started; returns the
     * {@code --option}s of the pcap source, checked for {@code command}.
     */
    static Map<String, String> check(Args a, String command) {
      if (!a.all("input").isEmpty() && a.get("table") != null) {
        throw new UsageException("--input and --table exclude each other");
      }
      SourceOptions.noneWithTable(a);
      return SourceOptions.of(a, SourceOptions.DATA_SOURCE, command);
    }

    static Views register(SparkSession spark, Args a, Map<String, String> options, Config config) throws IOException {
      PcapFunctions.register(spark, config);
      if (!a.all("input").isEmpty()) {
        Dataset<Row> packets = spark.read().format(PcapDataSource.SHORT_NAME).options(options)
            .load(a.all("input").toArray(new String[0]));
        packets.createOrReplaceTempView("packets");
        // ones an earlier command left in this session
        spark.catalog().dropTempView(Connections.VIEW);
        spark.catalog().dropTempView(AddressNames.VIEW);
        return new Views(spark, packets, config);
      }
      if (a.get("table") != null) {
        CaptureLake lake = new CaptureLake(spark.sparkContext().hadoopConfiguration(), a.get("table"));
        Dataset<Row> packets = lake.packets(spark);
        packets.createOrReplaceTempView("packets");
        AddressNames.of(packets).createOrReplaceTempView(AddressNames.VIEW);
        lake.connections(spark).createOrReplaceTempView(Connections.VIEW);
      }
      return new Views(spark, null, config);
    }

    /** Runs a query (analysed at once; commands such as SET or CREATE VIEW also run at once). */
    Dataset<Row> sql(String query) throws Exception {
      return packets == null ? spark.sql(query) : sqlRegisteringViews(spark, query, packets, config);
    }
  }

  /**
   * Runs {@code query}, defining the {@value Connections#VIEW} and {@value AddressNames#VIEW}
   * views first only if the query reads them: analysing their plans is a noticeable part of a
   * cold start, wasted on packet-only queries. Spark analyses eagerly, so a query that names one
   * fails with TABLE_OR_VIEW_NOT_FOUND at once.
   */
  static Dataset<Row> sqlRegisteringViews(SparkSession spark, String query, Dataset<Row> packets, Config config)
      throws Exception {
    while (true) { // each view is defined at most once: then a query still missing one fails
      try {
        return spark.sql(query);
      } catch (Exception e) { // AnalysisException, which javac cannot see thrown from Scala code
        String missing = e instanceof AnalysisException a && "TABLE_OR_VIEW_NOT_FOUND".equals(a.getCondition())
            ? String.valueOf(a.getMessageParameters().get("relationName")).toLowerCase(Locale.ROOT) : "";
        if (missing.contains(Connections.VIEW) && !spark.catalog().tableExists(Connections.VIEW)) {
          Connections.register(spark, packets, config);
        } else if (missing.contains(AddressNames.VIEW) && !spark.catalog().tableExists(AddressNames.VIEW)) {
          AddressNames.of(packets).createOrReplaceTempView(AddressNames.VIEW);
        } else {
          throw e;
        }
      }
    }
  }

  /** Every column as Spark renders it as a string (timestamps in the session zone, arrays as [a, b]). */
  static Dataset<Row> asText(Dataset<Row> df) {
    String[] names = df.columns();
    List<Column> cols = new ArrayList<>();
    for (String n : names) cols.add(df.col("`" + n.replace("`", "``") + "`").cast("string").as(n));
    return df.select(cols.toArray(new Column[0]));
  }

  /** RFC 4180 CSV: header line, CRLF line ends, fields quoted when they hold a comma, quote or line break. */
  static final class Csv {
    private Csv() {}

    static void write(Dataset<Row> text, PrintStream out) {
      String[] names = text.columns();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < names.length; i++) field(line, i, names[i]);
      out.print(line.append("\r\n"));
      Iterator<Row> it = text.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        line.setLength(0);
        for (int i = 0; i < names.length; i++) field(line, i, r.isNullAt(i) ? "" : r.getString(i));
        out.print(line.append("\r\n"));
      }
      out.flush();
      PcapReadStats.of(text).log(); // the query listener saw the iterator before it was read
    }

    private static void field(StringBuilder sb, int i, String v) {
      if (i > 0) sb.append(',');
      boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
      if (!quote) {
        sb.append(v);
        return;
      }
      sb.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
  }

  /** A plain aligned table, like spark-sql's output, without truncating values. */
  static final class Table {
    private Table() {}

    static void print(Dataset<Row> text, int maxRows, PrintStream out) {
      String[] names = text.columns();
      List<Row> rows = text.limit(maxRows + 1).collectAsList();
      boolean more = rows.size() > maxRows;
      if (more) rows = rows.subList(0, maxRows);
      int[] w = new int[names.length];
      for (int i = 0; i < names.length; i++) w[i] = names[i].length();
      for (Row r : rows) {
        for (int i = 0; i < names.length; i++) w[i] = Math.max(w[i], cell(r, i).length());
      }
      StringBuilder sep = new StringBuilder("+");
      for (int x : w) sep.append("-".repeat(x + 2)).append('+');
      out.println(sep);
      out.println(line(names, w));
      out.println(sep);
      for (Row r : rows) {
        String[] cells = new String[names.length];
        for (int i = 0; i < names.length; i++) cells[i] = cell(r, i);
        out.println(line(cells, w));
      }
      out.println(sep);
      out.println(rows.size() + (rows.size() == 1 ? " row" : " rows") + (more ? " (more not shown; use --max-rows or --csv)" : ""));
    }

    private static String cell(Row r, int i) {
      return r.isNullAt(i) ? "NULL" : r.getString(i);
    }

    private static String line(String[] cells, int[] w) {
      StringBuilder sb = new StringBuilder("|");
      for (int i = 0; i < cells.length; i++) {
        sb.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
      }
      return sb.toString();
    }
  }
}

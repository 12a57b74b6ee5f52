package org.pcapanalytics.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.spark.PacketColumn;

/**
 * A capture lake: the packets of converted captures as a Parquet table, and their connections.
 *
 * <pre>
 * TABLE/packets/batch=B/date=YYYY-MM-DD/part-*.parquet       the pcap source's columns (+ batch, date)
 * TABLE/connections/batch=B/date=YYYY-MM-DD/part-*.parquet   Zeek conn.log columns (+ batch, date)
 * TABLE/_manifest/batch-B.jsonl                              one line per converted capture of batch B
 * TABLE/_lock, TABLE/_tmp/                                   while a convert runs
 * </pre>
 *
 * <p>{@code date} is the UTC date of {@code ts} (of {@code start_ts} for connections): partitions
 * never depend on a configuration that may change, and a window in any zone prunes to at most two
 * dates per day. Within a file rows are in time order, so Parquet's min/max statistics of
 * {@code ts_ns} skip row groups for windows shorter than a day (there is no hour partition: it
 * would multiply small files by 24).
 *
 * <p>A batch is what one convert run wrote. It counts once its manifest file exists (written last,
 * by rename); readers here read only those batches, so a run that failed halfway is invisible,
 * and the next convert deletes what it left and converts its files again. Plain
 * {@code spark.read.parquet(TABLE/packets)} sees every batch directory, including such leftovers
 * until the next convert.
 */
public final class CaptureLake {
  public static final String PACKETS = "packets";
  public static final String CONNECTIONS = "connections";
  public static final String MANIFEST = "_manifest";
  public static final String TMP = "_tmp";
  static final String BATCH = "batch";
  static final String DATE = "date";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One converted capture file. */
  public record Entry(String path, long size, long modificationTime, long rows, String convertedAt, String batch) {
    ObjectNode json() {
      ObjectNode n = JSON.createObjectNode();
      n.put("path", path);
      n.put("size", size);
      n.put("modificationTime", modificationTime);
      n.put("rows", rows);
      n.put("convertedAt", convertedAt);
      n.put("batch", batch);
      return n;
    }

    static Entry of(JsonNode n) {
      return new Entry(n.get("path").asText(), n.get("size").asLong(), n.get("modificationTime").asLong(),
          n.get("rows").asLong(), n.get("convertedAt").asText(), n.get("batch").asText());
    }
  }

  final Path root;
  final FileSystem fs;

  public CaptureLake(Configuration conf, String table) throws IOException {
    Path p = new Path(table);
    this.fs = p.getFileSystem(conf);
    this.root = fs.makeQualified(p);
  }

  public Path root() {
    return root;
  }

  Path manifestFile(String batch) {
    return new Path(new Path(root, MANIFEST), "batch-" + batch + ".jsonl");
  }

  /** The converted captures by path, from every committed batch (a later batch wins). */
  public Map<String, Entry> manifest() throws IOException {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (String b : batches()) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(manifestFile(b)), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank()) {
            Entry e = Entry.of(JSON.readTree(line));
            m.put(e.path(), e);
          }
        }
      }
    }
    return m;
  }

  /** Committed batch ids, oldest first (ids sort by time). */
  public List<String> batches() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    Path dir = new Path(root, MANIFEST);
    if (!fs.exists(dir)) return new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (n.startsWith("batch-") && n.endsWith(".jsonl")) out.add(n.substring(6, n.length() - 6));
    }
    return new ArrayList<>(out);
  }

  /** Commits a batch: its manifest lines, written to a hidden file and renamed into place. */
  void commit(String batch, List<Entry> entries) throws IOException {
    Path dir = new Path(root, MANIFEST);
    fs.mkdirs(dir);
    Path tmp = new Path(dir, ".batch-" + batch + ".jsonl.tmp");
    try (OutputStream os = fs.create(tmp, true)) {
      for (Entry e : entries) os.write((JSON.writeValueAsString(e.json()) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, manifestFile(batch))) throw new IOException("could not rename " + tmp + " to " + manifestFile(batch));
  }

  /** The packets of the committed batches, with partition columns {@code batch} and {@code date}. */
  public Dataset<Row> packets(SparkSession spark) throws IOException {
    return read(spark, PACKETS, PacketColumn.SCHEMA);
  }

  /**
   * Whether the table holds a packet in {@code [fromNs, toNs)} (either end may be null); reads
   * the date partitions of the window only, and stops at the first packet.
   */
  public boolean hasPackets(SparkSession spark, Long fromNs, Long toNs) throws IOException {
    Dataset<Row> p = packets(spark).where(datesOf(fromNs, toNs));
    if (fromNs != null) p = p.where(col("ts_ns").geq(lit(fromNs)));
    if (toNs != null) p = p.where(col("ts_ns").lt(lit(toNs)));
    return !p.select("ts_ns").limit(1).collectAsList().isEmpty();
  }

  /** The connections of the committed batches (a connection spanning two batches is two rows). */
  public Dataset<Row> connections(SparkSession spark) throws IOException {
    return read(spark, CONNECTIONS, Connections.SCHEMA);
  }

  /**
   * The rows of {@code what} with today's columns ({@code schema}, then {@code batch} and
   * {@code date}): a batch converted before a column existed reads it as null, so queries and
   * reports written for today's columns run over a lake of any age.
   */
  private Dataset<Row> read(SparkSession spark, String what, StructType schema) throws IOException {
    Path base = new Path(root, what);
    List<String> dirs = new ArrayList<>();
    for (String b : batches()) {
      Path d = new Path(base, BATCH + "=" + b);
      if (fs.exists(d)) dirs.add(d.toString());
    }
    if (dirs.isEmpty()) {
      throw new FileNotFoundException(root + " holds no converted captures (run `convert --output " + root + "` first)");
    }
    StructType withPartitions = schema.add(BATCH, DataTypes.StringType).add(DATE, DataTypes.DateType);
    return spark.read().schema(withPartitions).option("basePath", base.toString())
        .parquet(dirs.toArray(new String[0]));
  }

  /** The UTC date of a time in ns since the epoch (what the {@code date} partitions hold). */
  public static Column dateOf(Column ns) {
    return org.apache.spark.sql.functions.date_add(lit(java.sql.Date.valueOf("1970-01-01")),
        org.apache.spark.sql.functions.floor(ns.divide(86_400_000_000_000L)).cast("int"));
  }

  /**
   * The {@code date} partitions a window {@code [fromNs, toNs)} (either end may be null) can hold
   * rows of, as a filter Spark prunes partitions with; the caller still filters {@code ts_ns}.
   */
  public static Column datesOf(Long fromNs, Long toNs) {
    Column c = lit(true);
    if (fromNs != null) c = c.and(col(DATE).geq(lit(java.sql.Date.valueOf(utcDate(fromNs)))));
    if (toNs != null) c = c.and(col(DATE).leq(lit(java.sql.Date.valueOf(utcDate(toNs - 1)))));
    return c;
  }

  static LocalDate utcDate(long ns) {
    return LocalDate.ofEpochDay(Math.floorDiv(ns, 86_400_000_000_000L));
  }
}

package org.pcapanalytics.lake;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.MalformedCaptureException;
import org.pcapanalytics.io.PacketRecord;
import org.pcapanalytics.report.html.Html;
import org.pcapanalytics.spark.CaptureFileLister;
import org.pcapanalytics.spark.PcapDataSource;

/**
 * {@code convert}: the captures not yet in a {@link CaptureLake} become one new batch.
 *
 * <p>Each run lists the inputs and compares them with the manifest: a file never converted is
 * new; one with the same size and modification time is skipped; one whose size or modification
 * time changed is <em>not</em> converted again and is reported (its rows are already in the table
 * and the connections of its batch mix it with other files, so they cannot be replaced exactly:
 * convert a changed file by giving it a new name, or rebuild the table). The new files are
 * written to {@code TABLE/_tmp/B/}, published by renaming the two directories into place, and
 * committed by the manifest file written last. A run that fails leaves nothing the readers use;
 * the next run deletes its remains and converts those files again.
 */
public final class LakeConverter {
  /**
   * What a run did. {@code noRows}: the new files that gave no rows, "FILE: why" (not a capture or
   * unreadable, skipped with {@code ignoreCorruptFiles}; or a capture without packets); they are
   * not recorded as converted, so a later run looks at them again.
   */
  public record Result(String batch, List<String> converted, List<String> skipped, List<String> changed,
      List<String> noRows, long packets, long connections, long bytes, double seconds) {}

  private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final CaptureLake lake;
  private final PrintStream progress;

  public LakeConverter(SparkSession spark, CaptureLake lake, PrintStream progress) {
    this.spark = spark;
    this.lake = lake;
    this.progress = progress;
  }

  /** Converts the new captures among {@code inputs}; the caller holds the table's lock. */
  public Result convert(List<String> inputs, Map<String, String> sourceOptions, Config config) throws IOException {
    long t0 = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    removeLeftovers();
    Map<String, CaptureLake.Entry> done = lake.manifest();
    Map<String, String> opts = lower(sourceOptions);
    List<FileStatus> files = CaptureFileLister.list(conf, inputs,
        Boolean.parseBoolean(opts.getOrDefault("recursivefilelookup", "false")), opts.get("pathglobfilter"));
    List<FileStatus> fresh = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    long bytes = 0;
    for (FileStatus f : files) {
      String path = f.getPath().toString();
      CaptureLake.Entry e = done.get(path);
      if (e == null) {
        fresh.add(f);
        bytes += f.getLen();
      } else if (e.size() == f.getLen() && e.modificationTime() == f.getModificationTime()) {
        skipped.add(path);
      } else {
        changed.add(path);
        progress.printf(Locale.ROOT, "convert: WARNING %s changed since batch %s converted it (size %,d -> %,d bytes,"
            + " modified %s -> %s); not converted again%n", path, e.batch(), e.size(), f.getLen(),
            Instant.ofEpochMilli(e.modificationTime()), Instant.ofEpochMilli(f.getModificationTime()));
      }
    }
    progress.printf(Locale.ROOT, "convert: %d new file%s (%s), %d already converted, %d changed%n", fresh.size(),
        fresh.size() == 1 ? "" : "s", Html.bytes(bytes), skipped.size(), changed.size());
    if (fresh.isEmpty()) {
      return new Result(null, List.of(), skipped, changed, List.of(), 0, 0, 0, (System.nanoTime() - t0) / 1e9);
    }

    String batch = BATCH_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    Path tmp = new Path(new Path(lake.root, CaptureLake.TMP), batch);
    Path tmpPackets = new Path(tmp, CaptureLake.PACKETS);
    Path tmpConnections = new Path(tmp, CaptureLake.CONNECTIONS);
    List<String> paths = new ArrayList<>();
    try {
      for (FileStatus f : fresh) paths.add(f.getPath().toString());
      Dataset<Row> packets = spark.read().format(PcapDataSource.SHORT_NAME).options(sourceOptions)
          .load(paths.toArray(new String[0]));
      // no shuffle: each split writes its rows per date, sorted by time (captures mostly are)
      packets.withColumn(CaptureLake.DATE, CaptureLake.dateOf(col("ts_ns")))
          .sortWithinPartitions(col(CaptureLake.DATE), col("ts_ns"))
          .write().mode(SaveMode.ErrorIfExists).options(ParquetDictionaries.offFor(packets.columns()))
          .partitionBy(CaptureLake.DATE)
          .parquet(tmpPackets.toString());
      progress.printf(Locale.ROOT, "convert: batch %s: packets written (%.1f s)%n", batch, (System.nanoTime() - t0) / 1e9);

      // the rest reads the written Parquet: connections and the per-file row counts need no second capture scan
      // (no rows at all: no date partition, and nothing Spark could read back)
      boolean anyRows = lake.fs.globStatus(new Path(tmpPackets, CaptureLake.DATE + "=*")).length > 0;
      Dataset<Row> written = anyRows ? spark.read().parquet(tmpPackets.toString()) : null;
      Map<String, Long> rows = new HashMap<>();
      if (anyRows) {
        for (Row r : written.groupBy("file").count().collectAsList()) rows.put(r.getString(0), r.getLong(1));
      }
      List<String> noRows = new ArrayList<>();
      for (FileStatus f : List.copyOf(fresh)) {
        if (rows.containsKey(f.getPath().toString())) continue;
        String why = whyNoRows(conf, f);
        fresh.remove(f);
        paths.remove(f.getPath().toString());
        bytes -= f.getLen();
        noRows.add(f.getPath() + ": " + why);
        progress.printf(Locale.ROOT, "convert: %s: %s; not converted%n", f.getPath(), why);
      }
      if (fresh.isEmpty()) {
        lake.fs.delete(new Path(lake.root, CaptureLake.TMP), true);
        return new Result(null, List.of(), skipped, changed, noRows, 0, 0, 0, (System.nanoTime() - t0) / 1e9);
      }
      Dataset<Row> conns = Connections.fromPackets(written, config);
      conns.withColumn(CaptureLake.DATE, CaptureLake.dateOf(org.apache.spark.sql.functions.expr("unix_micros(start_ts)").multiply(1000L)))
          .write().mode(SaveMode.ErrorIfExists).options(ParquetDictionaries.offFor(conns.columns()))
          .partitionBy(CaptureLake.DATE).parquet(tmpConnections.toString());
      long connections = spark.read().parquet(tmpConnections.toString()).count();
      long packetCount = rows.values().stream().mapToLong(Long::longValue).sum();

      // publish: the data directories, then the manifest (the commit)
      for (String what : List.of(CaptureLake.PACKETS, CaptureLake.CONNECTIONS)) {
        Path base = new Path(lake.root, what);
        lake.fs.mkdirs(base);
        Path dst = new Path(base, CaptureLake.BATCH + "=" + batch);
        if (!lake.fs.rename(new Path(tmp, what), dst)) throw new IOException("could not rename " + new Path(tmp, what) + " to " + dst);
      }
      String now = Instant.now().toString();
      List<CaptureLake.Entry> entries = new ArrayList<>();
      for (FileStatus f : fresh) {
        String p = f.getPath().toString();
        entries.add(new CaptureLake.Entry(p, f.getLen(), f.getModificationTime(), rows.getOrDefault(p, 0L), now, batch));
      }
      lake.commit(batch, entries);
      lake.fs.delete(new Path(lake.root, CaptureLake.TMP), true); // we hold the lock: no other run's

      double seconds = (System.nanoTime() - t0) / 1e9;
      progress.printf(Locale.ROOT, "convert: batch %s: %,d packets, %,d connections from %d capture%s (%s) done in %.1f s%n",
          batch, packetCount, connections, fresh.size(), fresh.size() == 1 ? "" : "s", Html.bytes(bytes), seconds);
      return new Result(batch, paths, skipped, changed, noRows, packetCount, connections, bytes, seconds);
    } catch (IOException | RuntimeException e) {
      // nothing of this batch is committed; remove what was written (the next run would too)
      try {
        lake.fs.delete(new Path(lake.root, CaptureLake.TMP), true);
        for (String what : List.of(CaptureLake.PACKETS, CaptureLake.CONNECTIONS)) {
          lake.fs.delete(new Path(new Path(lake.root, what), CaptureLake.BATCH + "=" + batch), true);
        }
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Deletes batch directories without a manifest file (a run that failed while publishing) and _tmp. */
  private void removeLeftovers() throws IOException {
    List<String> committed = lake.batches();
    for (String what : List.of(CaptureLake.PACKETS, CaptureLake.CONNECTIONS)) {
      Path base = new Path(lake.root, what);
      if (!lake.fs.exists(base)) continue;
      for (FileStatus s : lake.fs.listStatus(base)) {
        String n = s.getPath().getName();
        if (n.startsWith(CaptureLake.BATCH + "=") && !committed.contains(n.substring(CaptureLake.BATCH.length() + 1))) {
          progress.println("convert: removing " + s.getPath() + " (left by a run that did not finish)");
          lake.fs.delete(s.getPath(), true);
        }
      }
    }
    lake.fs.delete(new Path(lake.root, CaptureLake.TMP), true);
  }

  private static Map<String, String> lower(Map<String, String> m) {
    Map<String, String> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  /** Why a new file gave no rows: what the reader finds wrong with it, or that it holds no packets. */
  private static String whyNoRows(Configuration conf, FileStatus f) throws IOException {
    try (CaptureReader r = CaptureReader.open(conf, f.getPath(), 0, f.getLen(), f.getLen(),
        new CaptureReader.Options())) {
      return r.next(new PacketRecord()) ? "no rows (records dropped)" : "a capture without packets";
    } catch (MalformedCaptureException e) {
      String m = e.getMessage();
      String file = f.getPath().toString();
      return m.startsWith(file) ? m.substring(file.length()).replaceFirst("^[:,]?\\s*", "") : m;
    }
  }


}

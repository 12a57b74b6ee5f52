package org.pcapanalytics.extract;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.InterfaceFormat;
import org.pcapanalytics.io.PcapWriter;
import org.pcapanalytics.io.PcapngWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes chosen capture records to one pcap or pcapng file, byte for byte: the places
 * ({@code file, offset, ts_ns, caplen}) come from a Spark query, executors read the records again
 * by offset ({@link RecordFetch}), and the driver streams them, in capture order, into the file.
 *
 * <p>Capture order: by offset within one file; across files by time, then file and offset. The
 * driver holds one partition of records at a time (partitions are sized to about
 * {@link #PARTITION_BYTES}), never the whole result. The file is written under a temporary name
 * next to the output and renamed into place when complete.
 */
public final class Extraction {
  private static final Logger LOG = LoggerFactory.getLogger(Extraction.class);

  /** Record bytes per fetch partition: what the driver and a task hold at once. */
  static final long PARTITION_BYTES = 32L << 20;
  private static final long PROGRESS_EVERY_NS = 5_000_000_000L;

  private Extraction() {}

  /** The output format; {@code AUTO}: pcap when it can hold every record, else pcapng. */
  public enum Format {
    AUTO, PCAP, PCAPNG;

    public static Format parse(String s) {
      for (Format f : values()) if (f.name().equalsIgnoreCase(s)) return f;
      throw new IllegalArgumentException("--format must be pcap or pcapng, not '" + s + "'");
    }
  }

  /** The records asked for cannot be written as asked (pcap forced for records it cannot hold). */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * What was written.
   *
   * @param format "pcap" or "pcapng", null when nothing matched (and nothing was written)
   * @param interfaces the distinct interface formats of the records (pcapng: one IDB each)
   */
  public record Result(long records, long bytes, long files, String format, List<InterfaceFormat> interfaces,
      long recordsRead, long reads) {}

  /**
   * Writes the records at {@code places} to {@code output}; nothing when there are none.
   *
   * @param places rows with at least {@code file}, {@code offset}, {@code ts_ns} and {@code caplen}
   * @param options how the capture files are read (as the scan that found the places read them)
   * @throws FileAlreadyExistsException when the output exists and {@code overwrite} is false
   * @throws Refused when {@code format} is PCAP and the records need pcapng
   */
  public static Result write(SparkSession spark, Dataset<Row> places, CaptureReader.Options options, String output,
      Format format, boolean overwrite) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path out = new Path(output);
    FileSystem fs = plain(out.getFileSystem(conf));
    if (!overwrite && fs.exists(out)) throw new FileAlreadyExistsException(output + " exists (use --overwrite)");

    Dataset<Row> p = places.select(col("file"), col("offset"), col("ts_ns"), col("caplen"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row s = p.agg(count(lit(1)), countDistinct(col("file")), sum(col("caplen")), min(col("ts_ns")),
          max(col("ts_ns")), sum(when(col("ts_ns").isNull(), 1).otherwise(0))).first();
      long n = s.getLong(0);
      if (n == 0) return new Result(0, 0, 0, null, List.of(), 0, 0);
      long files = s.getLong(1);
      long caplen = s.getLong(2);
      if (s.getLong(5) > 0) {
        Row r = p.where(col("ts_ns").isNull()).select("file", "offset").first();
        throw new Refused(r.getString(0) + " at offset " + r.getLong(1) + ": a record without timestamp (pcapng "
            + "Simple Packet Block) cannot be extracted; exclude such records with ts_ns IS NOT NULL");
      }
      boolean tsFitPcap = PcapWriter.fits(s.getLong(3)) && PcapWriter.fits(s.getLong(4));
      Column[] order = files == 1 ? new Column[] {col("offset")}
          : new Column[] {col("ts_ns"), col("file"), col("offset")};
      int parts = (int) Math.max(1, Math.min(100_000, (caplen + 64 * n) / PARTITION_BYTES + 1));
      var b = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .broadcast(new SerializableConfiguration(conf));
      RecordFetch.Reads reads = RecordFetch.Reads.register(spark.sparkContext());
      Dataset<Row> records = p.repartitionByRange(parts, order).sortWithinPartitions(order)
          .mapPartitions(new RecordFetch(b, options, reads), Encoders.row(RecordFetch.SCHEMA))
          .persist(StorageLevel.DISK_ONLY());
      try {
        List<InterfaceFormat> formats = new ArrayList<>();
        for (Row r : records.select("link_type", "snaplen", "tsresol").distinct()
            .orderBy("link_type", "snaplen", "tsresol").collectAsList()) {
          formats.add(new InterfaceFormat(r.getInt(0), r.getInt(1), r.getInt(2)));
        }
        boolean pcapFits = formats.size() == 1 && formats.get(0).fitsPcap() && tsFitPcap;
        if (format == Format.PCAP && !pcapFits) {
          throw new Refused("pcap cannot hold these " + n + " records (" + describe(formats)
              + (tsFitPcap ? "" : ", timestamps outside 1970..2106") + "): use --format pcapng");
        }
        boolean pcap = format == Format.PCAP || format == Format.AUTO && pcapFits;
        long bytes = writeAtomically(fs, out, overwrite, records, n, pcap ? formats.get(0) : null);
        LOG.info("extract: {} records ({} bytes) from {} file(s) to {} ({}); to fetch them {} positioned reads "
            + "went through {} records ({} bytes)", n, bytes, files, output,
            pcap ? "pcap" : "pcapng, " + formats.size() + " interface(s)", reads.opened().value(),
            reads.records().value(), reads.bytes().value());
        return new Result(n, bytes, files, pcap ? "pcap" : "pcapng", List.copyOf(formats), reads.records().value(),
            reads.opened().value());
      } finally {
        records.unpersist();
      }
    } finally {
      p.unpersist();
    }
  }

  private static String describe(List<InterfaceFormat> formats) {
    List<String> d = new ArrayList<>();
    for (InterfaceFormat f : formats) {
      d.add(String.format(Locale.ROOT, "link type %d, snaplen %d, resolution %s", f.linkType(), f.snaplen(),
          f.tsresol() == InterfaceFormat.TSRESOL_US ? "µs" : f.tsresol() == InterfaceFormat.TSRESOL_NS ? "ns"
              : "if_tsresol 0x" + Integer.toHexString(f.tsresol())));
    }
    return String.join("; ", d);
  }

  /** Writes to a temporary file next to {@code out}, renamed into place when complete. */
  private static long writeAtomically(FileSystem fs, Path out, boolean overwrite, Dataset<Row> records, long n,
      InterfaceFormat pcap) throws IOException {
    Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + UUID.randomUUID());
    long bytes;
    try {
      try (OutputStream os = new BufferedOutputStream(fs.create(tmp, false), 1 << 20)) {
        bytes = pcap != null ? writePcap(os, pcap, records.toLocalIterator(), n)
            : writePcapng(os, records.toLocalIterator(), n);
      }
      rename(fs, tmp, out, overwrite);
      return bytes;
    } finally {
      if (fs.exists(tmp)) fs.delete(tmp, false);
    }
  }

  private static long writePcap(OutputStream os, InterfaceFormat f, Iterator<Row> it, long n) throws IOException {
    PcapWriter w = new PcapWriter(os, f);
    Progress progress = new Progress(n);
    while (it.hasNext()) {
      Row r = it.next();
      byte[] data = (byte[]) r.get(5);
      w.write(r.getLong(0), data, 0, data.length, r.getInt(4));
      progress.record(w.bytes());
    }
    w.flush();
    return progress.done(w.records(), w.bytes());
  }

  private static long writePcapng(OutputStream os, Iterator<Row> it, long n) throws IOException {
    PcapngWriter w = new PcapngWriter(os, "pcap-analytics extract");
    Progress progress = new Progress(n);
    InterfaceFormat last = null;
    while (it.hasNext()) {
      Row r = it.next();
      if (last == null || last.linkType() != r.getInt(1) || last.snaplen() != r.getInt(2)
          || last.tsresol() != r.getInt(3)) {
        last = new InterfaceFormat(r.getInt(1), r.getInt(2), r.getInt(3));
      }
      byte[] data = (byte[]) r.get(5);
      w.write(last, r.getLong(0), data, 0, data.length, r.getInt(4));
      progress.record(w.bytes());
    }
    w.flush();
    return progress.done(w.records(), w.bytes());
  }

  private static void rename(FileSystem fs, Path tmp, Path out, boolean overwrite) throws IOException {
    if (fs instanceof RawLocalFileSystem l) {
      java.nio.file.Path from = Paths.get(l.pathToFile(tmp).getPath());
      java.nio.file.Path to = Paths.get(l.pathToFile(out).getPath());
      if (overwrite) Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      else Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    if (fs.exists(out)) {
      if (!overwrite) throw new FileAlreadyExistsException(out + " exists (use --overwrite)");
      fs.delete(out, false);
    }
    if (!fs.rename(tmp, out)) throw new IOException("could not rename " + tmp + " to " + out);
  }

  /** The local file system without Hadoop's .crc side files. */
  private static FileSystem plain(FileSystem fs) {
    return fs instanceof LocalFileSystem l ? l.getRaw() : fs;
  }

  /** Logs how far the writing is, every few seconds. */
  private static final class Progress {
    private final long total;
    private long records;
    private long next = System.nanoTime() + PROGRESS_EVERY_NS;

    Progress(long total) {
      this.total = total;
    }

    void record(long bytes) {
      records++;
      if ((records & 1023) != 0 || System.nanoTime() < next) return;
      next = System.nanoTime() + PROGRESS_EVERY_NS;
      LOG.info("extract: {} of {} records written ({} MB)", records, total, bytes >> 20);
    }

    long done(long written, long bytes) throws IOException {
      if (written != total) throw new IOException("wrote " + written + " records, expected " + total);
      return bytes;
    }
  }
}

package org.pcapanalytics.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureSplit;
import org.pcapanalytics.io.ParseMode;
import org.pcapanalytics.io.PcapInputFormat;
import org.pcapanalytics.io.SplitPlanner;

/** A planned read: the files, their splits (from {@link SplitPlanner}) and what each reader must produce. */
final class PcapScan implements Scan, Batch {
  private final PcapOptions options;
  private final Map<String, String> properties;
  private final StructType required;
  private final int[] ordinals;
  private final int[] notNull;
  private final Filter[] pushed;
  private final TimeRange range;
  private final int layers;
  /** Computed by the readers, or null: they return packet rows. */
  private final PushedAggregation aggregation;
  private InputPartition[] partitions;
  private SerializableConf conf;
  private SkippedFiles skippedFiles;

  PcapScan(PcapOptions options, Map<String, String> properties, StructType required, int[] ordinals, int[] notNull,
      Filter[] pushed, TimeRange range, PushedAggregation aggregation) {
    this.options = options;
    this.properties = properties;
    this.required = required;
    this.ordinals = ordinals;
    this.notNull = notNull;
    this.pushed = pushed;
    this.range = range;
    this.aggregation = aggregation;
    int l = aggregation == null ? 0 : aggregation.layers();
    for (int o : ordinals) l |= PacketColumns.layers(o);
    for (int o : notNull) l |= PacketColumns.layers(o);
    // Dropping malformed rows needs to know which rows are malformed: decode everything.
    this.layers = options.mode == ParseMode.DROPMALFORMED ? PacketDecoder.ALL : l;
  }

  @Override
  public StructType readSchema() {
    return required;
  }

  @Override
  public String description() {
    return "PcapScan " + options.paths() + " mode=" + options.mode() + " decode=" + layerNames(layers)
        + " PushedFilters: " + Arrays.toString(pushed) + (range.isAll() ? "" : " TimeRange: " + range)
        + (aggregation == null ? "" : " PushedAggregation: " + aggregation);
  }

  static String layerNames(int layers) {
    if (layers == 0) return "none";
    StringBuilder sb = new StringBuilder();
    String[] names = {"link", "ip", "transport", "dns", "tls", "http"};
    for (int i = 0; i < names.length; i++) {
      if ((layers & (1 << i)) != 0) sb.append(sb.length() == 0 ? "" : "+").append(names[i]);
    }
    return sb.toString();
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return PcapMetrics.supported();
  }

  private Configuration hadoopConf() {
    Configuration c = new Configuration(SparkSession.active().sessionState().newHadoopConf());
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getValue() != null && !e.getKey().equalsIgnoreCase("paths")) c.set(e.getKey(), e.getValue());
    }
    return c;
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions == null) {
      Configuration c = hadoopConf();
      c.setBoolean(PcapInputFormat.SECTION_SCAN, options.sectionScan);
      try {
        List<FileStatus> files = CaptureFileLister.list(c, options.paths(), options.recursive, options.globFilter);
        long max = aggregation == null ? options.splitSize : Math.max(options.splitSize, AGGREGATING_SPLIT_SIZE);
        long splitSize = options.splitSizeGiven ? options.splitSize
            : balancedSplitSize(files, max, SparkSession.active().sparkContext().defaultParallelism());
        List<CaptureSplit> splits = new SplitPlanner(c, splitSize, options.maxPartitionBytes, options.openCost)
            .plan(files);
        List<InputPartition> out = new ArrayList<>();
        for (CaptureSplit s : splits) out.add(new PcapInputPartition(s));
        partitions = out.toArray(new InputPartition[0]);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      conf = new SerializableConf(c);
    }
    return partitions;
  }

  /**
   * The largest default split when the readers aggregate: each split hands Spark one partial row
   * per group it saw, so with fewer, larger splits Spark merges fewer rows (top talkers over
   * 1 GB on 2 cores: 368 000 partial rows from 10 splits of 107 MB, 248 000 from 2 of 537 MB;
   * the query took 0.81-0.87 s instead of 1.0-1.1 s). Capped so a failed task re-reads at most
   * this much.
   */
  static final long AGGREGATING_SPLIT_SIZE = 1L << 30;

  /**
   * The default split size: at most {@code max}, and such that the number of splits is a
   * multiple of the cores — 9 splits of 128 MiB on 2 cores leave one core idle for the last
   * ninth of the scan, 10 of 115 MiB do not. Never below 16 MiB (each split walks back ~1 MiB).
   */
  static long balancedSplitSize(List<FileStatus> files, long max, int cores) {
    long total = 0;
    for (FileStatus f : files) total += f.getLen();
    if (cores <= 1) return max;
    long n = Math.max(cores, (total + max - 1) / max);
    n = (n + cores - 1) / cores * cores;
    return Math.max(16L << 20, Math.min(max, (total + n - 1) / n));
  }

  @Override
  public synchronized PartitionReaderFactory createReaderFactory() {
    planInputPartitions();
    if (skippedFiles == null) {
      skippedFiles = new SkippedFiles();
      SparkSession.active().sparkContext().register(skippedFiles, "pcap skipped files");
    }
    return new PcapReaderFactory(conf, ordinals, notNull, layers, range, options.mode, options.lookback,
        options.ignoreCorruptFiles, skippedFiles, aggregation);
  }

  /** Files this scan's readers did not read to their end (ignoreCorruptFiles): path → where and why. */
  synchronized Map<String, String> skippedFiles() {
    return skippedFiles == null ? Map.of() : skippedFiles.value();
  }
}

package org.pcapanalytics.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureSplit;
import org.pcapanalytics.io.SplitPlanner;

/**
 * A planned read: the files, their splits (from {@link SplitPlanner}) and what each reader must
 * produce. Its size for Spark's planner is the files' bytes.
 */
final class PcapScan implements Scan, Batch, SupportsReportStatistics {
  private final PcapOptions options;
  private final Map<String, String> properties;
  private final StructType schema;
  private final Filter[] pushed;
  private final ReadSettings settings;
  private InputPartition[] partitions;
  private List<FileStatus> files;
  private SerializableConf conf;
  private SkippedFiles skippedFiles;

  /**
   * @param properties the options as given, for the file systems (e.g. {@code fs.s3a.} keys)
   * @param schema the rows the readers return
   */
  PcapScan(PcapOptions options, Map<String, String> properties, StructType schema, Filter[] pushed,
      ReadSettings settings) {
    this.options = options;
    this.properties = properties;
    this.schema = schema;
    this.pushed = pushed;
    this.settings = settings;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public String description() {
    TimeRange range = settings.range;
    return "PcapScan " + options.paths() + " mode=" + options.mode() + " decode="
        + PacketDecoder.layerNames(settings.layers) + " PushedFilters: " + Arrays.toString(pushed)
        + (range.isAll() ? "" : " TimeRange: " + range)
        + (settings.aggregation == null ? "" : " PushedAggregation: " + settings.aggregation);
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
      if (e.getValue() != null && !e.getKey().equalsIgnoreCase(PcapOption.PATHS.key())) c.set(e.getKey(), e.getValue());
    }
    return c;
  }

  /** The capture files, listed once per scan. */
  private synchronized List<FileStatus> files() {
    if (files == null) {
      try {
        files = CaptureFileLister.list(hadoopConf(), options.paths(), options.recursive, options.globFilter);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return files;
  }

  @Override
  public Statistics estimateStatistics() {
    long bytes = 0;
    for (FileStatus f : files()) bytes += f.getLen();
    long size = bytes;
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(size);
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.empty();
      }
    };
  }

  @Override
  public synchronized InputPartition[] planInputPartitions() {
    if (partitions == null) {
      Configuration c = hadoopConf();
      try {
        List<FileStatus> files = files();
        long max = settings.aggregation == null ? options.splitSize : Math.max(options.splitSize, AGGREGATING_SPLIT_SIZE);
        long splitSize = options.splitSizeGiven ? options.splitSize
            : balancedSplitSize(files, max, SparkSession.active().sparkContext().defaultParallelism());
        List<CaptureSplit> splits = new SplitPlanner(c, splitSize, options.maxPartitionBytes, options.openCost)
            .indexSections(options.sectionScan).plan(files);
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
   * per group it saw, and the same groups recur in every split, so fewer, larger splits leave
   * Spark fewer partial rows to merge. Capped so a failed task re-reads at most this much.
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
    return new PcapReaderFactory(conf, settings, skippedFiles);
  }

  /** Files this scan's readers did not read to their end (ignoreCorruptFiles): path → where and why. */
  synchronized Map<String, String> skippedFiles() {
    return skippedFiles == null ? Map.of() : skippedFiles.value();
  }
}

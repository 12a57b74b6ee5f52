package org.pcapanalytics.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the {@code pcap} scans of an executed query read and skipped: records, malformed bytes,
 * resynchronisations, truncated records, decode errors. Read it after an action:
 * <pre>
 *   Dataset&lt;Row&gt; df = spark.read().format("pcap").load(path);
 *   df.count();
 *   PcapReadStats stats = PcapReadStats.of(df);
 * </pre>
 */
public final class PcapReadStats {
  private final Map<String, Long> values;
  private final Map<String, String> skippedFiles;
  private final int scans;

  private PcapReadStats(Map<String, Long> values, Map<String, String> skippedFiles, int scans) {
    this.values = values;
    this.skippedFiles = skippedFiles;
    this.scans = scans;
  }

  /** Stats of the last execution of this Dataset's plan. */
  public static PcapReadStats of(Dataset<?> df) {
    return of(df.queryExecution().executedPlan());
  }

  public static PcapReadStats of(SparkPlan plan) {
    List<BatchScanExec> found = new ArrayList<>();
    collect(plan, found);
    Map<String, Long> v = new LinkedHashMap<>();
    for (String[] m : PcapMetrics.ALL) v.put(m[0], 0L);
    Map<String, String> skipped = new TreeMap<>();
    for (BatchScanExec scan : found) {
      ((PcapScan) scan.scan()).skippedFiles().forEach(skipped::putIfAbsent);
      Map<String, SQLMetric> metrics = CollectionConverters.asJava(scan.metrics());
      for (String[] m : PcapMetrics.ALL) {
        SQLMetric metric = metrics.get(m[0]);
        if (metric != null) v.merge(m[0], Math.max(0, metric.value()), Long::sum);
      }
    }
    return new PcapReadStats(v, Collections.unmodifiableMap(skipped), found.size());
  }

  private static void collect(SparkPlan p, List<BatchScanExec> out) {
    if (p instanceof AdaptiveSparkPlanExec) {
      collect(((AdaptiveSparkPlanExec) p).executedPlan(), out);
      return;
    }
    if (p instanceof QueryStageExec) {
      collect(((QueryStageExec) p).plan(), out);
      return;
    }
    if (p instanceof BatchScanExec && ((BatchScanExec) p).scan() instanceof PcapScan) out.add((BatchScanExec) p);
    for (SparkPlan child : CollectionConverters.asJava(p.children())) collect(child, out);
  }

  /** Number of pcap scans in the plan. */
  public int scans() { return scans; }

  public long records() { return values.get(PcapMetrics.RECORDS); }

  public long skippedBytes() { return values.get(PcapMetrics.SKIPPED_BYTES); }

  public long resyncs() { return values.get(PcapMetrics.RESYNCS); }

  public long truncatedRecords() { return values.get(PcapMetrics.TRUNCATED_RECORDS); }

  public long badRecords() { return values.get(PcapMetrics.BAD_RECORDS); }

  public long filesNotCapture() { return values.get(PcapMetrics.NOT_CAPTURE); }

  /** Captures not read to their end: a damaged header or compressed stream (ignoreCorruptFiles). */
  public long corruptFiles() { return values.get(PcapMetrics.CORRUPT_FILES); }

  /**
   * The files skipped whole (not captures) or from some offset on (damaged) under
   * ignoreCorruptFiles, by path, each with "at offset N: what is wrong" (at most
   * {@value SkippedFiles#MAX_NAMED}; the counts are exact).
   */
  public Map<String, String> skippedFiles() { return skippedFiles; }

  public long decodeErrors() { return values.get(PcapMetrics.DECODE_ERRORS); }

  public long droppedMalformedRows() { return values.get(PcapMetrics.DROPPED_ROWS); }

  /** True when any input was skipped or any packet failed to decode. */
  public boolean hasProblems() {
    return skippedBytes() > 0 || resyncs() > 0 || truncatedRecords() > 0 || badRecords() > 0 || filesNotCapture() > 0
        || corruptFiles() > 0 || decodeErrors() > 0;
  }

  @Override
  public String toString() {
    return String.format("%,d records; %,d malformed bytes skipped (%d resyncs, %d truncated records, %d bad records, "
        + "%d non-capture files, %d damaged files); %,d packets with decode errors (%,d rows dropped)", records(),
        skippedBytes(), resyncs(), truncatedRecords(), badRecords(), filesNotCapture(), corruptFiles(), decodeErrors(),
        droppedMalformedRows());
  }
}

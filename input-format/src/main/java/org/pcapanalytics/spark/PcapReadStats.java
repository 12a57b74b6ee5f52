package org.pcapanalytics.spark;

import static org.pcapanalytics.io.ReadCounter.BAD_RECORDS;
import static org.pcapanalytics.io.ReadCounter.CORRUPT_FILES;
import static org.pcapanalytics.io.ReadCounter.DECODE_ERRORS;
import static org.pcapanalytics.io.ReadCounter.DROPPED_MALFORMED_ROWS;
import static org.pcapanalytics.io.ReadCounter.FILES_NOT_CAPTURE;
import static org.pcapanalytics.io.ReadCounter.RECORDS;
import static org.pcapanalytics.io.ReadCounter.RESYNCS;
import static org.pcapanalytics.io.ReadCounter.SKIPPED_BYTES;
import static org.pcapanalytics.io.ReadCounter.TRUNCATED_RECORDS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.plans.logical.EmptyRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.EmptyRelationExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.LogicalQueryStage;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.pcapanalytics.io.ReadCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the {@code pcap} scans of an executed query read and skipped: the sums of the
 * {@link ReadCounter}s the readers report as Spark metrics. Read it after an action:
 * <pre>
 *   Dataset&lt;Row&gt; df = spark.read().format("pcap").load(path);
 *   df.count();
 *   long skipped = PcapReadStats.of(df).get(ReadCounter.SKIPPED_BYTES);
 * </pre>
 */
public final class PcapReadStats {
  private static final Logger LOG = LoggerFactory.getLogger(PcapReadStats.class);
  private final Map<ReadCounter, Long> values;
  private final Map<String, String> skippedFiles;
  private final int scans;

  private PcapReadStats(Map<ReadCounter, Long> values, Map<String, String> skippedFiles, int scans) {
    this.values = Collections.unmodifiableMap(values);
    this.skippedFiles = Collections.unmodifiableMap(skippedFiles);
    this.scans = scans;
  }

  /** Stats of the last execution of this Dataset's plan. */
  public static PcapReadStats of(Dataset<?> df) {
    return of(df.queryExecution().executedPlan());
  }

  public static PcapReadStats of(SparkPlan plan) {
    List<BatchScanExec> found = new ArrayList<>();
    collect(plan, found);
    Map<ReadCounter, Long> v = new EnumMap<>(ReadCounter.class);
    for (ReadCounter c : PcapMetrics.ALL) v.put(c, 0L);
    Map<String, String> skipped = new TreeMap<>();
    for (BatchScanExec scan : found) {
      ((PcapScan) scan.scan()).skippedFiles().forEach(skipped::putIfAbsent);
      Map<String, SQLMetric> metrics = CollectionConverters.asJava(scan.metrics());
      for (ReadCounter c : PcapMetrics.ALL) {
        SQLMetric metric = metrics.get(c.metricName());
        if (metric != null) v.merge(c, Math.max(0, metric.value()), Long::sum);
      }
    }
    return new PcapReadStats(v, skipped, found.size());
  }

  private static void collect(SparkPlan plan, List<BatchScanExec> out) {
    forEachNode(plan, p -> {
      if (p instanceof BatchScanExec b && b.scan() instanceof PcapScan) out.add(b);
    });
  }

  /**
   * Visits every node of an executed plan: inside adaptive plans and their query stages, and
   * inside the empty relations by which adaptive execution replaced what a stage without rows fed
   * (the stages that ran, with their scans, are in the logical plan such a relation keeps).
   */
  public static void forEachNode(SparkPlan p, Consumer<SparkPlan> each) {
    each.accept(p);
    if (p instanceof AdaptiveSparkPlanExec a) {
      forEachNode(a.executedPlan(), each);
    } else if (p instanceof QueryStageExec q) {
      forEachNode(q.plan(), each);
    } else if (p instanceof EmptyRelationExec e) {
      forEachStage(e.logical(), each);
    } else {
      for (SparkPlan child : CollectionConverters.asJava(p.children())) forEachNode(child, each);
    }
  }

  private static void forEachStage(LogicalPlan l, Consumer<SparkPlan> each) {
    if (l instanceof LogicalQueryStage q) {
      forEachNode(q.physicalPlan(), each);
    } else if (l instanceof EmptyRelation e) {
      forEachStage(e.logical(), each);
    } else {
      for (LogicalPlan child : CollectionConverters.asJava(l.children())) forEachStage(child, each);
    }
  }

  /** Number of pcap scans in the plan. */
  public int scans() { return scans; }

  /** The value of {@code counter} (zero for a counter the scans do not report). */
  public long get(ReadCounter counter) {
    return values.getOrDefault(counter, 0L);
  }

  /** Every counter the scans report, with its value, in {@link ReadCounter} order. */
  public Map<ReadCounter, Long> values() {
    return values;
  }

  /**
   * The files skipped whole (not captures) or from some offset on (damaged) under
   * ignoreCorruptFiles, by path, each with "at offset N: what is wrong" (at most
   * {@value SkippedFiles#MAX_NAMED}; the counts are exact).
   */
  public Map<String, String> skippedFiles() {
    return skippedFiles;
  }

  /** True when any input was skipped or any packet failed to decode. */
  public boolean hasProblems() {
    for (Map.Entry<ReadCounter, Long> e : values.entrySet()) {
      if (e.getKey().problem() && e.getValue() > 0) return true;
    }
    return false;
  }

  /**
   * Logs what the scans read, once per query (at INFO, or WARN when malformed input was met), if
   * any scan ran; by the query listener, and by whoever consumes a {@code toLocalIterator}.
   */
  public void log() {
    if (scans == 0) return;
    if (hasProblems()) LOG.warn("pcap: {}{}", this, skipped());
    else LOG.info("pcap: {}", this);
  }

  /** The skipped files by name, a few of them: the one line stays readable. */
  private String skipped() {
    if (skippedFiles.isEmpty()) return "";
    StringBuilder sb = new StringBuilder("; skipped (ignoreCorruptFiles): ");
    int n = 0;
    for (Map.Entry<String, String> e : skippedFiles.entrySet()) {
      if (n++ == 5) return sb.append(", and ").append(skippedFiles.size() - 5).append(" more").toString();
      sb.append(n > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return String.format("%,d records; %,d malformed bytes skipped (%d resyncs, %d truncated records, %d bad records, "
        + "%d non-capture files, %d damaged files); %,d packets with decode errors (%,d rows dropped)", get(RECORDS),
        get(SKIPPED_BYTES), get(RESYNCS), get(TRUNCATED_RECORDS), get(BAD_RECORDS), get(FILES_NOT_CAPTURE),
        get(CORRUPT_FILES), get(DECODE_ERRORS), get(DROPPED_MALFORMED_ROWS));
  }
}

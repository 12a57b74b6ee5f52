package org.pcapanalytics.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.pcapanalytics.spark.PcapReadStats;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@link PcapReadStats} of a Dataset whose scan ran inside a cached (persisted) plan: the
 * {@code pcap} scan then lives in the plan of the cache, which {@link PcapReadStats#of(Dataset)}
 * does not enter.
 */
final class ReadStats {
  private ReadStats() {}

  /** Stats of the scans under {@code df}, looking into cached relations; call after an action. */
  static PcapReadStats of(Dataset<?> df) {
    List<SparkPlan> cached = new ArrayList<>();
    collectCached(df.queryExecution().executedPlan(), cached);
    return withScans(cached.isEmpty() ? df.queryExecution().executedPlan() : cached.get(0));
  }

  /**
   * Adaptive execution may replace a stage that produced no rows by an empty relation, and the
   * scan with it; the scan nodes that ran are then still in the plan it started from.
   */
  private static PcapReadStats withScans(SparkPlan p) {
    PcapReadStats s = PcapReadStats.of(p);
    if (s.scans() > 0 || !(p instanceof AdaptiveSparkPlanExec a)) return s;
    PcapReadStats initial = PcapReadStats.of(a.inputPlan());
    return initial.scans() > 0 ? initial : s;
  }

  private static void collectCached(SparkPlan p, List<SparkPlan> out) {
    if (p instanceof AdaptiveSparkPlanExec a) {
      collectCached(a.executedPlan(), out);
      return;
    }
    if (p instanceof QueryStageExec q) {
      collectCached(q.plan(), out);
      return;
    }
    if (p instanceof InMemoryTableScanExec m) {
      SparkPlan inner = m.relation().cachedPlan();
      List<SparkPlan> deeper = new ArrayList<>();
      collectCached(inner, deeper);
      out.add(deeper.isEmpty() ? inner : deeper.get(0));
      return;
    }
    for (SparkPlan c : CollectionConverters.asJava(p.children())) collectCached(c, out);
  }
}

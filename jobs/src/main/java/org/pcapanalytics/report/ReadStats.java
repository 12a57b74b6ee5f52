package org.pcapanalytics.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.CachedData;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.pcapanalytics.spark.PcapReadStats;
import scala.Option;

/**
 * {@link PcapReadStats} of a Dataset whose scan may have run inside a cached (persisted) plan: the
 * {@code pcap} scan then lives in the plan of the cache, which {@link PcapReadStats#of(Dataset)}
 * does not enter.
 */
final class ReadStats {
  private ReadStats() {}

  /**
   * Stats of the scans under {@code df}, looking into cached relations; call after an action.
   * Null when {@code df} reads a cache that was never filled: its scans did not run, and their
   * zeros would claim an empty input.
   */
  static PcapReadStats of(Dataset<?> df) {
    // persisted: its scans ran in the plan of its cache (its own plan may have been made before it was cached)
    Option<CachedData> own = ((SparkSession) df.sparkSession()).sharedState().cacheManager()
        .lookupCachedData((org.apache.spark.sql.classic.Dataset<?>) df);
    if (own.isDefined()) return of(own.get().cachedRepresentation());
    SparkPlan plan = df.queryExecution().executedPlan();
    List<InMemoryRelation> cached = cachesRead(plan);
    return cached.isEmpty() ? PcapReadStats.of(plan) : of(cached.get(0));
  }

  /** A cache built from another (connections from cached packets): the scans are in the deepest. */
  private static PcapReadStats of(InMemoryRelation cache) {
    if (!cache.cacheBuilder().isCachedColumnBuffersLoaded()) return null;
    SparkPlan inner = cache.cachedPlan();
    List<InMemoryRelation> deeper = cachesRead(inner);
    return deeper.isEmpty() ? PcapReadStats.of(inner) : of(deeper.get(0));
  }

  private static List<InMemoryRelation> cachesRead(SparkPlan plan) {
    List<InMemoryRelation> out = new ArrayList<>();
    PcapReadStats.forEachNode(plan, p -> {
      if (p instanceof InMemoryTableScanExec m) out.add(m.relation());
    });
    return out;
  }
}

package org.pcapanalytics.spark;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/** Logs, when a query that read captures finishes, what was read and what malformed input was skipped. */
final class PcapQueryListener implements QueryExecutionListener {
  private static final Map<SparkSession, Boolean> REGISTERED = Collections.synchronizedMap(new WeakHashMap<>());

  /** Registers the listener once per session. */
  static void ensureRegistered() {
    SparkSession spark = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
    if (spark == null || REGISTERED.putIfAbsent(spark, Boolean.TRUE) != null) return;
    spark.listenerManager().register(new PcapQueryListener());
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    // toLocalIterator's action ends before a row is read: who consumes the iterator logs the stats
    if (funcName.equals("toLocalIterator")) return;
    PcapReadStats.of(qe.executedPlan()).log();
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
}

package org.pcapanalytics.spark;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, when a query that read captures finishes, what was read and what malformed input was skipped. */
final class PcapQueryListener implements QueryExecutionListener {
  private static final Logger LOG = LoggerFactory.getLogger("org.pcapanalytics.spark.PcapReadStats");
  private static final Map<SparkSession, Boolean> REGISTERED = Collections.synchronizedMap(new WeakHashMap<>());

  /** Registers the listener once per session. */
  static void ensureRegistered() {
    SparkSession spark = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
    if (spark == null || REGISTERED.putIfAbsent(spark, Boolean.TRUE) != null) return;
    spark.listenerManager().register(new PcapQueryListener());
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    PcapReadStats stats = PcapReadStats.of(qe.executedPlan());
    if (stats.scans() == 0) return;
    if (stats.hasProblems()) LOG.warn("pcap: {}{}", stats, skipped(stats));
    else LOG.info("pcap: {}", stats);
  }

  /** The skipped files by name, a few of them: the one line stays readable. */
  private static String skipped(PcapReadStats stats) {
    if (stats.skippedFiles().isEmpty()) return "";
    StringBuilder sb = new StringBuilder("; skipped (ignoreCorruptFiles): ");
    int n = 0;
    for (Map.Entry<String, String> e : stats.skippedFiles().entrySet()) {
      if (n++ == 5) return sb.append(", and ").append(stats.skippedFiles().size() - 5).append(" more").toString();
      sb.append(n > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
}

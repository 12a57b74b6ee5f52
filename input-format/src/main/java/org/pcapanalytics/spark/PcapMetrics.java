package org.pcapanalytics.spark;

import java.util.Arrays;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.pcapanalytics.io.ReadCounter;
import org.pcapanalytics.io.ReadCounters;

/**
 * What the readers saw, as Spark custom metrics: summed over tasks, shown on the scan node in
 * the SQL UI and in {@code EXPLAIN}-able plans, and read back by {@link PcapReadStats}.
 */
final class PcapMetrics {
  private PcapMetrics() {}

  /** The counters shown as metrics, in {@link ReadCounter} order. */
  static final ReadCounter[] ALL = Arrays.stream(ReadCounter.values()).filter(c -> c.metricName() != null)
      .toArray(ReadCounter[]::new);

  /** A summed metric; the class must have a no-arg constructor for Spark to instantiate it. */
  public static final class Sum extends CustomSumMetric {
    private final String name;
    private final String description;

    public Sum() {
      this("unknown", "");
    }

    Sum(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public String name() { return name; }

    @Override
    public String description() { return description; }
  }

  static CustomMetric[] supported() {
    CustomMetric[] m = new CustomMetric[ALL.length];
    for (int i = 0; i < ALL.length; i++) m[i] = new Sum(ALL[i].metricName(), ALL[i].metricDescription());
    return m;
  }

  /**
   * One reader's metric values for Spark. Spark asks every 100 rows and keeps the last value set
   * for each name, so only the values that changed since it last asked are handed over (all of
   * them the first time), in objects that are reused (Spark reads them before it asks again):
   * new objects for every metric at every ask, looked up by name, cost a noticeable share of a
   * cheap scan's CPU.
   */
  static final class Reporter {
    private final long[] last = new long[ALL.length];
    private final long[] now = new long[ALL.length];
    private final Value[] values = new Value[ALL.length];
    /** Reused answers, by the number of values that changed. */
    private final CustomTaskMetric[][] answers = new CustomTaskMetric[ALL.length + 1][];

    Reporter() {
      Arrays.fill(last, -1); // counters are never negative: the first answer has all of them
      for (int i = 0; i < ALL.length; i++) values[i] = new Value(ALL[i].metricName());
      for (int n = 0; n <= ALL.length; n++) answers[n] = new CustomTaskMetric[n];
    }

    CustomTaskMetric[] changed(ReadCounters c) {
      for (int i = 0; i < ALL.length; i++) now[i] = c.get(ALL[i]);
      int n = 0;
      for (int i = 0; i < now.length; i++) if (now[i] != last[i]) n++;
      CustomTaskMetric[] answer = answers[n];
      int k = 0;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == last[i]) continue;
        last[i] = now[i];
        values[i].value = now[i];
        answer[k++] = values[i];
      }
      return answer;
    }
  }

  /** A task metric whose value changes in place. */
  private static final class Value implements CustomTaskMetric {
    private final String name;
    long value;

    Value(String name) {
      this.name = name;
    }

    @Override
    public String name() { return name; }

    @Override
    public long value() { return value; }
  }
}

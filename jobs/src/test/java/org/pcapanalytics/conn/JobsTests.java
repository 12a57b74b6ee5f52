package org.pcapanalytics.conn;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.spark.LocalSpark;

/** Shared helpers of the jobs tests (one local SparkSession for the whole run). */
public final class JobsTests {
  private JobsTests() {}

  public static SparkSession spark() {
    return LocalSpark.get();
  }

  /** The packets of shared captures. */
  public static Dataset<Row> packets(String... captures) {
    String[] paths = new String[captures.length];
    for (int i = 0; i < captures.length; i++) paths[i] = Captures.file(captures[i]).toString();
    return spark().read().format("pcap").load(paths);
  }

  /** Rows per value of {@code column}. */
  public static Map<String, Long> countBy(Dataset<Row> df, String column) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : df.groupBy(column).count().collectAsList()) m.put(String.valueOf(r.get(0)), r.getLong(1));
    return m;
  }
}

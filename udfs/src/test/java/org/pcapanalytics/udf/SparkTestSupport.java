package org.pcapanalytics.udf;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession per test class; stopped (and forgotten) after the class. */
final class SparkTestSupport {
  private SparkTestSupport() {}

  static SparkSession.Builder builder(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1");
  }

  static void stop(SparkSession spark) {
    if (spark != null) spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  /** The single value of a one-row, one-column query. */
  static Object value(SparkSession spark, String sql) {
    List<Row> rows = spark.sql(sql).collectAsList();
    if (rows.size() != 1) throw new AssertionError("expected one row from " + sql + ", got " + rows);
    return rows.get(0).get(0);
  }
}

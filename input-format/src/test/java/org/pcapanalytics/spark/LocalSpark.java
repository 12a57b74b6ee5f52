package org.pcapanalytics.spark;

import org.apache.spark.sql.SparkSession;

/** One small local SparkSession for the tests of a JVM. */
public final class LocalSpark {
  private static SparkSession spark;

  private LocalSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2]").appName("pcap-analytics tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.cache.serializer", RowCacheSerializer.class.getName()) // as the commands' sessions
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
    }
    return spark;
  }
}

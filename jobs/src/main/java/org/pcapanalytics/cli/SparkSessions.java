package org.pcapanalytics.cli;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.spark.RowCacheSerializer;

/** Builds the SparkSession of a command: local Spark unless spark-submit or --master chose a master. */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A command's session, stopped at the end only if the command started it: a command run
   * inside an application that already has a session (a test, a notebook) leaves it running.
   */
  public static final class Handle implements AutoCloseable {
    public final SparkSession spark;
    private final boolean owned;

    Handle(SparkSession spark, boolean owned) {
      this.spark = spark;
      this.owned = owned;
    }

    @Override
    public void close() {
      if (owned) spark.stop();
    }
  }

  public static Handle open(String appName, String master, Map<String, String> conf) {
    checkValues(conf);
    SparkSession existing = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
    if (existing != null && !existing.sparkContext().isStopped()) {
      for (Map.Entry<String, String> e : conf.entrySet()) existing.conf().set(e.getKey(), e.getValue());
      return new Handle(existing, false);
    }
    return new Handle(create(appName, master, conf), true);
  }

  static SparkSession create(String appName, String master, Map<String, String> conf) {
    SparkConf sc = new SparkConf();
    if (master != null) sc.setMaster(master);
    else if (!sc.contains("spark.master")) sc.setMaster("local[*]");
    sc.setAppName("pcap-analytics " + appName);
    // Defaults that suit a command-line tool; --conf and spark-defaults.conf override them.
    setIfAbsent(sc, "spark.sql.session.timeZone", "UTC");
    setIfAbsent(sc, "spark.ui.enabled", "false");
    setIfAbsent(sc, "spark.ui.showConsoleProgress", String.valueOf(System.console() != null));
    setIfAbsent(sc, "spark.sql.shuffle.partitions", String.valueOf(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
    setIfAbsent(sc, "spark.sql.adaptive.enabled", "true");
    // above the packets schema's column count: Spark's default (25) truncates plan strings and warns
    setIfAbsent(sc, "spark.sql.debug.maxToStringFields", "100");
    setIfAbsent(sc, "spark.sql.cache.serializer", RowCacheSerializer.class.getName());
    for (Map.Entry<String, String> e : conf.entrySet()) sc.set(e.getKey(), e.getValue());
    // The classic builder directly: SparkSession.builder() first looks the implementation up through
    // Scala runtime reflection, a noticeable part of every start.
    return org.apache.spark.sql.classic.SparkSession.builder().config(sc).getOrCreate();
  }

  /** Classes whose initialisation registers Spark's typed settings (core, SQL, static SQL). */
  private static final String[] SETTINGS = {"org.apache.spark.internal.config.package$",
      "org.apache.spark.sql.internal.SQLConf$", "org.apache.spark.sql.internal.StaticSQLConf$"};

  /**
   * Checks the values of {@code --conf} settings Spark knows, as Spark would when it reads them
   * (often only once a job runs, failing the run): a bad value is a bad argument. Keys stay free:
   * Spark has settings of its own and of plugins this does not know.
   *
   * @throws UsageException naming the setting and what Spark says of its value
   */
  static void checkValues(Map<String, String> conf) {
    if (conf.isEmpty()) return;
    for (String c : SETTINGS) {
      try {
        Class.forName(c, true, SparkSessions.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // not on this class path: those settings are checked by Spark when it reads them
      }
    }
    for (Map.Entry<String, String> e : conf.entrySet()) {
      ConfigEntry<?> entry = ConfigEntry.findEntry(e.getKey());
      if (entry == null) continue;
      try {
        entry.valueConverter().apply(e.getValue());
      } catch (RuntimeException x) {
        throw new UsageException("--conf " + e.getKey() + "=" + e.getValue() + ": " + Errors.oneLine(x));
      }
    }
  }

  private static void setIfAbsent(SparkConf sc, String k, String v) {
    if (!sc.contains(k)) sc.set(k, v);
  }
}

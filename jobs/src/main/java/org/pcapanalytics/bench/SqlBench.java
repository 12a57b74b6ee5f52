package org.pcapanalytics.bench;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;

/**
 * Times a query over a capture inside one Spark session (JVM and Spark start excluded):
 * {@code SqlBench MASTER FILE RUNS "QUERY"} — the view is {@code packets}; prints each run and the
 * median. The first runs (-Dbench.warmups, default 5) are not counted: the JIT compiles the scan's
 * code over the first few runs, and the per-query planning code over many more.
 */
public final class SqlBench {
  private SqlBench() {}

  public static void main(String[] args) throws Exception {
    String master = args[0];
    String file = args[1];
    int runs = Integer.parseInt(args[2]);
    String query = args[3];
    long len = Files.size(Paths.get(file));
    try (SparkSession spark = SparkSession.builder().master(master).appName("SqlBench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate()) {
      // -Dbench.options=k=v,k=v: options of the pcap source (e.g. pushAggregates=false)
      java.util.Map<String, String> options = new java.util.HashMap<>();
      for (String kv : System.getProperty("bench.options", "").split(",")) {
        if (kv.contains("=")) options.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      spark.read().format("pcap").options(options).load(file).createOrReplaceTempView("packets");
      long rows = spark.read().format("pcap").load(file).count();
      double[] secs = new double[runs];
      int warmups = Integer.getInteger("bench.warmups", 5);
      for (int run = -warmups; run < runs; run++) {
        long t0 = System.nanoTime();
        spark.sql(query).collectAsList();
        double s = (System.nanoTime() - t0) / 1e9;
        if (run >= 0) secs[run] = s;
        System.out.printf("%s: %.2f s%n", run < 0 ? "warm-up " + (run + warmups) : "run " + run, s);
      }
      Arrays.sort(secs);
      double m = secs[runs / 2];
      System.out.printf("median %.2f s: %.0f MB/s, %.2f M rows/s over %d rows (%s)%n", m, len / 1e6 / m, rows / 1e6 / m,
          rows, master);
    }
  }
}

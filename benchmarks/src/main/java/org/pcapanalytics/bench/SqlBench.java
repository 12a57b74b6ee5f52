package org.pcapanalytics.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Times a query over a capture inside one Spark session (JVM and Spark start excluded):
 * {@code SqlBench MASTER FILE RUNS "QUERY"} — the view is {@code packets}; prints each run and the
 * median. The first runs (-Dbench.warmups, default 5) are not counted: the JIT compiles the scan's
 * code over the first few runs, and the per-query planning code over many more.
 *
 * <p>With {@code -Dbench.optionsB=k=v,...} it compares two option sets in one session, runs
 * interleaved A B A B ... (warm-ups too), so that both see the same JIT state, page cache and
 * machine load; it prints each run and the median of each.
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
      String b = System.getProperty("bench.optionsB");
      String[] sets = b == null ? new String[] {System.getProperty("bench.options", "")}
          : new String[] {System.getProperty("bench.options", ""), b};
      long rows = spark.read().format("pcap").load(file).count();
      double[][] secs = new double[sets.length][runs];
      // The process's CPU time too: under another user's load the wall time of a run mostly
      // measures that load, while the CPU this JVM spends on the query hardly changes.
      double[][] cpus = new double[sets.length][runs];
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      int warmups = Integer.getInteger("bench.warmups", 5);
      List<?>[] results = new List<?>[sets.length];
      for (int run = -warmups; run < runs; run++) {
        if (run == 0) profile("start");
        for (int k = 0; k < sets.length; k++) {
          spark.read().format("pcap").options(options(sets[k])).load(file).createOrReplaceTempView("packets");
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          results[k] = spark.sql(query).collectAsList();
          double s = (System.nanoTime() - t0) / 1e9;
          double cpu = (os.getProcessCpuTime() - c0) / 1e9;
          if (run >= 0) {
            secs[k][run] = s;
            cpus[k][run] = cpu;
          }
          System.out.printf("%s%s: %.2f s (cpu %.2f s)%n", run < 0 ? "warm-up " + (run + warmups) : "run " + run,
              label(sets, k), s, cpu);
        }
      }
      profile("stop");
      if (sets.length == 2) System.out.println("A and B gave the same result: " + results[0].equals(results[1]));
      for (int k = 0; k < sets.length; k++) {
        Arrays.sort(secs[k]);
        Arrays.sort(cpus[k]);
        double m = secs[k][runs / 2];
        System.out.printf("median%s %.2f s (cpu %.2f s): %.0f MB/s, %.2f M rows/s over %d rows (%s)%n",
            label(sets, k), m, cpus[k][runs / 2],
            len / 1e6 / m, rows / 1e6 / m, rows, master);
      }
    }
  }

  /**
   * -Dbench.profile=ARGS: async-profiler (its classes on the classpath, its library loaded with
   * -agentpath without {@code start}) profiles the counted runs only, not the warm-ups:
   * {@code start,ARGS} before them, {@code stop,ARGS} after (ARGS with file= and the output format).
   */
  private static void profile(String what) throws Exception {
    String args = System.getProperty("bench.profile");
    if (args == null) return;
    Class<?> c = Class.forName("one.profiler.AsyncProfiler");
    Object p = c.getMethod("getInstance").invoke(null);
    System.out.println("profiler: " + c.getMethod("execute", String.class).invoke(p, what + "," + args));
  }

  /** How run lines name option set {@code k}: nothing when there is one set. */
  private static String label(String[] sets, int k) {
    return sets.length == 1 ? "" : " " + (char) ('A' + k) + " [" + sets[k] + "]";
  }

  /** {@code k=v,k=v}: options of the pcap source (e.g. pushAggregates=false). */
  private static Map<String, String> options(String spec) {
    Map<String, String> options = new HashMap<>();
    for (String kv : spec.split(",")) {
      if (kv.contains("=")) options.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return options;
  }
}

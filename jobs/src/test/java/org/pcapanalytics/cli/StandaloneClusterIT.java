package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GeneratorOptions;

/**
 * {@code scripts/submit} with the packaged application jar against a real Spark standalone
 * cluster — a Master and two Workers in their own JVMs with only Spark's jars, as a Spark
 * installation has them — reading a multi-block capture from HDFS (MiniDFSCluster) and writing
 * the reports back to HDFS. The reports must equal those of a local run over the same file, and
 * executors of both workers must have run tasks. Everything listens on 127.0.0.1 only.
 */
class StandaloneClusterIT {
  private static final String LOOPBACK = "127.0.0.1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private final Path root = Path.of(required("pcap.project.root")).toAbsolutePath();
  private final Path appJar = Path.of(required("pcap.app.jar")).toAbsolutePath();
  private final Path sparkHome = Path.of(required("pcap.spark.home")).toAbsolutePath();
  private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final List<LoggedProcess> processes = new ArrayList<>();

  @Test
  void reportsOnStandaloneClusterOverHdfsEqualLocalRun() throws Exception {
    long t0 = System.nanoTime();
    assertTrue(Files.isRegularFile(appJar), "application jar (mvn package): " + appJar);
    assertTrue(Files.isDirectory(sparkHome.resolve("jars")), "SPARK_HOME jars (pre-integration-test): " + sparkHome);
    Path logs = appJar.getParent().resolve("cluster-it");
    deleteTree(logs);
    Files.createDirectories(logs);

    Configuration dfsConf = new Configuration();
    dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
    dfsConf.setLong("dfs.blocksize", 1 << 20);
    dfsConf.setInt("dfs.replication", 1);
    MiniDFSCluster dfs = null;
    boolean ok = false;
    try {
      dfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
      dfs.waitActive();
      String hdfs = "hdfs://" + LOOPBACK + ":" + dfs.getNameNodePort();
      FileSystem fs = FileSystem.get(URI.create(hdfs), dfsConf);

      // A generated week of traffic, several 1 MiB blocks (so several splits) on HDFS.
      Path capture = tmp.resolve("week.pcap");
      CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(4L << 20).seed(23).build(), capture);
      org.apache.hadoop.fs.Path onHdfs = new org.apache.hadoop.fs.Path("/captures/week.pcap");
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(capture.toString()), onHdfs);
      FileStatus st = fs.getFileStatus(onHdfs);
      BlockLocation[] blocks = fs.getFileBlockLocations(st, 0, st.getLen());
      assertTrue(blocks.length >= 4, "blocks on HDFS: " + blocks.length);

      Path conf = siteConf();

      long tCluster = System.nanoTime();
      int masterPort = freePort();
      int masterUi = freePort();
      String master = "spark://" + LOOPBACK + ":" + masterPort;
      start("master", logs, "org.apache.spark.deploy.master.Master",
          "--host", LOOPBACK, "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi));
      await("master alive", 120, () -> "ALIVE".equals(masterState(masterUi).path("status").asText()));
      List<Path> workDirs = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Path work = Files.createDirectories(logs.resolve("worker" + i));
        workDirs.add(work);
        // Two cores each, so a driver in cluster mode leaves a core for an executor; the job
        // itself asks for two one-core executors in total (spark.cores.max).
        start("worker" + i, logs, "org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK,
            "--cores", "2", "--memory", "2g", "--work-dir", work.toString(), "--webui-port", "0", master);
      }
      await("two workers registered", 120, () -> masterState(masterUi).path("aliveworkers").asInt() == 2);
      double clusterSeconds = seconds(tCluster);

      // The submission: the wrapper script, Spark's own SparkSubmit (no Spark download), the
      // thin jar, the site configuration shipped with --files and named relative to nothing.
      long tSubmit = System.nanoTime();
      Path submitDir = Files.createDirectories(tmp.resolve("submit"));
      Map<String, String> env = clusterEnv();
      env.put("PCAP_ANALYTICS_SPARK_SUBMIT", "builtin");
      env.put("PCAP_ANALYTICS_NO_BUILD", "1");
      env.put("PCAP_ANALYTICS_CONF_DIR", conf.toString());
      env.put("JAVA_HOME", System.getProperty("java.home"));
      LoggedProcess submit = submit("submit", env, submitDir, logs, master, "client",
          "report", "all", "--input", hdfs + "/captures/week.pcap", "--output", hdfs + "/reports/cluster",
          "--format", "json", "--config", "pcap-analytics.json", "--option", "splitSize=1m");
      assertEquals(0, submit.waitFor(10, TimeUnit.MINUTES), "scripts/submit exit status");
      double submitSeconds = seconds(tSubmit);

      // Cluster deploy mode: the driver runs in a worker's work directory, where only
      // spark.files tells it where pcap-analytics.json is.
      long tClusterMode = System.nanoTime();
      LoggedProcess submitCluster = submit("submit-cluster-mode", env, submitDir, logs, master, "cluster",
          "report", "watchlist", "--input", hdfs + "/captures/week.pcap", "--output", hdfs + "/reports/cluster-mode",
          "--format", "json", "--config", "pcap-analytics.json", "--option", "splitSize=1m");
      assertEquals(0, submitCluster.waitFor(10, TimeUnit.MINUTES), "scripts/submit --deploy-mode cluster exit status");
      JsonNode drivers = masterState(masterUi).path("completeddrivers");
      assertEquals(1, drivers.size(), "one driver run by the cluster: " + drivers);
      assertEquals("FINISHED", drivers.get(0).path("state").asText(), "driver state: " + drivers);
      double clusterModeSeconds = seconds(tClusterMode);

      // The same report, local Spark, local file, same configuration.
      long tLocal = System.nanoTime();
      Path localOut = tmp.resolve("local-reports");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = Main.run(new String[] {"report", "all", "--input", capture.toString(), "--output", localOut.toString(),
          "--format", "json", "--config", conf.resolve("pcap-analytics.json").toString(),
          "--option", "splitSize=1m", "--master", "local[2]"},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, rc, "local run: " + err.toString(StandardCharsets.UTF_8));
      double localSeconds = seconds(tLocal);

      Map<String, List<String>> local = localReports(localOut);
      Map<String, List<String>> cluster = hdfsReports(fs, new org.apache.hadoop.fs.Path("/reports/cluster"));
      assertEquals(local.keySet(), cluster.keySet(), "report outputs");
      assertTrue(local.size() >= 10, "every report of 'all': " + local.keySet());
      for (String name : local.keySet()) assertEquals(local.get(name), cluster.get(name), "rows of " + name);
      assertTrue(local.get("connections").size() > 500, "connections: " + local.get("connections").size());
      // The site configuration reached the driver: its watch list matches, the default's is empty.
      assertTrue(cluster.get("watchlist").size() > 0, "watch list hits from the shipped configuration");
      JsonNode localSummary = JSON.readTree(localOut.resolve("_summary.json").toFile());
      JsonNode clusterSummary;
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path("/reports/cluster/_summary.json"))) {
        clusterSummary = JSON.readTree(in);
      }
      assertEquals(localSummary.get("readStats"), clusterSummary.get("readStats"));
      assertEquals("pcap-analytics.json", clusterSummary.path("config").asText());
      Map<String, List<String>> clusterMode =
          hdfsReports(fs, new org.apache.hadoop.fs.Path("/reports/cluster-mode"));
      assertEquals(local.get("watchlist"), clusterMode.get("watchlist"), "watch list in cluster deploy mode");

      // Executors of both workers ran tasks (their logs sit in each worker's work directory).
      for (Path work : workDirs) {
        List<Path> executorLogs;
        try (Stream<Path> s = Files.walk(work)) {
          executorLogs = s.filter(p -> p.getFileName().toString().equals("stderr")).toList();
        }
        assertTrue(executorLogs.stream().anyMatch(p -> read(p).contains("Finished task")),
            "an executor of " + work.getFileName() + " ran tasks: " + executorLogs);
      }
      JsonNode apps = masterState(masterUi).path("completedapps");
      assertEquals(2, apps.size(), "two applications on the master: " + apps);
      for (JsonNode app : apps) assertEquals("FINISHED", app.path("state").asText(), "application: " + app);

      System.out.printf("StandaloneClusterIT timings: MiniDFS + capture %.1f s, master + 2 workers up %.1f s,"
              + " submit to finish %.1f s (report all, client mode), %.1f s (report watchlist, cluster mode),"
              + " local run %.1f s, total %.1f s; capture %d bytes in %d blocks%n",
          (tCluster - t0) / 1e9, clusterSeconds, submitSeconds, clusterModeSeconds, localSeconds, seconds(t0),
          st.getLen(), blocks.length);
      ok = true;
    } finally {
      if (!ok) {
        for (LoggedProcess p : processes) p.printTail(System.out, 80);
        printDriverAndExecutorLogs(logs);
      }
      for (int i = processes.size() - 1; i >= 0; i--) processes.get(i).close();
      if (dfs != null) dfs.shutdown();
    }
  }

  /** Runs scripts/submit with the built-in spark-submit against the cluster; small executors. */
  private LoggedProcess submit(String name, Map<String, String> env, Path dir, Path logs, String master,
      String deployMode, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/submit").toString(),
        "--master", master, "--deploy-mode", deployMode, "--executor-memory", "768m", "--driver-memory", "1g",
        "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
        "--conf", "spark.driver.host=" + LOOPBACK, "--conf", "spark.driver.bindAddress=" + LOOPBACK,
        "--conf", "spark.standalone.submit.waitAppCompletion=true", "--"));
    cmd.addAll(List.of(command));
    LoggedProcess p = LoggedProcess.start(name, cmd, env, dir, logs.resolve(name + ".log"));
    processes.add(p);
    return p;
  }

  /** A configuration directory as the project's conf/, with a site watch list and time zone. */
  private Path siteConf() throws IOException {
    Path conf = Files.createDirectories(tmp.resolve("site-conf"));
    for (String f : List.of("spark-defaults.conf", "log4j2.properties")) {
      Files.copy(root.resolve("conf").resolve(f), conf.resolve(f));
    }
    Files.writeString(conf.resolve("pcap-analytics.json"), "{\n"
        + "  \"businessHours\": {\"timeZone\": \"America/New_York\", \"start\": \"09:00\", \"end\": \"17:00\"},\n"
        + "  \"watchlist\": {\"addresses\": [\"10.0.0.0/24\"]},\n"
        + "  \"reports\": {\"topN\": 20},\n"
        + "}\n");
    return conf;
  }

  private void start(String name, Path logs, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBin, "@" + root.resolve("conf/jvm-flags.txt"), "-Xmx256m",
        "-cp", sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    processes.add(LoggedProcess.start(name, cmd, clusterEnv(), logs, logs.resolve(name + ".log")));
  }

  /** What a Spark installation's scripts set: its home, Scala version, loopback only. */
  private Map<String, String> clusterEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("SPARK_LOCAL_HOSTNAME", LOOPBACK);
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    return env;
  }

  private JsonNode masterState(int uiPort) {
    try (InputStream in = URI.create("http://" + LOOPBACK + ":" + uiPort + "/json/").toURL().openStream()) {
      return JSON.readTree(in);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      for (LoggedProcess p : processes) {
        if (!p.isAlive()) throw new AssertionError(p.name + " exited while waiting for " + what);
      }
      if (System.nanoTime() > end) throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      Thread.sleep(250);
    }
  }

  /** Report name → its JSON lines, sorted (row order is not part of a report). */
  private static Map<String, List<String>> localReports(Path dir) throws IOException {
    Map<String, List<String>> m = new TreeMap<>();
    try (Stream<Path> reports = Files.list(dir)) {
      for (Path r : reports.filter(Files::isDirectory).toList()) {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(r)) {
          for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
            rows.addAll(Files.readAllLines(p));
          }
        }
        rows.sort(null);
        m.put(r.getFileName().toString(), rows);
      }
    }
    return m;
  }

  private static Map<String, List<String>> hdfsReports(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
    Map<String, List<String>> m = new TreeMap<>();
    for (FileStatus r : fs.listStatus(dir)) {
      if (!r.isDirectory()) continue;
      List<String> rows = new ArrayList<>();
      for (FileStatus p : fs.listStatus(r.getPath())) {
        if (!p.getPath().getName().startsWith("part-")) continue;
        try (InputStream in = fs.open(p.getPath())) {
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(rows::add);
        }
      }
      rows.sort(null);
      m.put(r.getPath().getName(), rows);
    }
    return m;
  }

  /** The stderr of drivers (cluster mode) and executors, kept in the workers' work directories. */
  private static void printDriverAndExecutorLogs(Path logs) {
    try (Stream<Path> s = Files.walk(logs)) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        List<String> lines = read(p).lines().toList();
        System.out.println("----- " + p + ", last lines");
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
      }
    } catch (IOException e) {
      System.out.println("(cannot list " + logs + ": " + e + ")");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    assertNotNull(v, "system property " + property + " (set by the jobs pom for failsafe)");
    return v;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}

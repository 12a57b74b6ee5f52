package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.cli.ClusterFixture.JSON;
import static org.pcapanalytics.cli.ClusterFixture.LOOPBACK;
import static org.pcapanalytics.cli.ClusterFixture.deleteTree;
import static org.pcapanalytics.cli.ClusterFixture.freePort;
import static org.pcapanalytics.cli.ClusterFixture.printLogs;
import static org.pcapanalytics.cli.ClusterFixture.read;
import static org.pcapanalytics.cli.ClusterFixture.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code scripts/submit} with the packaged application jar against a real Spark standalone
 * cluster — a Master and two Workers in their own JVMs with only Spark's jars, as a Spark
 * installation has them — reading a multi-block capture from HDFS (MiniDFSCluster) and writing
 * the reports back to HDFS. The reports must equal those of a local run over the same file, and
 * executors of both workers must have run tasks. Everything listens on 127.0.0.1 only.
 */
@ExtendWith(ClusterFixture.Resolver.class)
class StandaloneClusterIT {
  private final ClusterFixture f;
  private final List<LoggedProcess> processes = new ArrayList<>();

  StandaloneClusterIT(ClusterFixture f) {
    this.f = f;
  }

  @Test
  void reportsOnStandaloneClusterOverHdfsEqualLocalRun() throws Exception {
    long t0 = System.nanoTime();
    Path logs = f.appJar.getParent().resolve("cluster-it");
    deleteTree(logs);
    Files.createDirectories(logs);
    boolean ok = false;
    try {
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
      double clusterSeconds = seconds(t0);

      // The submission: the wrapper script, Spark's own SparkSubmit (no Spark download), the
      // thin jar, the site configuration shipped with --files and named relative to nothing.
      long tSubmit = System.nanoTime();
      Path submitDir = Files.createDirectories(logs.resolve("submit"));
      Map<String, String> env = clusterEnv();
      env.put("PCAP_ANALYTICS_SPARK_SUBMIT", "builtin");
      env.put("PCAP_ANALYTICS_NO_BUILD", "1");
      env.put("PCAP_ANALYTICS_CONF_DIR", f.conf.toString());
      env.put("JAVA_HOME", System.getProperty("java.home"));
      LoggedProcess submit = submit("submit", env, submitDir, logs, master, "client",
          "report", "all", "--input", f.capture, "--output", f.hdfs + "/reports/standalone-client",
          "--format", "json", "--config", "pcap-analytics.json", "--option", f.splitSize);
      assertEquals(0, submit.waitFor(10, TimeUnit.MINUTES), "scripts/submit exit status");
      double submitSeconds = seconds(tSubmit);

      // Cluster deploy mode: the driver runs in a worker's work directory, where only
      // spark.files tells it where pcap-analytics.json is.
      long tClusterMode = System.nanoTime();
      LoggedProcess submitCluster = submit("submit-cluster-mode", env, submitDir, logs, master, "cluster",
          "report", "watchlist", "--input", f.capture, "--output", f.hdfs + "/reports/standalone-cluster",
          "--format", "json", "--config", "pcap-analytics.json", "--option", f.splitSize);
      assertEquals(0, submitCluster.waitFor(10, TimeUnit.MINUTES), "scripts/submit --deploy-mode cluster exit status");
      JsonNode drivers = masterState(masterUi).path("completeddrivers");
      assertEquals(1, drivers.size(), "one driver run by the cluster: " + drivers);
      assertEquals("FINISHED", drivers.get(0).path("state").asText(), "driver state: " + drivers);
      double clusterModeSeconds = seconds(tClusterMode);

      // Every report equals the local run's; its watch list (non-empty only with the shipped
      // site configuration) also in cluster deploy mode.
      f.assertEqualsLocal("/reports/standalone-client", f.local.keySet(), "client mode");
      f.assertEqualsLocal("/reports/standalone-cluster", Set.of("watchlist"), "cluster mode");

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

      System.out.printf("StandaloneClusterIT timings: master + 2 workers up %.1f s, submit to finish %.1f s"
              + " (report all, client mode), %.1f s (report watchlist, cluster mode), total %.1f s%n",
          clusterSeconds, submitSeconds, clusterModeSeconds, seconds(t0));
      ok = true;
    } finally {
      if (!ok) {
        for (LoggedProcess p : processes) p.printTail(System.out, 80);
        printLogs(logs, 40);
      }
      for (int i = processes.size() - 1; i >= 0; i--) processes.get(i).close();
    }
  }

  /** Runs scripts/submit with the built-in spark-submit against the cluster; small executors. */
  private LoggedProcess submit(String name, Map<String, String> env, Path dir, Path logs, String master,
      String deployMode, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", f.root.resolve("scripts/submit").toString(),
        "--master", master, "--deploy-mode", deployMode, "--executor-memory", "768m", "--driver-memory", "1g",
        "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
        "--conf", "spark.driver.host=" + LOOPBACK, "--conf", "spark.driver.bindAddress=" + LOOPBACK,
        "--conf", "spark.standalone.submit.waitAppCompletion=true", "--"));
    cmd.addAll(List.of(command));
    LoggedProcess p = LoggedProcess.start(name, cmd, env, dir, logs.resolve(name + ".log"));
    processes.add(p);
    return p;
  }

  private void start(String name, Path logs, String mainClass, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "@" + f.root.resolve("conf/jvm-flags.txt"), "-Xmx256m",
        "-cp", f.sparkHome.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    processes.add(LoggedProcess.start(name, cmd, clusterEnv(), logs, logs.resolve(name + ".log")));
  }

  /** What a Spark installation's scripts set: its home, Scala version, loopback only. */
  private Map<String, String> clusterEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", f.sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("SPARK_LOCAL_HOSTNAME", LOOPBACK);
    env.put("SPARK_CONF_DIR", f.sparkHome.resolve("conf").toString());
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
}

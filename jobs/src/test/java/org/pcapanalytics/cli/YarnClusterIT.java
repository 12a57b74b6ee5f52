package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.cli.ClusterFixture.LOOPBACK;
import static org.pcapanalytics.cli.ClusterFixture.deleteTree;
import static org.pcapanalytics.cli.ClusterFixture.printLogs;
import static org.pcapanalytics.cli.ClusterFixture.read;
import static org.pcapanalytics.cli.ClusterFixture.seconds;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code scripts/submit --master yarn} with the packaged application jar against a YARN cluster
 * (MiniYARNCluster: a ResourceManager and a NodeManager that starts the application master and the
 * executors as containers, JVMs of their own with only Spark's jars), in client and in cluster
 * deploy mode, reading a multi-block capture from HDFS and writing the report back there. The
 * rows must equal those of a local run over the same file, with the site configuration shipped
 * with {@code --files} (its watch list). Everything listens on 127.0.0.1 only.
 */
@ExtendWith(ClusterFixture.Resolver.class)
class YarnClusterIT {
  private final ClusterFixture f;
  private final String javaHome = System.getProperty("java.home");
  private final List<LoggedProcess> processes = new ArrayList<>();

  YarnClusterIT(ClusterFixture f) {
    this.f = f;
  }

  @Test
  void watchlistReportOnYarnInClientAndClusterModeEqualsLocalRun() throws Exception {
    long t0 = System.nanoTime();
    // MiniYARNCluster's work directory, target/yarn-it/yarn-N (test.build.data), holds the
    // containers' logs; ours go next to it.
    Path logs = f.appJar.getParent().resolve("yarn-it");
    deleteTree(logs);
    MiniYARNCluster yarn = new MiniYARNCluster("yarn-it", 1, 1, 1, false);
    assertEquals(logs, yarn.getTestWorkDir().toPath().toAbsolutePath().getParent(), "MiniYARNCluster's work directory");
    boolean ok = false;
    try {
      yarn.init(yarnConf());
      yarn.start();
      assertTrue(yarn.waitForNodeManagersToConnect(120_000), "NodeManager registered");
      Map<String, String> env = new HashMap<>();
      env.put("HADOOP_CONF_DIR", hadoopConfDir(logs.resolve("hadoop-conf"), yarn.getConfig()).toString());
      env.put("PCAP_ANALYTICS_SPARK_SUBMIT", "builtin");
      env.put("PCAP_ANALYTICS_NO_BUILD", "1");
      env.put("PCAP_ANALYTICS_CONF_DIR", f.conf.toString());
      env.put("JAVA_HOME", javaHome);
      env.put("SPARK_LOCAL_IP", LOOPBACK);
      Path submitDir = Files.createDirectories(logs.resolve("submit"));
      double yarnSeconds = seconds(t0);

      // Both deploy modes at once (YARN runs the two applications side by side; most of each is
      // waiting for JVMs and containers). Client mode: the driver runs in scripts/submit's JVM and
      // finds the shipped configuration in the list spark-submit made for the containers. Cluster
      // mode: the driver runs in the application master's container, whose working directory holds
      // the shipped files.
      long tSubmit = System.nanoTime();
      Map<String, LoggedProcess> submits = new LinkedHashMap<>();
      for (String mode : List.of("client", "cluster")) {
        submits.put(mode, submit("submit-" + mode, env, submitDir, logs, mode,
            "report", "watchlist", "--input", f.capture, "--output", f.hdfs + "/reports/yarn-" + mode,
            "--format", "json", "--config", "pcap-analytics.json", "--option", f.splitSize));
      }
      for (Map.Entry<String, LoggedProcess> e : submits.entrySet()) {
        assertEquals(0, e.getValue().waitFor(10, TimeUnit.MINUTES), "scripts/submit --deploy-mode " + e.getKey());
      }
      double submitSeconds = seconds(tSubmit);

      for (String mode : submits.keySet()) {
        f.assertEqualsLocal("/reports/yarn-" + mode, Set.of("watchlist"), "YARN " + mode + " mode");
      }

      // Both applications succeeded (the application master has unregistered so; it may still be
      // stopping its containers), and in each an executor container (not the first, the
      // application master's) ran the tasks.
      List<RMApp> apps = new ArrayList<>(yarn.getResourceManager().getRMContext().getRMApps().values());
      assertEquals(2, apps.size(), "applications on the ResourceManager");
      for (RMApp app : apps) {
        String what = app.getApplicationId() + " " + app.getState() + ": " + app.getDiagnostics();
        assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), what);
        assertTrue(Set.of(RMAppState.FINISHING, RMAppState.FINISHED).contains(app.getState()), what);
        assertTrue(containerLogs(logs, app.getApplicationId().toString()).entrySet().stream()
                .anyMatch(e -> !e.getKey().endsWith("_000001") && e.getValue().contains("Finished task")),
            "an executor container of " + app.getApplicationId() + " ran tasks");
      }

      System.out.printf("YarnClusterIT timings: MiniYARNCluster up %.1f s, both submits to finish %.1f s,"
          + " total %.1f s%n", yarnSeconds, submitSeconds, seconds(t0));
      ok = true;
    } finally {
      if (!ok) {
        for (LoggedProcess p : processes) p.printTail(System.out, 80);
        printLogs(logs, 60);
      }
      for (int i = processes.size() - 1; i >= 0; i--) processes.get(i).close();
      yarn.stop();
    }
  }

  /** A ResourceManager and one NodeManager on 127.0.0.1, sized and paced for small applications. */
  private static YarnConfiguration yarnConf() {
    YarnConfiguration c = new YarnConfiguration();
    c.set(YarnConfiguration.RM_BIND_HOST, LOOPBACK);
    c.set(YarnConfiguration.NM_BIND_HOST, LOOPBACK);
    c.set(YarnConfiguration.RM_SCHEDULER, "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    // Containers in 128 MB steps (by default each is rounded up to 1 GB); memory is not enforced here.
    c.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    // Containers are allocated on node heartbeats: often, so that no container waits a second.
    c.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 100);
    c.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 1);
    // A nearly full disk of the machine must not make the node unhealthy.
    c.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
    return c;
  }

  /**
   * HADOOP_CONF_DIR for the submitting side, as a cluster's client configuration: the default file
   * system and the ResourceManager's addresses (spark-submit ships them to the containers).
   */
  private Path hadoopConfDir(Path dir, Configuration cluster) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    // The ResourceManager writes its ports into the configuration shortly after start() returns.
    while (cluster.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (System.nanoTime() > end) {
        throw new AssertionError("ResourceManager address: " + cluster.get(YarnConfiguration.RM_ADDRESS));
      }
      Thread.sleep(100);
    }
    Files.createDirectories(dir);
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", f.hdfs);
    writeXml(core, dir.resolve("core-site.xml"));
    Configuration site = new Configuration(false);
    for (String key : List.of(YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
        YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
        YarnConfiguration.RM_WEBAPP_ADDRESS)) {
      site.set(key, cluster.get(key));
    }
    writeXml(site, dir.resolve("yarn-site.xml"));
    return dir;
  }

  private static void writeXml(Configuration c, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      c.writeXml(out);
    }
  }

  /**
   * Runs scripts/submit with the built-in spark-submit (the project's Spark jars, spark-yarn among
   * them) on YARN; the containers take Spark's jars where they lie on this node (local:, so nothing
   * is uploaded) and this JVM's Java, and bind to 127.0.0.1. One small executor.
   */
  private LoggedProcess submit(String name, Map<String, String> env, Path dir, Path logs, String deployMode,
      String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", f.root.resolve("scripts/submit").toString(),
        "--master", "yarn", "--deploy-mode", deployMode,
        "--driver-memory", "768m", "--executor-memory", "512m", "--num-executors", "1", "--executor-cores", "2",
        "--conf", "spark.yarn.jars=local:" + f.sparkHome.resolve("jars") + "/*",
        "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + javaHome, "--conf", "spark.executorEnv.JAVA_HOME=" + javaHome,
        "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=" + LOOPBACK,
        "--conf", "spark.executorEnv.SPARK_LOCAL_IP=" + LOOPBACK,
        "--conf", "spark.ui.enabled=false", "--conf", "spark.yarn.maxAppAttempts=1",
        "--conf", "spark.yarn.report.interval=250ms"));
    if (deployMode.equals("client")) {
      cmd.addAll(List.of("--conf", "spark.driver.host=" + LOOPBACK, "--conf", "spark.driver.bindAddress=" + LOOPBACK));
    }
    cmd.add("--");
    cmd.addAll(List.of(command));
    LoggedProcess p = LoggedProcess.start(name, cmd, env, dir, logs.resolve(name + ".log"));
    processes.add(p);
    return p;
  }

  /** Container id → its stderr, for one application (the NodeManager's log directory). */
  private static Map<String, String> containerLogs(Path logs, String appId) throws IOException {
    Map<String, String> m = new HashMap<>();
    try (Stream<Path> s = Files.walk(logs)) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("stderr")
          && p.getParent().getParent().getFileName().toString().equals(appId)).toList()) {
        m.put(p.getParent().getFileName().toString(), read(p));
      }
    }
    return m;
  }
}

package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;

/**
 * {@code scripts/pcap-analytics serve} in a process of its own and Spark's JVM Connect client in
 * another (the client's own class path, as on an analyst's machine): the client reads
 * {@code format("pcap")} on a shared capture through the server and runs a top-talkers query with
 * {@code is_internal_ip} under the server's {@code --config}; its rows equal a local {@code sql}
 * run's. SIGTERM then stops the server cleanly.
 */
class ServeCommandIT {
  private static final String QUERY = "SELECT src_ip AS ip, is_internal_ip(src_ip) AS internal, count(*) AS packets,"
      + " sum(wirelen) AS bytes FROM packets WHERE src_ip IS NOT NULL GROUP BY src_ip ORDER BY bytes DESC, ip LIMIT 10";

  @TempDir
  Path tmp;

  private final Path root = Path.of(System.getProperty("pcap.project.root", "..")).toAbsolutePath();
  private final Path clientJars = Path.of(System.getProperty("pcap.connect.client", "target/connect-client"));
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void connectClientReadsCapturesWithOurFunctionsThroughTheServer() throws Exception {
    // Not the defaults: 172.16/12 is not internal here, 205.234.218/24 and the lower half of IPv4 are.
    Path config = tmp.resolve("site.json");
    Files.writeString(config, "{ \"internalNetworks\": [\"0.0.0.0/1\", \"205.234.218.0/24\"] }");
    String capture = Captures.file("http_espn.pcapng").toString();

    Path serverLog = tmp.resolve("serve.log");
    try (LoggedProcess server = LoggedProcess.start("serve",
        List.of("bash", root.resolve("scripts/pcap-analytics").toString(), "serve", "--port", "0", "--config",
            config.toString()),
        Map.of("PCAP_ANALYTICS_NO_BUILD", "1", "PCAP_ANALYTICS_CDS", "0", "PCAP_ANALYTICS_HEAP", "1g",
            "JAVA_HOME", System.getProperty("java.home")), tmp, serverLog)) {
      String url = awaitUrl(server);
      assertTrue(url.matches("sc://127\\.0\\.0\\.1:\\d+"), url);

      Path clientOut = tmp.resolve("client.out");
      Path clientErr = tmp.resolve("client.err");
      Process client = new ProcessBuilder(java, "@" + root.resolve("conf/jvm-flags.txt"), "-Xmx512m",
          "-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"),
          "-cp", String.join(":", clientClassPath()), ConnectClientProbe.class.getName(), url, capture, QUERY)
          .redirectOutput(clientOut.toFile()).redirectError(clientErr.toFile()).start();
      assertTrue(client.waitFor(5, TimeUnit.MINUTES), "client finished");
      String remote = Files.readString(clientOut, StandardCharsets.UTF_8);
      String clientLog = Files.readString(clientErr, StandardCharsets.UTF_8);
      assertEquals(0, client.exitValue(), clientLog);
      assertTrue(clientLog.contains("client session: org.apache.spark.sql.connect.SparkSession"), clientLog);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = Main.run(new String[] {"sql", "--csv", "--config", config.toString(), "--input", capture, QUERY},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
      String local = out.toString(StandardCharsets.UTF_8);
      assertEquals(local, remote);
      assertEquals(11, remote.split("\r\n").length, remote);
      assertTrue(remote.contains("\r\n172.16.0.122,false,") && remote.contains("\r\n205.234.218.129,true,"), remote);

      long t0 = System.nanoTime();
      int status = server.terminate(60, TimeUnit.SECONDS);
      String log = server.output();
      assertEquals(143, status, "exit status after SIGTERM (128 + 15)\n" + log);
      assertTrue(log.contains("ServeCommand: stopped"), log);
      assertTrue(log.lines().noneMatch(l -> l.contains(" ERROR ") || l.contains("Exception")), log);
      System.out.printf("ServeCommandIT: stopped %.1f s after SIGTERM%n", (System.nanoTime() - t0) / 1e9);
    }
  }

  /** The sc:// line the server prints once it listens. */
  private static String awaitUrl(LoggedProcess server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      Optional<String> url = server.output().lines().filter(l -> l.startsWith("sc://")).findFirst();
      if (url.isPresent()) return url.get().trim();
      assertTrue(server.isAlive(), "server running:\n" + server.output());
      Thread.sleep(200);
    }
    throw new AssertionError("the server did not listen within 4 minutes:\n" + server.output());
  }

  /** The Connect client's jars, then the launcher's class path without Spark's server side, then this class. */
  private List<String> clientClassPath() throws Exception {
    List<String> cp = new ArrayList<>();
    try (Stream<Path> jars = Files.list(clientJars)) {
      jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> cp.add(p.toString()));
    }
    assertEquals(2, cp.size(), "client jars in " + clientJars + " (pre-integration-test): " + cp);
    String launcher = Files.readString(root.resolve("jobs/target/classpath.txt"), StandardCharsets.UTF_8).trim();
    for (String e : launcher.split(":")) {
      if (!Path.of(e).getFileName().toString().matches("spark-(core|sql|catalyst|sql-api|connect|pipelines)_.*")) cp.add(e);
    }
    cp.add(Path.of(ConnectClientProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    return cp;
  }
}

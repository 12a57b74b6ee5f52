package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GeneratorOptions;

/**
 * What the cluster integration tests share, set up once per test run: HDFS (a MiniDFSCluster on
 * 127.0.0.1) holding a generated multi-block capture, a site configuration whose watch list and
 * time zone differ from the built-in defaults, and the reference: {@code report all} over the
 * same file in local Spark with that configuration. A test class takes it as a constructor parameter
 * ({@code @ExtendWith(ClusterFixture.Resolver.class)}); it is stopped when the run ends.
 */
final class ClusterFixture implements AutoCloseable {
  static final String LOOPBACK = "127.0.0.1";
  static final ObjectMapper JSON = new ObjectMapper();

  final Path root = Path.of(required("pcap.project.root")).toAbsolutePath();
  final Path appJar = Path.of(required("pcap.app.jar")).toAbsolutePath();
  final Path sparkHome = Path.of(required("pcap.spark.home")).toAbsolutePath();
  /** The capture on HDFS, and the split size that makes several splits of it. */
  final String capture;
  final String splitSize = "splitSize=1m";
  /** A configuration directory as the project's conf/; its pcap-analytics.json is the site's. */
  final Path conf;
  final String hdfs;
  final FileSystem fs;
  /** The local run's outputs: report name to its rows, and its _summary.json. */
  final Map<String, List<String>> local;
  final JsonNode localSummary;
  private final MiniDFSCluster dfs;

  /** Resolves a {@link ClusterFixture} parameter: the run's one instance, made on first use. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
      return p.getParameter().getType() == ClusterFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
      return c.getRoot().getStore(ExtensionContext.Namespace.create(ClusterFixture.class))
          .computeIfAbsent(ClusterFixture.class, k -> start(), ClusterFixture.class);
    }
  }

  private static ClusterFixture start() {
    try {
      return new ClusterFixture();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ClusterFixture() throws IOException {
    long t0 = System.nanoTime();
    assertTrue(Files.isRegularFile(appJar), "application jar (mvn package): " + appJar);
    assertTrue(Files.isDirectory(sparkHome.resolve("jars")), "Spark's jars (pre-integration-test): " + sparkHome);
    Path dir = appJar.getParent().resolve("cluster-fixture");
    deleteTree(dir);
    Files.createDirectories(dir);

    Configuration dfsConf = new Configuration();
    dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    dfsConf.setLong("dfs.blocksize", 1 << 20);
    dfsConf.setInt("dfs.replication", 1);
    dfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
    try {
      dfs.waitActive();
      hdfs = "hdfs://" + LOOPBACK + ":" + dfs.getNameNodePort();
      fs = FileSystem.get(URI.create(hdfs), dfsConf);

      // A generated week of traffic, several 1 MiB blocks (so several splits) on HDFS.
      Path week = dir.resolve("week.pcap");
      CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(4L << 20).seed(23).build(), week);
      org.apache.hadoop.fs.Path onHdfs = new org.apache.hadoop.fs.Path("/captures/week.pcap");
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(week.toString()), onHdfs);
      FileStatus st = fs.getFileStatus(onHdfs);
      BlockLocation[] blocks = fs.getFileBlockLocations(st, 0, st.getLen());
      assertTrue(blocks.length >= 4, "blocks on HDFS: " + blocks.length);
      capture = hdfs + onHdfs;
      conf = siteConf(dir.resolve("site-conf"));
      double dfsSeconds = seconds(t0);

      // The reference: the same reports, local Spark, local file, same configuration.
      long tLocal = System.nanoTime();
      Path localOut = dir.resolve("local-reports");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = Main.run(new String[] {"report", "all", "--input", week.toString(), "--output", localOut.toString(),
          "--format", "json", "--config", conf.resolve("pcap-analytics.json").toString(), "--option", splitSize,
          "--master", "local[2]"},
          new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(0, rc, "local run: " + err.toString(StandardCharsets.UTF_8));
      local = localReports(localOut);
      localSummary = JSON.readTree(localOut.resolve("_summary.json").toFile());
      assertTrue(local.size() >= 10, "every report of 'all': " + local.keySet());
      assertTrue(local.get("connections").size() > 500, "connections: " + local.get("connections").size());
      // The site's watch list matches; the built-in default's is empty.
      assertTrue(local.get("watchlist").size() > 0, "watch list hits of the site configuration");
      System.out.printf("ClusterFixture timings: MiniDFS + capture %.1f s (%d bytes in %d blocks), local report all"
          + " %.1f s%n", dfsSeconds, st.getLen(), blocks.length, seconds(tLocal));
    } catch (IOException | RuntimeException | Error e) {
      dfs.shutdown();
      throw e;
    }
  }

  @Override
  public void close() {
    dfs.shutdown();
  }

  /** The rows of each report written under {@code dir} on HDFS. */
  Map<String, List<String>> hdfsReports(String dir) throws IOException {
    Map<String, List<String>> m = new TreeMap<>();
    for (FileStatus r : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
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

  /** The _summary.json written under {@code dir} on HDFS. */
  JsonNode hdfsSummary(String dir) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(dir, "_summary.json"))) {
      return JSON.readTree(in);
    }
  }

  /** Checks a cluster run's outputs (their names) and summary under {@code dir} against the local run's. */
  void assertEqualsLocal(String dir, Set<String> outputs, String what) throws IOException {
    Map<String, List<String>> cluster = hdfsReports(dir);
    assertEquals(outputs, cluster.keySet(), "outputs under " + dir + ", " + what);
    for (Map.Entry<String, List<String>> e : cluster.entrySet()) {
      assertEquals(local.get(e.getKey()), e.getValue(), "rows of " + e.getKey() + ", " + what);
    }
    JsonNode summary = hdfsSummary(dir);
    assertEquals(localSummary.get("readStats"), summary.get("readStats"), "read statistics, " + what);
    // The command found the shipped configuration by the name given on the command line.
    assertEquals("pcap-analytics.json", summary.path("config").asText(), "configuration, " + what);
  }

  /** The project's conf/ with a site watch list and another time zone. */
  private Path siteConf(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : List.of("spark-defaults.conf", "log4j2.properties")) {
      Files.copy(root.resolve("conf").resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("pcap-analytics.json"), "{\n"
        + "  \"businessHours\": {\"timeZone\": \"America/New_York\", \"start\": \"09:00\", \"end\": \"17:00\"},\n"
        + "  \"watchlist\": {\"addresses\": [\"10.0.0.0/24\"]},\n"
        + "  \"reports\": {\"topN\": 20},\n"
        + "}\n");
    return dir;
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

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last lines of each file named {@code stderr} or {@code stdout} under {@code dir}. */
  static void printLogs(Path dir, int lines) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("stderr|stdout")).sorted().toList()) {
        List<String> all = read(p).lines().toList();
        System.out.println("----- " + p + ", last lines");
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
      }
    } catch (IOException e) {
      System.out.println("(cannot list " + dir + ": " + e + ")");
    }
  }

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    assertNotNull(v, "system property " + property + " (set by the jobs pom for failsafe)");
    return v;
  }
}

package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.pcapanalytics.udf.PcapSparkExtensions;
import org.pcapanalytics.udf.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * {@code serve}: Spark's own Spark Connect server, whose every client session reads
 * {@code format("pcap")} and has the project's SQL functions, so PySpark, notebooks and the
 * other Connect clients use them without our jars on their side.
 */
final class ServeCommand implements Command {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
  static final int DEFAULT_PORT = 15002; // Spark Connect's

  @Override
  public String name() { return "serve"; }

  @Override
  public String summary() { return "Spark Connect server with the pcap source and SQL functions (PySpark, notebooks)"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics serve [--port N] [--host ADDRESS] [--config FILE] [--conf K=V]... [--master URL]\n"
        + "\n"
        + "Runs a Spark Connect server (Spark's own) until SIGTERM or Ctrl-C, then stops it cleanly.\n"
        + "Every client session reads format(\"pcap\") and has the project's SQL functions (through\n"
        + "spark.sql.extensions=" + PcapSparkExtensions.class.getName() + ") with the configuration of\n"
        + "--config. Prints sc://HOST:PORT on stdout once it listens. A client, e.g. PySpark:\n"
        + "\n"
        + "  spark = SparkSession.builder.remote(\"sc://localhost:15002\").getOrCreate()\n"
        + "  spark.read.format(\"pcap\").load(\"/data/capture.pcap\").createOrReplaceTempView(\"packets\")\n"
        + "\n"
        + "Paths are read by the server (and its executors), not by the client.\n"
        + "\n"
        + "  --port N         port to listen on (default " + DEFAULT_PORT + "; 0 = any free port)\n"
        + "  --host ADDRESS   address to listen on (default 127.0.0.1: this machine only). Anyone who\n"
        + "                   reaches the port can run any query as this user: Spark Connect has no\n"
        + "                   authentication of its own. Before listening elsewhere read docs/interactive.md\n"
        + "                   (a token: --conf spark.connect.authenticate.token=..., TLS through a proxy)\n"
        + "  --config FILE    pcap-analytics configuration of the SQL functions (default: built-in)\n"
        + "  --conf K=V       Spark configuration (spark.connect.* included)\n"
        + "  --master URL     Spark master (default local[*])\n";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("port", "host", "config", "conf", "master"), Set.of("help"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    if (!a.positional().isEmpty()) throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
    int port = port(a.get("port", String.valueOf(DEFAULT_PORT)));
    String host = a.get("host", "127.0.0.1");
    boolean local = isLoopback(host);
    CommonOptions.config(a); // a bad file is a usage error now, not an error in every client's query

    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.connect.grpc.binding.address", host);
    conf.put("spark.connect.grpc.binding.port", String.valueOf(port));
    // As Spark's own server: each client session has its own artifacts (jars, files, UDF classes).
    conf.put("spark.sql.session.isolateArtifacts", "true");
    conf.put("spark.ui.showConsoleProgress", "false");
    if (a.get("config") != null) {
      conf.put(SessionConfig.CONFIG_KEY, CommonOptions.configFile(a).toAbsolutePath().toString());
    }
    conf.putAll(a.pairs("conf"));
    String extensions = conf.get("spark.sql.extensions");
    String ours = PcapSparkExtensions.class.getName();
    conf.put("spark.sql.extensions", extensions == null || extensions.isBlank() ? ours
        : extensions.contains(ours) ? extensions : extensions + "," + ours);

    SparkSession spark = SparkSessions.create(name(), a.get("master"), conf);
    CountDownLatch stopped = new CountDownLatch(1);
    // Before Spark's own shutdown hook (FileSystem.SHUTDOWN_HOOK_PRIORITY + 30), which stops the context.
    ShutdownHookManager.get().addShutdownHook(() -> {
      LOG.info("stopping the Spark Connect server");
      try {
        SparkConnectService.stop(Option.apply((Object) 10L), Option.apply(TimeUnit.SECONDS));
        spark.stop();
        LOG.info("stopped");
      } finally {
        stopped.countDown();
      }
    }, FileSystem.SHUTDOWN_HOOK_PRIORITY + 40);
    try {
      SparkConnectService.start(spark.sparkContext());
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + Errors.oneLine(e), e);
    }
    // The bound port (differs from --port 0); package-private in Scala, public to Java.
    int bound = SparkConnectService$.MODULE$.localPort();
    String url = "sc://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound;
    LOG.info("Spark Connect server listening on {} ({})", url, local ? "this machine only"
        : "reachable from other machines; Spark Connect does not authenticate clients unless "
            + "spark.connect.authenticate.token is set (docs/interactive.md)");
    out.println(url);
    out.flush();
    stopped.await();
    return 0;
  }

  private static int port(String s) {
    try {
      int p = Integer.parseInt(s.trim());
      if (p >= 0 && p <= 65535) return p;
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException("--port must be a port number (0-65535), not '" + s + "'");
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new UsageException("--host " + host + ": unknown host");
    }
  }
}

package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.spark.LocalSpark;

/**
 * {@code pcap-analytics shell} as a script runner (stdin and {@code --file}), in the tests'
 * shared session, and the cancellation of a running statement.
 */
class ShellCommandTest {
  @TempDir
  Path tmp;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = LocalSpark.get(); // the commands reuse it instead of starting their own
  }

  private static String[] run(InputStream stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InputStream saved = System.in;
    System.setIn(stdin);
    try {
      int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setIn(saved);
    }
  }

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void scriptOnStdinRunsEveryStatementInOrderInOneSession() {
    String script = "-- the views of sql, and a view of our own that later statements use\n"
        + "CREATE OR REPLACE TEMPORARY VIEW refused AS\n"
        + "  SELECT orig_ip, resp_port FROM connections WHERE conn_state = 'REJ';\n"
        + "SELECT * FROM refused; SELECT count(*) AS n,\n"
        + "  count(DISTINCT src_ip) AS hosts FROM packets WHERE src_ip <> ';'\n"
        + ";\n"
        + "\\timing on\n"
        + "SELECT is_internal_ip(orig_ip) AS internal FROM refused";
    String[] r = run(text(script), "shell", "--csv", "--input", Captures.file("tcp_refused_connection.pcapng").toString());
    assertEquals("0", r[0], r[2]);
    assertEquals("orig_ip,resp_port\r\n192.168.100.138,80\r\n"
        + "n,hosts\r\n2,2\r\n"
        + "internal\r\ntrue\r\n", r[1]);
    assertTrue(r[2].contains("Timing is on.\n") && r[2].matches("(?s).*Time: \\d+\\.\\d{3} s\n.*"), r[2]);
  }

  @Test
  void scriptStopsAtTheFirstFailingStatementWithItsLine() throws Exception {
    Path file = tmp.resolve("queries.sql");
    Files.writeString(file, "SELECT count(*) AS names\nFROM packets WHERE dns_qname IS NOT NULL;\n"
        + "\n"
        + "SELECT dns_qname\n  FROM packet;\n"
        + "SELECT 'never run' AS x;\n");
    String[] r = run(text(""), "shell", "--file", file.toString(), "--input", Captures.file("dns_packets.pcap").toString());
    assertEquals("1", r[0]);
    assertEquals("+-------+\n| names |\n+-------+\n| 450   |\n+-------+\n1 row\n\n", r[1]);
    assertTrue(r[2].startsWith(file + ":4: [TABLE_OR_VIEW_NOT_FOUND]") && r[2].contains("`packet`"), r[2]);
    assertEquals(1, r[2].lines().filter(l -> !l.contains(" INFO ")).count(), r[2]);

    Files.writeString(file, "SELECT 1 AS one;\n\\q\nSELECT 2 AS two;\n");
    String[] quit = run(text(""), "shell", "--csv", "--file", file.toString());
    assertEquals("0", quit[0], quit[2]);
    assertEquals("one\r\n1\r\n", quit[1]);

    String[] unknown = run(text("\\timeing\nSELECT 1;\n"), "shell");
    assertEquals("1", unknown[0]);
    assertEquals("stdin:1: unknown command \\timeing (\\help lists them)\n", unknown[2]);
  }

  @Test
  void usageErrors() {
    String[] positional = run(text(""), "shell", "SELECT 1");
    assertEquals("2", positional[0]);
    assertTrue(positional[2].startsWith("pcap-analytics shell: statements come from"), positional[2]);
    String[] missing = run(text(""), "shell", "--file", tmp.resolve("none.sql").toString());
    assertEquals("2", missing[0]);
    assertEquals("pcap-analytics shell: --file " + tmp.resolve("none.sql") + ": no such file\n", missing[2]);
    String[] both = run(text(""), "shell", "--input", "a", "--table", "b");
    assertEquals("2", both[0]);
  }

  @Test
  void cancelStopsTheRunningStatementAndTheShellGoesOn() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SparkContext sc = spark.sparkContext();
    SqlCommand.Views views = SqlCommand.Views.register(spark, Args.parse(new String[0], java.util.Set.of(), java.util.Set.of()),
        java.util.Map.of(), Config.defaults());
    ShellCommand.Shell shell = new ShellCommand.Shell(sc, views, 10, true, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    // minutes of work for two cores, in one job after the range stages
    CompletableFuture<ShellCommand.Outcome> run = CompletableFuture.supplyAsync(() -> shell.execute(
        new SqlScript.Statement("SELECT sum(a.id * b.id) FROM range(0, 3000000) a CROSS JOIN range(0, 3000000) b", 1),
        "stdin:1: "));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sc.statusTracker().getActiveJobIds().length == 0) {
      assertTrue(System.nanoTime() < deadline, "the statement started a job");
      assertFalse(run.isDone(), "the statement runs");
      Thread.sleep(20);
    }
    shell.cancel();
    assertEquals(ShellCommand.Outcome.FAILED, run.get(60, TimeUnit.SECONDS));
    assertEquals("stdin:1: cancelled\n", err.toString(StandardCharsets.UTF_8));
    assertEquals(ShellCommand.Outcome.OK, shell.execute(new SqlScript.Statement("SELECT 1", 2), ""));
    shell.cancel(); // nothing running: no effect on the next statement
    assertEquals(ShellCommand.Outcome.OK, shell.execute(new SqlScript.Statement("SELECT 2", 3), ""));
  }
}

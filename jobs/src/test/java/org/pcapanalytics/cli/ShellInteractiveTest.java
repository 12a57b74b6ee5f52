package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.spark.LocalSpark;

/**
 * The interactive {@code shell} as a user at a terminal drives it: keys typed into a JLine
 * terminal (the system terminal's stand-in), a statement over two lines, an error, Ctrl-C at the
 * prompt and during a statement, Ctrl-D; then what the history file kept.
 */
class ShellInteractiveTest {
  private static final char CTRL_C = 3;
  private static final char CTRL_D = 4;

  @TempDir
  Path tmp;

  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void typedStatementsRunCtrlCDropsTheLineOrCancelsCtrlDQuits() throws Exception {
    SparkSession spark = LocalSpark.get();
    SparkContext sc = spark.sparkContext();
    SqlCommand.Views views = SqlCommand.Views.register(spark, Args.parse(new String[0], Set.of(), Set.of()),
        java.util.Map.of(), Config.defaults());
    ShellCommand.Shell shell = new ShellCommand.Shell(sc, views, 10, false, new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    PipedOutputStream keys = new PipedOutputStream();
    Terminal terminal = TerminalBuilder.builder().system(false).type("xterm").size(new Size(160, 40))
        .streams(new PipedInputStream(keys, 1 << 16), screen).build();
    Path history = tmp.resolve("history");

    CompletableFuture<Integer> status;
    try (LineEditor editor = LineEditor.open(terminal, history, shell::cancel)) {
      status = CompletableFuture.supplyAsync(() -> shell.interactive(editor));
      type(keys, "SELECT 1 +\r  1 AS two;\r");
      await(() -> text(out).contains("| 2   |"), "the two-line statement ran");
      type(keys, "SELECT nope;\r");
      await(() -> text(err).contains("UNRESOLVED_COLUMN"), "the error printed");

      type(keys, "SELECT 'dropped' AS d");
      await(() -> text(screen).contains("'dropped' AS d"), "the line echoed");
      type(keys, String.valueOf(CTRL_C)); // at the prompt: drops the line

      // a long statement; Ctrl-C once its job runs
      type(keys, "SELECT sum(a.id * b.id) FROM range(0, 3000000) a CROSS JOIN range(0, 3000000) b;\r");
      await(() -> sc.statusTracker().getActiveJobIds().length > 0, "the long statement started a job");
      type(keys, String.valueOf(CTRL_C));
      await(() -> text(err).contains("cancelled"), "the statement cancelled");

      type(keys, "SELECT 3 AS three;\r");
      await(() -> text(out).contains("| 3     |"), "the shell went on");
      assertFalse(status.isDone(), "still running");
      type(keys, String.valueOf(CTRL_D));
      assertEquals(0, status.get(60, TimeUnit.SECONDS));
    }

    String results = text(out);
    assertFalse(results.contains("dropped"), results);
    assertEquals(2, results.lines().filter(l -> l.endsWith(" row")).count(), results);
    List<String> errors = text(err).replace("\r\033[K", "").lines().filter(l -> !l.contains(" INFO "))
        .toList();
    assertEquals(3, errors.size(), String.join("\n", errors));
    assertTrue(errors.get(0).startsWith("pcap-analytics shell: statements end with ';'"), errors.get(0));
    assertTrue(errors.get(1).startsWith("[UNRESOLVED_COLUMN"), errors.get(1));
    assertEquals("cancelled", errors.get(2));

    // JLine's history file: one entry per line, "TIME:TEXT" with a statement's newlines escaped
    List<String> kept = Files.readAllLines(history).stream().map(l -> l.substring(l.indexOf(':') + 1)).toList();
    assertEquals(List.of("SELECT 1 +\\n  1 AS two;", "SELECT nope;",
        "SELECT sum(a.id * b.id) FROM range(0, 3000000) a CROSS JOIN range(0, 3000000) b;", "SELECT 3 AS three;"),
        kept);
  }

  private static void type(PipedOutputStream keys, String s) throws IOException {
    keys.write(s.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  private static String text(ByteArrayOutputStream b) {
    synchronized (b) {
      return b.toString(StandardCharsets.UTF_8);
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what);
      Thread.sleep(20);
    }
  }
}

package org.pcapanalytics.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pcapanalytics.config.Config;

/**
 * {@code shell}: one Spark session for many statements, so only the first pays Spark's start —
 * interactive with line editing ({@link LineEditor}), or a script from {@code --file} or stdin.
 */
final class ShellCommand implements Command {
  @Override
  public String name() { return "shell"; }

  @Override
  public String summary() { return "interactive SQL over captures in one warm Spark session (or a script)"; }

  @Override
  public String usage() {
    return "usage: pcap-analytics shell [--input PATH]... | [--table TABLE] [--option K=V]... [--conf K=V]...\n"
        + "                           [--config FILE] [--file SCRIPT] [--csv] [--max-rows N] [--master URL]\n"
        + "\n"
        + "Starts Spark once, registers the views and functions of `sql` (packets, connections; see\n"
        + "`sql --help`), then runs SQL statements, each ended by ';' (a statement may span lines).\n"
        + "\n"
        + "Interactive (stdin is a terminal): line editing, history in ~/.pcap_analytics_history\n"
        + "(PCAP_ANALYTICS_HISTORY names another file), Ctrl-C cancels the running statement or clears\n"
        + "the line, Ctrl-D or \\q quits. An error is printed as one line and the shell goes on.\n"
        + "\n"
        + "Script (--file SCRIPT, or stdin not a terminal: `shell < queries.sql`): the statements run in\n"
        + "order, results on stdout, errors on stderr as SCRIPT:LINE: MESSAGE. The script stops at the\n"
        + "first failing statement with exit status 1 (like spark-sql -f); 0 when every statement ran.\n"
        + "\n"
        + "Shell commands, on a line of their own:\n"
        + HELP
        + "\n"
        + "  --input, --table, --option, --conf, --config, --master: as for `sql`\n"
        + "  --file SCRIPT    run the statements of SCRIPT, then exit\n"
        + "  --csv            results as RFC 4180 CSV (a header line each), nothing else on stdout\n"
        + "  --max-rows N     rows printed as a table per statement (default 1000; CSV prints all)\n";
  }

  private static final String HELP = ""
      + "  \\timing [on|off]  print the time of each statement (on stderr)\n"
      + "  \\help, \\?         this list\n"
      + "  \\q                quit (also Ctrl-D, quit, exit)\n";

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(argv, Set.of("input", "table", "option", "conf", "config", "master", "max-rows", "file"),
        Set.of("help", "csv"));
    if (a.flag("help")) {
      out.print(usage());
      return 0;
    }
    if (!a.positional().isEmpty()) {
      throw new UsageException("statements come from the terminal, stdin or --file (one QUERY: use sql)");
    }
    int maxRows = (int) a.whole("max-rows", 1000, 0, Integer.MAX_VALUE - 1);
    Map<String, String> options = SqlCommand.Views.check(a, name());
    Config config = CommonOptions.config(a);
    options = CommonOptions.withSeed(options, config);
    String file = a.get("file");
    Reader script = file == null ? null : open(file);
    boolean interactive = script == null && LineEditor.stdinIsTerminal();
    try (SparkSessions.Handle session = SparkSessions.open(name(), a.get("master"), a.pairs("conf"))) {
      Shell shell = new Shell(session.spark.sparkContext(), SqlCommand.Views.register(session.spark, a, options, config),
          maxRows,
          a.flag("csv"), out, err);
      if (interactive) {
        try (LineEditor editor = LineEditor.open(shell::cancel)) {
          return shell.interactive(editor);
        }
      }
      if (script == null) script = new InputStreamReader(System.in, StandardCharsets.UTF_8);
      try (BufferedReader in = new BufferedReader(script)) {
        return shell.script(in, file == null ? "stdin" : file);
      }
    }
  }

  private static Reader open(String file) {
    try {
      return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("--file " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("--file " + file + ": " + e.getMessage());
    }
  }

  /** What a statement or shell command came to. */
  enum Outcome { OK, FAILED, QUIT }

  /** Runs statements in one session: prints their results, times them, cancels the running one. */
  static final class Shell {
    private final SparkContext sc;
    private final SqlCommand.Views views;
    private final int maxRows;
    private final boolean csv;
    private final PrintStream out;
    private final PrintStream err;
    private boolean timing;
    /** Whether stderr is (probably) the terminal, where Spark's progress bar may have left a line. */
    private boolean interactive;
    /**
     * Numbers the statements' job groups. Per JVM, not per shell: Spark remembers a group cancelled
     * with its future jobs, so a name must never come back in the same context.
     */
    private static final AtomicLong STATEMENTS = new AtomicLong();
    /** The job group of the running statement, or null. */
    private volatile String running;
    private volatile String cancelled;

    Shell(SparkContext sc, SqlCommand.Views views, int maxRows, boolean csv, PrintStream out, PrintStream err) {
      this.sc = sc;
      this.views = views;
      this.maxRows = maxRows;
      this.csv = csv;
      this.out = out;
      this.err = err;
    }

    /**
     * Reads and runs statements from the editor until \q or Ctrl-D; errors do not end it. The
     * editor's Ctrl-C should call {@link #cancel()}.
     */
    int interactive(LineEditor editor) {
      interactive = true;
      err.println("pcap-analytics shell: statements end with ';'. \\help for help, \\q or Ctrl-D to quit.");
      for (String input = editor.read(); input != null; input = editor.read()) {
        for (SqlScript.Statement st : SqlScript.split(input)) {
          if (execute(st, "") == Outcome.QUIT) return 0;
        }
      }
      return 0;
    }

    /** Runs the statements of a script in order; stops at the first that fails (status 1). */
    int script(BufferedReader in, String source) throws IOException {
      SqlScript script = new SqlScript();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        for (SqlScript.Statement st : script.add(line)) {
          Outcome o = execute(st, source + ":" + st.line() + ": ");
          if (o != Outcome.OK) return o == Outcome.FAILED ? 1 : 0;
        }
      }
      SqlScript.Statement last = script.finish();
      return last == null || execute(last, source + ":" + last.line() + ": ") != Outcome.FAILED ? 0 : 1;
    }

    /** Runs one statement or shell command; an error is one line on stderr, after {@code where}. */
    Outcome execute(SqlScript.Statement st, String where) {
      if (st.isCommand()) return command(st.text(), where);
      String word = st.text().toLowerCase(Locale.ROOT);
      if (word.equals("quit") || word.equals("exit")) return Outcome.QUIT;
      String group = "pcap-analytics-shell-" + STATEMENTS.incrementAndGet();
      // interruptOnCancel: a cancelled task's thread is interrupted, so a task blocked in I/O stops too
      sc.setJobGroup(group, abbreviate(st.text()), true);
      running = group;
      long t0 = System.nanoTime();
      try {
        Dataset<Row> result = views.sql(st.text());
        if (result.columns().length > 0) { // commands (SET, CREATE VIEW, CACHE TABLE) have no result
          if (csv) {
            SqlCommand.Csv.write(SqlCommand.asText(result), out);
          } else {
            SqlCommand.Table.print(SqlCommand.asText(result), maxRows, out);
            out.println();
          }
        }
        out.flush();
        return Outcome.OK;
      } catch (Exception e) {
        out.flush();
        // A failed job leaves Spark's progress bar on the line: carriage return, erase line.
        err.println((interactive ? "\r\033[K" : "") + where
            + (group.equals(cancelled) ? "cancelled" : Errors.oneLine(e)));
        if (System.getenv("PCAP_ANALYTICS_DEBUG") != null) e.printStackTrace(err);
        return Outcome.FAILED;
      } finally {
        running = null;
        sc.clearJobGroup();
        if (timing) err.printf(Locale.ROOT, "Time: %.3f s%n", (System.nanoTime() - t0) / 1e9);
      }
    }

    /**
     * Ctrl-C during a statement: cancels its Spark jobs, also those it has not started yet (a
     * statement may run several). Planning in the driver is not interrupted; its first job is.
     */
    void cancel() {
      String group = running;
      if (group == null) return;
      cancelled = group;
      sc.cancelJobGroupAndFutureJobs(group, "by Ctrl-C");
    }

    private Outcome command(String line, String where) {
      String[] words = line.trim().split("\\s+");
      switch (words[0]) {
        case "\\q", "\\quit" -> {
          return Outcome.QUIT;
        }
        case "\\help", "\\h", "\\?" -> {
          err.print("Statements end with ';' and may span lines. Views: packets, connections; SHOW FUNCTIONS,\n"
              + "DESCRIBE packets, DESCRIBE FUNCTION is_internal_ip. Ctrl-C cancels a running statement.\n" + HELP);
          return Outcome.OK;
        }
        case "\\timing" -> {
          if (words.length > 2 || words.length == 2 && !words[1].matches("(?i)on|off")) {
            err.println(where + "\\timing takes on or off");
            return Outcome.FAILED;
          }
          timing = words.length == 1 ? !timing : words[1].equalsIgnoreCase("on");
          err.println("Timing is " + (timing ? "on." : "off."));
          return Outcome.OK;
        }
        default -> {
          err.println(where + "unknown command " + words[0] + " (\\help lists them)");
          return Outcome.FAILED;
        }
      }
    }

    /** The statement as the Spark UI and logs describe its jobs: one line, cut at 100 characters. */
    private static String abbreviate(String sql) {
      String one = sql.replaceAll("\\s+", " ").trim();
      return one.length() <= 100 ? one : one.substring(0, 99) + "…";
    }
  }
}

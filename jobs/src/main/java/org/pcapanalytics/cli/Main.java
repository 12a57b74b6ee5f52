package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** {@code pcap-analytics COMMAND [OPTIONS]}: the command-line entry point (also the spark-submit main class). */
public final class Main {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    Command[] all = {new DemoCommand(), new SqlCommand(), new ShellCommand(), new ServeCommand(), new ReportCommand(),
        new GenerateCli(), new SummaryCommand(), new ConvertCommand(), new NightlyCommand(), new ExtractCommand()};
    for (Command c : all) COMMANDS.put(c.name(), c);
  }

  private Main() {}

  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    System.out.flush();
    if (System.getProperty("spark.yarn.app.id") != null) {
      // The driver of a YARN cluster-mode application: its ApplicationMaster reports the outcome
      // when main returns or throws, and counts an exit from main, even with 0, as a failure.
      if (rc != 0) throw new IllegalStateException("pcap-analytics: exit status " + rc + " (the lines above say why)");
      return;
    }
    System.exit(rc);
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("usage: pcap-analytics [--verbose] COMMAND [OPTIONS]   (COMMAND --help for details)"
        + "\n\ncommands:\n");
    COMMANDS.values().forEach(c -> sb.append(String.format("  %-10s %s%n", c.name(), c.summary())));
    sb.append("\n--verbose (before or after the command): Spark's own error lines and stack traces on stderr too;\n"
        + "without it a failed run prints one line. Exit status: 0 done, 1 the run failed, 2 bad arguments,\n"
        + "3 the output is locked by another run, 4 no packets to report.\n");
    return sb.toString();
  }

  /** Runs a command line; returns the exit status (0 ok, 1 failure, 2 usage error, 3 locked, 4 no packets). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    boolean verbose = System.getenv("PCAP_ANALYTICS_DEBUG") != null;
    List<String> args = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--")) {
        args.addAll(Arrays.asList(argv).subList(i, argv.length));
        break;
      }
      if (argv[i].equals("--verbose")) verbose = true;
      else args.add(argv[i]);
    }
    if (verbose) ConsoleLog.verbose();
    if (args.isEmpty()) {
      err.print(usage());
      return ExitStatus.USAGE;
    }
    String name = args.get(0);
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      out.print(usage());
      return 0;
    }
    Command c = COMMANDS.get(name);
    if (c == null) {
      err.println("pcap-analytics: unknown command '" + name + "'" + DidYouMean.hint(name, COMMANDS.keySet(), "")
          + " (try --help)");
      return ExitStatus.USAGE;
    }
    try {
      return c.run(args.subList(1, args.size()).toArray(new String[0]), out, err);
    } catch (UsageException e) {
      err.println("pcap-analytics " + c.name() + ": " + e.getMessage());
      return ExitStatus.USAGE;
    } catch (Exception e) {
      String line = "pcap-analytics " + c.name() + ": " + Errors.oneLine(e);
      // with its stack trace, for the log file (conf/log4j2.properties); the console gets the line
      LoggerFactory.getLogger("org.pcapanalytics.cli.Failure").error(line, e);
      err.println(line);
      if (verbose) e.printStackTrace(err);
      return ExitStatus.FAILED;
    }
  }
}

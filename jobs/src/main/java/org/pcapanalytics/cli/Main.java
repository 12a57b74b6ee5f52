package org.pcapanalytics.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code pcap-analytics COMMAND [OPTIONS]}: the command-line entry point (also the spark-submit main class). */
public final class Main {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    Command[] all = {new DemoCommand(), new SqlCommand(), new ReportCommand(), new GenerateCli(), new SummaryCommand(),
        new ConvertCommand(), new NightlyCommand()};
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
    StringBuilder sb = new StringBuilder("usage: pcap-analytics COMMAND [OPTIONS]   (COMMAND --help for details)\n\ncommands:\n");
    COMMANDS.values().forEach(c -> sb.append(String.format("  %-10s %s%n", c.name(), c.summary())));
    return sb.toString();
  }

  /** Runs a command line; returns the exit status (0 ok, 1 failure, 2 usage error). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(usage());
      return 2;
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.print(usage());
      return 0;
    }
    Command c = COMMANDS.get(args[0]);
    if (c == null) {
      err.println("pcap-analytics: unknown command '" + args[0] + "' (try --help)");
      return 2;
    }
    try {
      return c.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    } catch (UsageException e) {
      err.println("pcap-analytics " + c.name() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("pcap-analytics " + c.name() + ": " + Errors.oneLine(e));
      if (System.getenv("PCAP_ANALYTICS_DEBUG") != null) e.printStackTrace(err);
      return 1;
    }
  }
}

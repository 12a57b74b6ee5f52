package org.pcapanalytics.cli;

import java.io.PrintStream;

/** One sub-command of {@code pcap-analytics}. */
interface Command {
  String name();

  /** One line for the command list. */
  String summary();

  /** Full usage text for {@code --help}. */
  String usage();

  /** Runs with the arguments after the command name; returns the exit status. */
  int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}

package org.pcapanalytics.cli;

/** The exit statuses of every command, as the README's table lists them. */
final class ExitStatus {
  private ExitStatus() {}

  /** Done. */
  static final int OK = 0;
  /** The run failed: one line on stderr names the file, offset or query and what is wrong. */
  static final int FAILED = 1;
  /** Bad arguments, option values or configuration (one line on stderr); nothing was run. */
  static final int USAGE = 2;
  /** Another run holds the output's lock; nothing was done. */
  static final int LOCKED = 3;
  /** No packets to report: empty input, or no packets in the day; nothing was written. */
  static final int NO_PACKETS = 4;
}

package org.pcapanalytics.report;

import java.io.IOException;
import java.util.List;

/**
 * One report of {@code pcap-analytics report NAME}: what it is called and how the help describes
 * it, the outputs it writes, what it reads, and how it computes them. {@link ReportRunner} reads
 * the packets once per run with the union of the columns the chosen reports need, assembles the
 * connections only when one of them needs them, and runs each in {@link ReportRegistry} order.
 * Adding a report is one class implementing this, one line in {@link ReportRegistry}, and its
 * test.
 */
public interface Report {
  /** The name on the command line. */
  String name();

  /** Its lines in {@code report --help}, without the name. */
  List<String> description();

  /** What it writes, in the order it writes them (the first is usually named as the report). */
  List<Output> outputs();

  /** The {@code pcap} columns it reads from the packets itself (empty: it reads connections only). */
  List<String> packetColumns();

  /** Whether it reads the connections ({@link ReportRun#connections}). */
  boolean needsConnections();

  /** Computes its outputs and writes each with {@link ReportRun#write}. */
  void run(ReportRun run) throws IOException;
}

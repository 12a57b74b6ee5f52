package org.pcapanalytics.cli;

import org.apache.logging.log4j.LogManager;

/**
 * {@code --verbose}: the console (stderr) also shows stack traces, ERROR lines of Spark and Hadoop
 * and the reports of failed Spark tasks, which {@code conf/log4j2.properties} leaves out by
 * default (a failed run prints one line). It sets the system properties that configuration reads
 * and, when logging is already configured (a command run inside another application), has log4j
 * read it again. Under another logging configuration (a cluster's) the properties do nothing.
 */
final class ConsoleLog {
  private ConsoleLog() {}

  static final String MOST_SEVERE = "pcap.analytics.console.mostSevere";
  static final String STACK_TRACES = "pcap.analytics.console.stackTraces";
  static final String TASK_FAILURES = "pcap.analytics.console.taskFailures";

  static void verbose() {
    System.setProperty(MOST_SEVERE, "fatal");
    System.setProperty(STACK_TRACES, "true");
    System.setProperty(TASK_FAILURES, "all");
    try {
      if (LogManager.getContext(false) instanceof org.apache.logging.log4j.core.LoggerContext c) c.reconfigure();
    } catch (LinkageError e) {
      // log4j-core absent: another logging implementation, configured elsewhere
    }
  }
}

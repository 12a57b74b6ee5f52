package org.pcapanalytics.cli;

/** Turns an exception (often wrapped by Spark) into the one line a user needs. */
final class Errors {
  private Errors() {}

  static String oneLine(Throwable e) {
    Throwable root = e;
    // Spark wraps task failures; the innermost of our own or an I/O exception says what happened.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.pcapanalytics.io.MalformedCaptureException || t instanceof java.io.FileNotFoundException
          || t instanceof org.apache.spark.sql.AnalysisException) {
        root = t;
        break;
      }
      root = t;
      if (t.getCause() == t) break;
    }
    String m = root.getMessage();
    if (m == null || m.isBlank()) m = root.getClass().getSimpleName();
    if (root instanceof org.apache.spark.sql.AnalysisException) {
      m = ((org.apache.spark.sql.AnalysisException) root).getSimpleMessage();
    }
    int nl = m.indexOf('\n');
    return (nl > 0 ? m.substring(0, nl) : m).trim();
  }
}

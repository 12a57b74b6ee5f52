package org.pcapanalytics.io;

/**
 * What a read counts, each counter declared once with the name every consumer shows it under:
 * the Hadoop counter (group {@link CaptureRecordReader#COUNTER_GROUP}), the Spark custom metric
 * and its description (summed on the scan node, read back by {@code PcapReadStats}), the key in
 * a report's {@code readStats} JSON and the column of the {@code summary} report. A null name:
 * not shown there. {@link ReadCounters} holds one value per counter, in this order.
 *
 * <p>The framing reader counts the counters that have a Hadoop counter; the data source, which
 * decodes, counts the last two.
 */
public enum ReadCounter {
  // problem, Hadoop counter, JSON key, Spark metric, its description, summary column
  RECORDS(false, "records", "records", "pcapRecords", "capture records read", "records_read"),
  /** Bytes of file framing the records returned (headers and data). */
  RECORD_BYTES(false, "recordBytes", null, null, null, null),
  SKIPPED_BYTES(true, "skippedBytes", "skippedBytes", "pcapSkippedBytes", "malformed capture bytes skipped",
      "skipped_bytes"),
  RESYNCS(true, "resyncs", "resyncs", "pcapResyncs", "times the record chain was lost and found again", "resyncs"),
  TRUNCATED_RECORDS(true, "truncatedRecords", "truncatedRecords", "pcapTruncatedRecords",
      "records cut off by the end of a file", "truncated_records"),
  BAD_RECORDS(true, "badRecords", "badRecords", "pcapBadRecords", "well-framed records that could not be returned",
      "bad_records"),
  FILES_NOT_CAPTURE(true, "filesNotCapture", "filesNotCapture", "pcapFilesNotCapture",
      "files that are not captures (skipped)", "files_not_capture"),
  /**
   * Captures not read to their end because what follows cannot be read (ignoreCorruptFiles): a
   * damaged file or section header, a corrupt or truncated compressed stream.
   */
  CORRUPT_FILES(true, "corruptFiles", "corruptFiles", "pcapCorruptFiles",
      "captures not read to the end: damaged header or compressed stream (skipped)", "corrupt_files"),
  DECODE_ERRORS(true, null, "decodeErrors", "pcapDecodeErrors", "packets with a decode error", "decode_errors"),
  DROPPED_MALFORMED_ROWS(false, null, null, "pcapDroppedMalformedRows", "rows dropped by mode DROPMALFORMED",
      "dropped_malformed_rows");

  private final boolean problem;
  private final String hadoopCounter;
  private final String jsonKey;
  private final String metricName;
  private final String metricDescription;
  private final String summaryColumn;

  ReadCounter(boolean problem, String hadoopCounter, String jsonKey, String metricName, String metricDescription,
      String summaryColumn) {
    this.problem = problem;
    this.hadoopCounter = hadoopCounter;
    this.jsonKey = jsonKey;
    this.metricName = metricName;
    this.metricDescription = metricDescription;
    this.summaryColumn = summaryColumn;
  }

  /** Whether a non-zero count means malformed input was met (skipped, or rows with a decode error). */
  public boolean problem() {
    return problem;
  }

  /** Name of the Hadoop counter, or null when the framing reader does not count it. */
  public String hadoopCounter() {
    return hadoopCounter;
  }

  /** Key in the {@code readStats} object of a report's {@code _summary.json}, or null. */
  public String jsonKey() {
    return jsonKey;
  }

  /** Name of the Spark custom metric, or null. */
  public String metricName() {
    return metricName;
  }

  public String metricDescription() {
    return metricDescription;
  }

  /** Column of the {@code summary} report, or null. */
  public String summaryColumn() {
    return summaryColumn;
  }
}

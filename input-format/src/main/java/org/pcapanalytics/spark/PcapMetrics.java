package org.pcapanalytics.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.pcapanalytics.io.ReadCounters;

/**
 * What the readers saw, as Spark custom metrics: summed over tasks, shown on the scan node in
 * the SQL UI and in {@code EXPLAIN}-able plans, and read back by {@link PcapReadStats}.
 */
final class PcapMetrics {
  private PcapMetrics() {}

  static final String RECORDS = "pcapRecords";
  static final String SKIPPED_BYTES = "pcapSkippedBytes";
  static final String RESYNCS = "pcapResyncs";
  static final String TRUNCATED_RECORDS = "pcapTruncatedRecords";
  static final String BAD_RECORDS = "pcapBadRecords";
  static final String NOT_CAPTURE = "pcapFilesNotCapture";
  static final String DECODE_ERRORS = "pcapDecodeErrors";
  static final String DROPPED_ROWS = "pcapDroppedMalformedRows";

  static final String[][] ALL = {
      {RECORDS, "capture records read"},
      {SKIPPED_BYTES, "malformed capture bytes skipped"},
      {RESYNCS, "times the record chain was lost and found again"},
      {TRUNCATED_RECORDS, "records cut off by the end of a file"},
      {BAD_RECORDS, "well-framed records that could not be returned"},
      {NOT_CAPTURE, "files that are not captures (skipped)"},
      {DECODE_ERRORS, "packets with a decode error"},
      {DROPPED_ROWS, "rows dropped by mode DROPMALFORMED"},
  };

  /** A summed metric; the class must have a no-arg constructor for Spark to instantiate it. */
  public static final class Sum extends CustomSumMetric {
    private final String name;
    private final String description;

    public Sum() {
      this("unknown", "");
    }

    Sum(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public String name() { return name; }

    @Override
    public String description() { return description; }
  }

  static CustomMetric[] supported() {
    CustomMetric[] m = new CustomMetric[ALL.length];
    for (int i = 0; i < ALL.length; i++) m[i] = new Sum(ALL[i][0], ALL[i][1]);
    return m;
  }

  static CustomTaskMetric task(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() { return name; }

      @Override
      public long value() { return value; }
    };
  }

  static CustomTaskMetric[] of(ReadCounters c, long decodeErrors, long droppedRows) {
    return new CustomTaskMetric[] {
        task(RECORDS, c.records()), task(SKIPPED_BYTES, c.skippedBytes()), task(RESYNCS, c.resyncs()),
        task(TRUNCATED_RECORDS, c.truncatedRecords()), task(BAD_RECORDS, c.badRecords()),
        task(NOT_CAPTURE, c.filesNotCapture()), task(DECODE_ERRORS, decodeErrors), task(DROPPED_ROWS, droppedRows)};
  }
}

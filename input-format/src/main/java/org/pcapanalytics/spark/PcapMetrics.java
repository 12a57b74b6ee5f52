package org.pcapanalytics.spark;

import java.util.Arrays;
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
  static final String CORRUPT_FILES = "pcapCorruptFiles";

  static final String[][] ALL = {
      {RECORDS, "capture records read"},
      {SKIPPED_BYTES, "malformed capture bytes skipped"},
      {RESYNCS, "times the record chain was lost and found again"},
      {TRUNCATED_RECORDS, "records cut off by the end of a file"},
      {BAD_RECORDS, "well-framed records that could not be returned"},
      {NOT_CAPTURE, "files that are not captures (skipped)"},
      {DECODE_ERRORS, "packets with a decode error"},
      {DROPPED_ROWS, "rows dropped by mode DROPMALFORMED"},
      {CORRUPT_FILES, "captures not read to the end: damaged header or compressed stream (skipped)"},
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

  /**
   * One reader's metric values for Spark. Spark asks every 100 rows and keeps the last value set
   * for each name, so only the values that changed since it last asked are handed over (all of
   * them the first time): answering with all eight, each a new object looked up by name, was 7 %
   * of a scan's task CPU (15 % of {@code count(*)}'s). The objects handed over are reused: Spark
   * reads them before it asks again.
   */
  static final class Reporter {
    private final long[] last = new long[ALL.length];
    private final long[] now = new long[ALL.length];
    private final Value[] values = new Value[ALL.length];
    /** Reused answers, by the number of values that changed. */
    private final CustomTaskMetric[][] answers = new CustomTaskMetric[ALL.length + 1][];

    Reporter() {
      Arrays.fill(last, -1); // counters are never negative: the first answer has all of them
      for (int i = 0; i < ALL.length; i++) values[i] = new Value(ALL[i][0]);
      for (int n = 0; n <= ALL.length; n++) answers[n] = new CustomTaskMetric[n];
    }

    CustomTaskMetric[] changed(ReadCounters c, long decodeErrors, long droppedRows) {
      // in the order of ALL
      now[0] = c.records();
      now[1] = c.skippedBytes();
      now[2] = c.resyncs();
      now[3] = c.truncatedRecords();
      now[4] = c.badRecords();
      now[5] = c.filesNotCapture();
      now[6] = decodeErrors;
      now[7] = droppedRows;
      now[8] = c.corruptFiles();
      int n = 0;
      for (int i = 0; i < now.length; i++) if (now[i] != last[i]) n++;
      CustomTaskMetric[] answer = answers[n];
      int k = 0;
      for (int i = 0; i < now.length; i++) {
        if (now[i] == last[i]) continue;
        last[i] = now[i];
        values[i].value = now[i];
        answer[k++] = values[i];
      }
      return answer;
    }
  }

  /** A task metric whose value changes in place. */
  private static final class Value implements CustomTaskMetric {
    private final String name;
    long value;

    Value(String name) {
      this.name = name;
    }

    @Override
    public String name() { return name; }

    @Override
    public long value() { return value; }
  }
}

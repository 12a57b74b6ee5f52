package org.pcapanalytics.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a reader saw: records, bytes and the malformed input it skipped. Summed over splits by
 * the job (Hadoop counters, Spark task metrics). Keeps the first few problems verbatim.
 */
public final class ReadCounters implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Problems kept verbatim per reader; the counts below are exact regardless. */
  public static final int MAX_PROBLEMS = 100;

  long records;
  long recordBytes;
  long skippedBytes;
  long resyncs;
  long truncatedRecords;
  long badRecords;
  long filesNotCapture;
  long corruptFiles;
  private final List<String> problems = new ArrayList<>();

  /** Packet records returned. */
  public long records() { return records; }

  /** Bytes of file framing those records (headers and data). */
  public long recordBytes() { return recordBytes; }

  /** Bytes skipped as malformed (corrupt regions, truncated tails, bad records). */
  public long skippedBytes() { return skippedBytes; }

  /** Times the reader lost the record chain and found it again. */
  public long resyncs() { return resyncs; }

  /** Records cut off by the end of the file. */
  public long truncatedRecords() { return truncatedRecords; }

  /** Well-framed records that cannot be returned (e.g. a packet on an interface with no IDB). */
  public long badRecords() { return badRecords; }

  /** Files that are not captures at all. */
  public long filesNotCapture() { return filesNotCapture; }

  /**
   * Captures not read to their end because what follows cannot be read (ignoreCorruptFiles): a
   * damaged file or section header, a corrupt or truncated compressed stream.
   */
  public long corruptFiles() { return corruptFiles; }

  public List<String> problems() { return Collections.unmodifiableList(problems); }

  void problem(String message) {
    if (problems.size() < MAX_PROBLEMS) problems.add(message);
  }

  public boolean hasProblems() {
    return skippedBytes > 0 || resyncs > 0 || truncatedRecords > 0 || badRecords > 0 || filesNotCapture > 0
        || corruptFiles > 0;
  }

  public void add(ReadCounters o) {
    addCounts(o);
    for (String p : o.problems) problem(p);
  }

  /** Adds the counts only, not the problem messages. */
  public void addCounts(ReadCounters o) {
    records += o.records;
    recordBytes += o.recordBytes;
    skippedBytes += o.skippedBytes;
    resyncs += o.resyncs;
    truncatedRecords += o.truncatedRecords;
    badRecords += o.badRecords;
    filesNotCapture += o.filesNotCapture;
    corruptFiles += o.corruptFiles;
  }

  @Override
  public String toString() {
    return "records=" + records + " bytes=" + recordBytes + " skippedBytes=" + skippedBytes + " resyncs=" + resyncs
        + " truncatedRecords=" + truncatedRecords + " badRecords=" + badRecords + " filesNotCapture=" + filesNotCapture
        + " corruptFiles=" + corruptFiles;
  }
}

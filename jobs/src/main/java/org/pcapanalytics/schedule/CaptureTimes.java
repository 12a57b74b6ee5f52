package org.pcapanalytics.schedule;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.PacketRecord;

/**
 * The time span of a capture file, read cheaply: the timestamps of its first records (from the
 * head) and of its last ones (a bounded scan of the tail, where the reader finds record
 * boundaries as a split reader does). A file is then picked for a time window when
 * {@code [first - slack, last + slack]} meets the window; the slack covers records out of time
 * order (merged captures). Whatever cannot be read this way — a compressed file has no seekable
 * tail, a file that is not a capture no timestamps — counts as unknown, and unknown means
 * "include": the reader's time filter then drops the rows outside the window, and a file that is
 * not a capture fails the run (or is skipped with {@code ignoreCorruptFiles}) as it would without
 * the selection.
 */
public final class CaptureTimes {
  /** Bytes read from the head for the first timestamps, and from the end for the last ones. */
  static final long HEAD_BYTES = 256 << 10;
  static final long TAIL_BYTES = 1 << 20;
  /** Records of the head whose earliest timestamp counts as the file's first. */
  private static final int HEAD_RECORDS = 256;

  public final FileStatus file;
  /** Earliest timestamp seen in the head, ns; null when unknown. */
  public final Long firstNs;
  /** Latest timestamp seen in the tail, ns; null when unknown. */
  public final Long lastNs;
  /** The file has no records at all (empty, or a header only). */
  public final boolean empty;
  /** Why a bound is unknown, or null. */
  public final String note;

  private CaptureTimes(FileStatus file, Long firstNs, Long lastNs, boolean empty, String note) {
    this.file = file;
    this.firstNs = firstNs;
    this.lastNs = lastNs;
    this.empty = empty;
    this.note = note;
  }

  /** Whether the file may hold packets in {@code [fromNs, toNs)}: unknown bounds say yes. */
  public boolean overlaps(long fromNs, long toNs, long slackNs) {
    if (empty) return false;
    boolean startsBeforeEnd = firstNs == null || firstNs - slackNs < toNs;
    boolean endsAfterStart = lastNs == null || lastNs + slackNs >= fromNs;
    return startsBeforeEnd && endsAfterStart;
  }

  /** Reads the head and tail of one file. */
  public static CaptureTimes probe(Configuration conf, FileStatus f) {
    long len = f.getLen();
    Long first;
    Long last = null;
    String note = null;
    long[] head;
    try {
      // a small file is read whole: its first and last timestamps are then exact
      head = scan(conf, f, 0, len <= TAIL_BYTES ? len : HEAD_BYTES, len <= TAIL_BYTES ? Integer.MAX_VALUE : HEAD_RECORDS);
    } catch (IOException | RuntimeException e) {
      return new CaptureTimes(f, null, null, false, "head unreadable (" + e.getClass().getSimpleName() + ")");
    }
    if (head[2] == 0) {
      // no record in the head: empty or header-only when the whole file was read; else unknown
      boolean whole = len <= TAIL_BYTES;
      return new CaptureTimes(f, null, null, whole, whole ? "no records" : "no timestamps in the head");
    }
    first = head[0] != Long.MAX_VALUE ? head[0] : null;
    if (len <= TAIL_BYTES) {
      last = head[1] != Long.MIN_VALUE ? head[1] : null;
    } else {
      try {
        long[] tail = scan(conf, f, len - TAIL_BYTES, TAIL_BYTES, Integer.MAX_VALUE);
        if (tail[1] != Long.MIN_VALUE) last = tail[1];
        else note = "no timestamps in the tail";
      } catch (IOException | RuntimeException e) {
        note = "tail unreadable (" + e.getClass().getSimpleName() + ", e.g. compressed)";
      }
    }
    if (first == null && note == null) note = "no timestamps in the head";
    return new CaptureTimes(f, first, last, false, note);
  }

  /** {min ts, max ts, records} of the records starting in [start, start+length), at most maxRecords. */
  private static long[] scan(Configuration conf, FileStatus f, long start, long length, int maxRecords)
      throws IOException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long n = 0;
    try (CaptureReader r = CaptureReader.open(conf, f.getPath(), start, length, f.getLen(),
        new CaptureReader.Options())) {
      PacketRecord rec = new PacketRecord();
      while (n < maxRecords && r.next(rec)) {
        n++;
        if (!rec.hasTimestamp()) continue;
        min = Math.min(min, rec.timestampNanos());
        max = Math.max(max, rec.timestampNanos());
      }
    }
    return new long[] {min, max, n};
  }

  /** Probes the files in parallel (their opens are round trips on HDFS and object stores). */
  public static List<CaptureTimes> probeAll(Configuration conf, List<FileStatus> files) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(8, files.size())), r -> {
      Thread t = new Thread(r, "capture-times");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<CaptureTimes>> futures = new ArrayList<>();
      for (FileStatus f : files) futures.add(pool.submit(() -> probe(conf, f)));
      List<CaptureTimes> out = new ArrayList<>();
      for (Future<CaptureTimes> fu : futures) {
        try {
          out.add(fu.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while reading capture times", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return file.getPath() + " [" + (firstNs == null ? "?" : java.time.Instant.ofEpochSecond(0, firstNs)) + " .. "
        + (lastNs == null ? "?" : java.time.Instant.ofEpochSecond(0, lastNs)) + "]" + (note == null ? "" : " " + note);
  }
}

package org.pcapanalytics.io;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/** Reads the ranges of a {@link CaptureSplit} one after another with {@link CaptureReader}. */
public final class CaptureRecordReader extends RecordReader<LongWritable, PacketRecord> {
  /** Hadoop counter group for what the readers saw. */
  public static final String COUNTER_GROUP = "pcap";
  /** Bisection stops at this many bytes: each step reads about one buffer (4 MiB). */
  static final long SKIP_GRAIN = 8L << 20;
  /** What {@link #firstRecordAt} found. */
  private static final int BEFORE = 1;
  private static final int NOT_BEFORE = 0;
  private static final int UNKNOWN = -1;

  private final LongWritable key = new LongWritable();
  private final PacketRecord value = new PacketRecord();
  private final ReadCounters total = new ReadCounters();
  /** Files not read to their end (ignoreCorruptFiles): path → where and why. */
  private final Map<String, String> skippedFiles = new LinkedHashMap<>();
  private CaptureSplit split;
  private Configuration conf;
  private CaptureReader.Options options;
  private TaskAttemptContext context;
  private CaptureReader reader;
  private int chunk = -1;
  private long doneBytes;
  /** Ranges whose records all come before this are not read (see {@link #skipRangesBefore}). */
  private long skipBeforeNs = Long.MIN_VALUE;
  private long skipGrain;
  private final PacketRecord peeked = new PacketRecord();

  @Override
  public void initialize(InputSplit s, TaskAttemptContext ctx) {
    initialize((CaptureSplit) s, ctx.getConfiguration(), CaptureReader.Options.from(ctx.getConfiguration()));
    this.context = ctx;
  }

  /**
   * For callers without a Hadoop task (the Spark data source), with the options as a value rather
   * than in {@code c} ({@code c} is for the file systems). The reader works on its own copy.
   */
  public void initialize(CaptureSplit s, Configuration c, CaptureReader.Options o) {
    this.split = s;
    this.conf = c;
    this.options = o.copy();
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    while (true) {
      if (reader == null && !openNext()) return false;
      if (reader.next(value)) {
        key.set(value.offset());
        return true;
      }
      finishCurrent();
    }
  }

  /** Leaves the rest of the current file's range unread; the next record comes from the next file. */
  public void skipRestOfFile() throws IOException {
    finishCurrent();
  }

  /**
   * For files whose records are in time order: records before {@code ns} are not read where that
   * can be known without reading them. A range (a split of a file) whose next record after it is
   * earlier is skipped whole; a range the window starts in is read from near the window's start,
   * found by bisection on the first record after a position (a few lookback walks, each reading
   * one buffer, instead of the whole range). Nothing at or after {@code ns} is missed.
   */
  public void skipRangesBefore(long ns) {
    skipRangesBefore(ns, SKIP_GRAIN);
  }

  /** The same, bisecting down to {@code grainBytes} (tests use small grains on small files). */
  void skipRangesBefore(long ns, long grainBytes) {
    this.skipBeforeNs = ns;
    this.skipGrain = Math.max(1, grainBytes);
  }

  private boolean openNext() throws IOException {
    while (chunk + 1 < split.chunks()) {
      chunk++;
      options.sections(split.sections(chunk));
      long start = split.start(chunk);
      long end = start + split.length(chunk);
      long from = skipBeforeNs == Long.MIN_VALUE ? start : firstToRead(chunk, start, end);
      if (from >= end) {
        doneBytes += split.length(chunk);
        continue;
      }
      reader = CaptureReader.open(conf, new Path(split.path(chunk)), from, end - from, split.fileLength(chunk),
          options);
      return true;
    }
    return false;
  }

  /**
   * Where to start reading range {@code c}: {@code start}, a later position whose next record is
   * still before {@link #skipBeforeNs} (so every record before that position is too), or
   * {@code end} when the record after the range is.
   */
  private long firstToRead(int c, long start, long end) {
    if (firstRecordAt(c, start) != BEFORE) return start;
    if (firstRecordAt(c, end) == BEFORE) return end;
    long lo = start; // reading from lo misses nothing
    long hi = end;
    while (hi - lo > skipGrain) {
      long mid = lo + (hi - lo) / 2;
      int at = firstRecordAt(c, mid);
      if (at == UNKNOWN) break; // e.g. a compressed file, which cannot be entered mid-way
      if (at == BEFORE) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Whether the first record at or after {@code pos} in range c's file is earlier than the skip
   * time: {@link #BEFORE}, {@link #NOT_BEFORE}, or {@link #UNKNOWN} (no such record, no
   * timestamp, or the file cannot be read there).
   */
  private int firstRecordAt(int c, long pos) {
    long fileLength = split.fileLength(c);
    if (pos >= fileLength) return UNKNOWN;
    // its own reader, whose counts are not ours: it reads what the split starting at pos would
    try (CaptureReader next = CaptureReader.open(conf, new Path(split.path(c)), pos, fileLength - pos, fileLength,
        options)) {
      if (!next.next(peeked) || !peeked.hasTimestamp()) return UNKNOWN;
      return peeked.timestampNanos() < skipBeforeNs ? BEFORE : NOT_BEFORE;
    } catch (IOException | RuntimeException e) {
      return UNKNOWN; // read the range itself: its reader reports whatever is wrong there
    }
  }

  private void finishCurrent() throws IOException {
    if (reader == null) return;
    try {
      reader.close();
    } finally {
      total.add(reader.counters());
      if (reader.skipped() != null) skippedFiles.putIfAbsent(reader.file(), reader.skipped());
      doneBytes += split.length(chunk);
      reader = null;
    }
  }

  @Override
  public LongWritable getCurrentKey() { return key; }

  @Override
  public PacketRecord getCurrentValue() { return value; }

  @Override
  public float getProgress() {
    long len = Math.max(1, split.getLength());
    float current = reader == null ? 0f : reader.progress() * split.length(chunk);
    return Math.min(1f, (doneBytes + current) / len);
  }

  /**
   * The files of the ranges finished so far that were not read to their end because what followed
   * could not be read (ignoreCorruptFiles): path → "at offset N: what is wrong".
   */
  public Map<String, String> skippedFiles() { return Collections.unmodifiableMap(skippedFiles); }

  /** Counters of the ranges finished so far (all of them after {@link #close()}). */
  public ReadCounters counters() { return total; }

  /** Counts including the range being read now (a new object without problem messages; for periodic metrics). */
  public ReadCounters liveCounters() {
    ReadCounters c = new ReadCounters();
    c.addCounts(total);
    if (reader != null) c.addCounts(reader.counters());
    return c;
  }

  @Override
  public void close() throws IOException {
    try {
      finishCurrent();
    } finally {
      chunk = split == null ? 0 : split.chunks();
      if (context != null) publish();
    }
  }

  private void publish() {
    for (ReadCounter c : ReadCounter.values()) {
      if (c.hadoopCounter() != null) context.getCounter(COUNTER_GROUP, c.hadoopCounter()).increment(total.get(c));
    }
    context = null;
  }
}

package org.pcapanalytics.io;

import java.io.IOException;
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

  private final LongWritable key = new LongWritable();
  private final PacketRecord value = new PacketRecord();
  private final ReadCounters total = new ReadCounters();
  private CaptureSplit split;
  private Configuration conf;
  private CaptureReader.Options options;
  private TaskAttemptContext context;
  private CaptureReader reader;
  private int chunk = -1;
  private long doneBytes;

  @Override
  public void initialize(InputSplit s, TaskAttemptContext ctx) {
    initialize((CaptureSplit) s, ctx.getConfiguration());
    this.context = ctx;
  }

  /** For callers without a Hadoop task (the Spark data source). */
  public void initialize(CaptureSplit s, Configuration c) {
    this.split = s;
    this.conf = c;
    this.options = CaptureReader.Options.from(c);
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

  private boolean openNext() throws IOException {
    if (chunk + 1 >= split.chunks()) return false;
    chunk++;
    options.sections(split.sections(chunk));
    reader = CaptureReader.open(conf, new Path(split.path(chunk)), split.start(chunk), split.length(chunk),
        split.fileLength(chunk), options);
    return true;
  }

  private void finishCurrent() throws IOException {
    if (reader == null) return;
    try {
      reader.close();
    } finally {
      total.add(reader.counters());
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
    context.getCounter(COUNTER_GROUP, "records").increment(total.records());
    context.getCounter(COUNTER_GROUP, "recordBytes").increment(total.recordBytes());
    context.getCounter(COUNTER_GROUP, "skippedBytes").increment(total.skippedBytes());
    context.getCounter(COUNTER_GROUP, "resyncs").increment(total.resyncs());
    context.getCounter(COUNTER_GROUP, "truncatedRecords").increment(total.truncatedRecords());
    context.getCounter(COUNTER_GROUP, "badRecords").increment(total.badRecords());
    context.getCounter(COUNTER_GROUP, "filesNotCapture").increment(total.filesNotCapture());
    context = null;
  }
}

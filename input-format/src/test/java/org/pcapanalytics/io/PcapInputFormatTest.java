package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.StatusReporter;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getSplits and the Hadoop record reader over real files. */
class PcapInputFormatTest {
  @TempDir
  Path tmp;

  static byte[] capture(int records, int seed) {
    PcapBuilder b = new PcapBuilder(true, false, 1, 2048);
    for (int i = 0; i < records; i++) {
      b.record(1_700_000_000L + i, (i * 7919L) % 1_000_000, PcapBuilder.filler(60 + (i * 37 + seed) % 1400, seed + i));
    }
    return b.bytes();
  }

  /** All (file, offset) pairs the format returns for the job's inputs. */
  static List<String> readAll(Configuration conf, List<InputSplit> splits) throws Exception {
    List<String> out = new ArrayList<>();
    PcapInputFormat format = new PcapInputFormat();
    for (InputSplit s : splits) {
      TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(conf, new TaskAttemptID());
      try (CaptureRecordReader r = (CaptureRecordReader) format.createRecordReader(s, ctx)) {
        r.initialize(s, ctx);
        while (r.nextKeyValue()) {
          assertEquals(r.getCurrentKey().get(), r.getCurrentValue().offset());
          out.add(r.getCurrentValue().file() + "@" + r.getCurrentKey().get() + "/" + r.getCurrentValue().caplen());
        }
      }
    }
    return out;
  }

  static List<InputSplit> splits(Configuration conf, String... inputs) throws IOException {
    Job job = Job.getInstance(conf);
    for (String in : inputs) FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(in));
    return new PcapInputFormat().getSplits(job);
  }

  @Test
  void thousandsOfSmallFilesArePackedIntoFewSplits() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("many"));
    int expectedRecords = 0;
    for (int i = 0; i < 1000; i++) {
      Files.write(dir.resolve(String.format("cap-%04d.pcap", i)), capture(3 + i % 5, i));
      expectedRecords += 3 + i % 5;
    }
    Files.write(dir.resolve("_SUCCESS"), new byte[0]);
    Configuration conf = new Configuration();
    conf.setLong(PcapInputFormat.PACK_BYTES, 8L << 20);
    conf.setLong(PcapInputFormat.OPEN_COST, 64L << 10);
    List<InputSplit> splits = splits(conf, dir.toUri().toString());
    assertTrue(splits.size() <= 10, splits.size() + " splits for 1000 small files");
    List<String> records = readAll(conf, splits);
    assertEquals(expectedRecords, records.size());
    assertEquals(records.size(), new HashSet<>(records).size(), "no record twice");
  }

  @Test
  void aLargeFileIsSplitAndReadExactlyOnce() throws Exception {
    byte[] data = capture(6000, 7);
    Path f = tmp.resolve("big.pcap");
    Files.write(f, data);
    Configuration conf = new Configuration();
    conf.setLong(PcapInputFormat.SPLIT_SIZE, 256 << 10);
    conf.setLong(PcapInputFormat.PACK_BYTES, 256 << 10);
    List<InputSplit> splits = splits(conf, f.toUri().toString());
    int expected = 1;
    for (long rest = data.length; rest > (256 << 10) * 1.1; rest -= 256 << 10) expected++;
    assertEquals(expected, splits.size(), "ranges of 256 KiB, a tail under 10% folded into the last");
    List<String> records = readAll(conf, splits);
    List<String> whole = new ArrayList<>();
    for (Rec r : Captures.read(data, 0, data.length, Captures.small())) {
      whole.add("file:" + f + "@" + r.offset + "/" + r.caplen);
    }
    assertEquals(whole, records);
  }

  @Test
  void compressedFilesAreOneSplitAndRecursiveLookupWorks() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a/b/c"));
    byte[] data = capture(3000, 3);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(bos)) {
      z.write(data);
    }
    Files.write(dir.resolve("x.pcap.gz"), bos.toByteArray());
    Files.write(dir.resolve("y.cap"), bos.toByteArray()); // gzip without the suffix
    Configuration conf = new Configuration();
    conf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
    conf.setLong(PcapInputFormat.SPLIT_SIZE, 4096);
    conf.setLong(PcapInputFormat.PACK_BYTES, 4096);
    List<InputSplit> splits = splits(conf, tmp.resolve("a").toUri().toString());
    assertEquals(2, splits.size());
    assertEquals(6000, readAll(conf, splits).size());
  }

  @Test
  void readersPublishTheirCountsAsHadoopCounters() throws Exception {
    byte[] data = capture(200, 5);
    int cut = 10;
    Path f = tmp.resolve("cut.pcap");
    Files.write(f, Arrays.copyOf(data, data.length - cut));
    Configuration conf = new Configuration();
    conf.set(PcapInputFormat.MODE, "PERMISSIVE");
    Counters counters = new Counters();
    StatusReporter reporter = new StatusReporter() {
      @Override
      public Counter getCounter(Enum<?> name) { return counters.findCounter(name); }

      @Override
      public Counter getCounter(String group, String name) { return counters.findCounter(group, name); }

      @Override
      public void progress() {}

      @Override
      public float getProgress() { return 0; }

      @Override
      public void setStatus(String status) {}
    };
    int records = 0;
    for (InputSplit s : splits(conf, f.toUri().toString())) {
      TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
      try (RecordReader<?, PacketRecord> r = new PcapInputFormat().createRecordReader(s, ctx)) {
        r.initialize(s, ctx);
        while (r.nextKeyValue()) records++;
      }
    }
    assertEquals(199, records, "the last record is cut short");
    CounterGroup g = counters.getGroup(CaptureRecordReader.COUNTER_GROUP);
    Set<String> names = new HashSet<>();
    for (Counter c : g) names.add(c.getName());
    assertEquals(Set.of("records", "recordBytes", "skippedBytes", "resyncs", "truncatedRecords", "badRecords",
        "filesNotCapture", "corruptFiles"), names);
    assertEquals(199, g.findCounter("records").getValue());
    assertEquals(1, g.findCounter("truncatedRecords").getValue());
    long last = 16 + PcapBuilder.filler(60 + (199 * 37 + 5) % 1400, 5 + 199).length;
    assertEquals(last - cut, g.findCounter("skippedBytes").getValue());
    assertEquals(data.length - 24 - last, g.findCounter("recordBytes").getValue());
    assertEquals(0, g.findCounter("resyncs").getValue() + g.findCounter("badRecords").getValue()
        + g.findCounter("filesNotCapture").getValue() + g.findCounter("corruptFiles").getValue());
  }

  @Test
  void splitsSurviveWritableRoundTrip() throws Exception {
    CaptureSplit s = new CaptureSplit(new String[] {"file:/a", "hdfs://nn/b"}, new long[] {0, 5L << 32},
        new long[] {10, 20}, new long[] {10, 6L << 32}, new String[] {"h1"});
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    s.write(out);
    org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    CaptureSplit back = new CaptureSplit();
    back.readFields(in);
    assertEquals(s, back);
    assertEquals(5L << 32, back.start(1));
    Set<String> none = Set.of(back.getLocations());
    assertTrue(none.isEmpty());
  }
}

package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pcapng file whose second section has the same byte order and interface numbers as the first
 * but another link type and time resolution, and is far longer than a reader's lookback: nothing
 * a split reader deep in it reads contradicts the file head, so it must learn the section from
 * the declared section lengths or from the planner's section scan.
 */
class PcapngSectionIndexTest {
  @TempDir
  Path tmp;

  @Test
  void declaredSectionLengthsLeadSplitsToTheirSection() throws Exception {
    byte[] data = TwoSectionPcapng.bytes(true);
    List<Rec> whole = Captures.read(data, 0, data.length, new CaptureReader.Options());
    checkSections(whole);
    for (long size : new long[] {64 << 10, 256 << 10, 1 << 20}) {
      List<Rec> split = Captures.readInSplits(data, size, new CaptureReader.Options());
      if (!whole.equals(split)) fail("split size " + size + ": " + Rec.diff(whole, split));
    }
  }

  @Test
  void theSectionScanIndexesUndeclaredSections() throws Exception {
    byte[] data = TwoSectionPcapng.bytes(false);
    Path file = Files.write(tmp.resolve("two-sections.pcapng"), data);
    List<Rec> whole = Captures.read(data, 0, data.length, new CaptureReader.Options());
    checkSections(whole);

    Configuration conf = Captures.conf();
    conf.setLong(PcapInputFormat.SPLIT_SIZE, 256 << 10);
    conf.setBoolean(PcapInputFormat.SECTION_SCAN, true);
    Job job = Job.getInstance(conf);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(file.toUri()));
    List<InputSplit> splits = new PcapInputFormat().getSplits(job);
    assertTrue(splits.size() > 20, splits.size() + " splits");
    SectionIndex index = ((CaptureSplit) splits.get(splits.size() - 1)).sections(0);
    assertNotNull(index);
    assertEquals(2, index.sections());
    assertTrue(index.complete());

    List<Rec> read = new ArrayList<>();
    for (InputSplit s : splits) {
      CaptureSplit copy = roundTrip((CaptureSplit) s); // as a Hadoop task receives it
      TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(conf, new TaskAttemptID());
      try (CaptureRecordReader r = new CaptureRecordReader()) {
        r.initialize(copy, ctx);
        while (r.nextKeyValue()) read.add(new Rec(r.getCurrentValue()));
      }
    }
    if (!whole.equals(read)) fail(Rec.diff(whole, read));
  }

  private static void checkSections(List<Rec> recs) {
    assertEquals(TwoSectionPcapng.PACKETS_A + TwoSectionPcapng.PACKETS_B, recs.size());
    for (int i = 0; i < recs.size(); i++) {
      Rec r = recs.get(i);
      boolean a = i < TwoSectionPcapng.PACKETS_A;
      assertEquals(a ? 1 : 101, r.linkType, "record " + i);
      assertEquals(TwoSectionPcapng.expectedNanos(a, i), (long) r.ts, "record " + i);
    }
  }

  @Test
  void anAmbiguousUndeclaredSectionIsReportedOnce() throws Exception {
    for (boolean declared : new boolean[] {false, true}) {
      byte[] data = TwoSectionPcapng.bytes(declared);
      PcapngFramer f = new PcapngFramer("two-sections.pcapng");
      try (ByteWindow w = new ByteWindow(SeekableBytes.stream(data), 0, data.length, 1 << 16)) {
        f.readHead(w);
        int records = 0;
        for (long p = f.firstRecordOffset(); ; p = f.next) {
          int st = f.read(w, p, null, false);
          if (st == Framer.END) break;
          if (st == Framer.RECORD) records++;
        }
        assertEquals(TwoSectionPcapng.PACKETS_A + TwoSectionPcapng.PACKETS_B, records);
      }
      assertEquals(!declared, f.warnedAmbiguousSection(), "declared section lengths: " + declared);
    }
  }

  private static CaptureSplit roundTrip(CaptureSplit s) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.write(new DataOutputStream(bytes));
    CaptureSplit copy = new CaptureSplit();
    copy.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    return copy;
  }

}

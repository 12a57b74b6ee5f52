package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named boundary cases of Hadoop's TestLineRecordReader, for capture records. */
class BoundaryCasesTest {
  @TempDir
  Path tmp;

  /** Three records of 100, 60 and 5000 data bytes. */
  private static byte[] threeRecords() {
    return PcapBuilder.ethernet()
        .record(1_700_000_000L, 1, PcapBuilder.filler(100, 1))
        .record(1_700_000_001L, 2, PcapBuilder.filler(60, 2))
        .record(1_700_000_002L, 3, PcapBuilder.filler(5000, 3))
        .bytes();
  }

  private static final long R0 = 24;
  private static final long R1 = R0 + 16 + 100;
  private static final long R2 = R1 + 16 + 60;

  private static List<Long> offsets(byte[] data, long start, long length) throws IOException {
    List<Long> out = new ArrayList<>();
    for (Rec r : Captures.read(data, start, length, Captures.small())) out.add(r.offset);
    return out;
  }

  @Test
  void splitEndingInsideARecordHeader() throws IOException {
    byte[] d = threeRecords();
    assertEquals(List.of(R0, R1), offsets(d, 0, R1 + 5));
    assertEquals(List.of(R2), offsets(d, R1 + 5, d.length - (R1 + 5)));
  }

  @Test
  void splitEndingExactlyOnARecordBoundary() throws IOException {
    byte[] d = threeRecords();
    assertEquals(List.of(R0), offsets(d, 0, R1));
    assertEquals(List.of(R1, R2), offsets(d, R1, d.length - R1));
  }

  @Test
  void splitEndingExactlyAtTheEndOfTheFileHeader() throws IOException {
    byte[] d = threeRecords();
    assertEquals(List.of(), offsets(d, 0, 24));
    assertEquals(List.of(R0, R1, R2), offsets(d, 24, d.length - 24));
  }

  @Test
  void splitsSmallerThanOneRecordAndARecordLongerThanTwoSplits() throws IOException {
    byte[] d = threeRecords();
    List<Rec> whole = Captures.read(d, 0, d.length, Captures.small());
    for (int size : new int[] {1, 7, 16, 17, 1000, 2499}) {
      assertEquals(whole, Captures.readInSplits(d, size, Captures.small()), "split size " + size);
    }
    // The 5000-byte record spans splits [1000, 2000), [2000, 3000), ...: only the one holding its first byte returns it.
    assertEquals(List.of(R2), offsets(d, 0, 1000).subList(2, 3));
    assertEquals(List.of(), offsets(d, 1000, 1000));
  }

  @Test
  void headerOnlyAndEmptyFiles() throws IOException {
    byte[] headerOnly = Files.readAllBytes(Captures.file("empty_header_only.pcap"));
    assertEquals(24, headerOnly.length);
    for (int size = 1; size <= 24; size++) {
      assertEquals(List.of(), Captures.readInSplits(headerOnly, size, Captures.small()));
    }
    assertEquals(List.of(), Captures.read(new byte[0], 0, 0, Captures.small()));
  }

  @Test
  void truncatedLastRecordReturnsEveryCompleteRecordAndSaysWhatWasDropped() throws IOException {
    byte[] d = threeRecords();
    byte[] cut = Arrays.copyOf(d, d.length - 1234);
    try (CaptureReader r = CaptureReader.open(SeekableBytes.stream(cut), Captures.conf(),
        new org.apache.hadoop.fs.Path("mem:/cut.pcap"), 0, cut.length, cut.length, Captures.small())) {
      PacketRecord rec = new PacketRecord();
      int n = 0;
      while (r.next(rec)) n++;
      assertEquals(2, n);
      assertEquals(1, r.counters().get(ReadCounter.TRUNCATED_RECORDS));
      assertEquals(cut.length - R2, r.counters().get(ReadCounter.SKIPPED_BYTES));
      String problem = r.counters().problems().get(0);
      assertTrue(problem.contains("mem:/cut.pcap") && problem.contains("offset " + R2), problem);
    }
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> Captures.read(cut, 0, cut.length, Captures.small().mode(ParseMode.FAILFAST)));
    assertEquals(R2, e.offset());
  }

  @Test
  void corruptHeaderIsSkippedAndTheChainFoundAgain() throws IOException {
    PcapBuilder b = PcapBuilder.ethernet();
    for (int i = 0; i < 40; i++) b.record(1_700_000_000L + i, i, PcapBuilder.filler(80 + i, i));
    byte[] d = b.bytes();
    List<Rec> whole = Captures.read(d, 0, d.length, Captures.small());
    long victim = whole.get(10).offset;
    byte[] bad = d.clone();
    bad[(int) victim + 8] = (byte) 0xF0; // incl_len 0x7FFFFFF0-like: impossible
    bad[(int) victim + 11] = (byte) 0x7F;
    try (CaptureReader r = CaptureReader.open(SeekableBytes.stream(bad), Captures.conf(),
        new org.apache.hadoop.fs.Path("mem:/bad.pcap"), 0, bad.length, bad.length, Captures.small())) {
      List<Long> got = new ArrayList<>();
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) got.add(rec.offset());
      List<Long> expected = new ArrayList<>();
      for (Rec x : whole) if (x.offset != victim) expected.add(x.offset);
      assertEquals(expected, got);
      assertEquals(1, r.counters().get(ReadCounter.RESYNCS));
      assertEquals(whole.get(11).offset - victim, r.counters().get(ReadCounter.SKIPPED_BYTES));
    }
    assertThrows(MalformedCaptureException.class,
        () -> Captures.read(bad, 0, bad.length, Captures.small().mode(ParseMode.FAILFAST)));
    // Every split size agrees with the whole-file read of the damaged file too.
    List<Rec> badWhole = Captures.read(bad, 0, bad.length, Captures.small());
    for (int size : new int[] {1, 13, 100, 997, 4096}) {
      assertEquals(badWhole, Captures.readInSplits(bad, size, Captures.small()), "split size " + size);
    }
  }

  @Test
  void payloadBytesThatLookLikeRecordHeaders() throws IOException {
    // Records whose payloads end with chains of fake records that finish exactly where the next real
    // record begins: a search started inside a payload validates them all the way into the real chain.
    PcapBuilder b = new PcapBuilder(true, false, 1, 1600);
    for (int i = 0; i < 60; i++) {
      byte[] payload = i % 3 == 1 ? b.adversarialPayload(1400, 5, i) : PcapBuilder.filler(200 + i, i);
      b.record(1_700_000_000L + i, i * 1000, payload);
    }
    byte[] d = b.bytes();
    List<Rec> whole = Captures.read(d, 0, d.length, Captures.small());
    assertEquals(60, whole.size());
    for (int size = 1; size <= 3000; size += (size < 100 ? 1 : 37)) {
      List<Rec> split = Captures.readInSplits(d, size, Captures.small().lookback(0));
      if (!whole.equals(split)) fail("split size " + size + ": " + Rec.diff(whole, split));
    }
    // The fake chains are real enough to fool a search that starts inside them.
    PcapFramer framer = PcapFramer.fromHeader("adversarial", d, 0);
    long inside = whole.get(1).offset + 16 + 70;
    try (ByteWindow w = new ByteWindow(SeekableBytes.stream(d), 0, d.length, 4096)) {
      assertNotEquals(whole.get(2).offset, framer.findBoundary(w, inside, 24));
    }
  }

  @Test
  void concatenatedCapturesReadAsOne() throws IOException {
    byte[] a = threeRecords();
    byte[] c = new byte[a.length * 2];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(a, 0, c, a.length, a.length);
    try (CaptureReader r = CaptureReader.open(SeekableBytes.stream(c), Captures.conf(),
        new org.apache.hadoop.fs.Path("mem:/cat.pcap"), 0, c.length, c.length, Captures.small())) {
      PacketRecord rec = new PacketRecord();
      int n = 0;
      while (r.next(rec)) n++;
      assertEquals(6, n);
      assertTrue(!r.counters().hasProblems(), r.counters().toString());
    }
  }

  @Test
  void notACaptureNamesTheFileAndItsFirstBytes() throws IOException {
    Path f = tmp.resolve("notes.pcap");
    Files.write(f, "hello world, not a capture".getBytes());
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> Captures.readFile(f, new CaptureReader.Options()));
    assertTrue(e.getMessage().contains("notes.pcap") && e.getMessage().contains("68 65 6c 6c"), e.getMessage());
    assertEquals(List.of(), Captures.readFile(f, new CaptureReader.Options().ignoreCorruptFiles(true)));
  }

  @Test
  void gzipReadsWholeAndRefusesAnOffset() throws IOException {
    Path gz = tmp.resolve("three.pcap.gz");
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(bos)) {
      z.write(threeRecords());
    }
    Files.write(gz, bos.toByteArray());
    assertEquals(3, Captures.readFile(gz, new CaptureReader.Options()).size());
    long len = Files.size(gz);
    IOException e = assertThrows(IOException.class, () -> CaptureReader.open(Captures.conf(),
        new org.apache.hadoop.fs.Path(gz.toUri()), 2, len - 2, len, new CaptureReader.Options()));
    assertTrue(e.getMessage().contains("compressed"), e.getMessage());
    // Magic, not the name, decides: the same bytes without .gz still read.
    Path noSuffix = tmp.resolve("three.bin");
    Files.write(noSuffix, bos.toByteArray());
    assertEquals(3, Captures.readFile(noSuffix, new CaptureReader.Options()).size());
  }

  @Test
  void bzip2AndZstdCapturesRead() throws IOException {
    byte[] d = threeRecords();
    Path bz = tmp.resolve("three.pcap.bz2");
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (var out = org.apache.hadoop.util.ReflectionUtils.newInstance(org.apache.hadoop.io.compress.BZip2Codec.class, new org.apache.hadoop.conf.Configuration()).createOutputStream(bos)) {
      out.write(d);
    }
    Files.write(bz, bos.toByteArray());
    assertEquals(3, Captures.readFile(bz, new CaptureReader.Options()).size());
    Path zst = tmp.resolve("three.pcap.zst");
    Files.write(zst, com.github.luben.zstd.Zstd.compress(d));
    assertEquals(3, Captures.readFile(zst, new CaptureReader.Options()).size());
  }
}

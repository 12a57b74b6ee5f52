package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be read to their end — not a capture, a damaged file or section header, a
 * truncated or corrupt compressed stream: without ignoreCorruptFiles the read fails with the
 * file, the offset and what is wrong; with it the file ends there, its records before the damage
 * are kept, and it is counted and named once.
 */
class CorruptFilesTest {
  @TempDir
  static Path tmp;
  /** sll_mixed.pcap.gz decompressed, and its records. */
  private static byte[] sll;
  private static List<Rec> sllRecords;

  @BeforeAll
  static void decompress() throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(Captures.file("sll_mixed.pcap.gz")))) {
      sll = in.readAllBytes();
    }
    sllRecords = Captures.read(sll, 0, sll.length, Captures.small());
    assertEquals(518, sllRecords.size());
  }

  private static final class Read {
    final List<Rec> records = new ArrayList<>();
    ReadCounters counters;
    String skipped;
  }

  /** Reads split [start, fileLength) of f. */
  private static Read read(Path f, long start, CaptureReader.Options opts) throws IOException {
    Read out = new Read();
    long len = Files.size(f);
    try (CaptureReader r = CaptureReader.open(Captures.conf(), new org.apache.hadoop.fs.Path(f.toUri()), start,
        len - start, len, opts)) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) out.records.add(new Rec(rec));
      out.counters = r.counters();
      out.skipped = r.skipped();
    }
    return out;
  }

  private static CaptureReader.Options ignoring() {
    return new CaptureReader.Options().ignoreCorruptFiles(true);
  }

  private static Path write(String name, byte[] data) throws IOException {
    return Files.write(tmp.resolve(name), data);
  }

  /**
   * What the reader kept is every record the decompressed bytes hold whole (the count is in the
   * failure's message), and the failure is at the first record not read whole.
   */
  private static void keptEverythingBefore(MalformedCaptureException e, Read r, List<Rec> all) {
    long decompressed = Long.parseLong(e.getMessage().replaceAll(".*stream after (\\d+) bytes.*", "$1"));
    List<Rec> within = new ArrayList<>();
    for (Rec x : all) if (x.offset + 16 + x.caplen <= decompressed) within.add(x);
    assertTrue(within.size() > 50 && within.size() < all.size(), within.size() + " in " + decompressed + " bytes");
    assertEquals(within, r.records);
    Rec last = within.get(within.size() - 1);
    assertEquals(last.offset + 16 + last.caplen, e.offset(), "the failure is at the first record not read whole");
    assertEquals(1, r.counters.get(ReadCounter.CORRUPT_FILES));
    assertEquals(r.records.size(), r.counters.get(ReadCounter.RECORDS));
  }

  @Test
  void aTruncatedGzipKeepsTheRecordsBeforeTheCut() throws IOException {
    byte[] gz = Files.readAllBytes(Captures.file("sll_mixed.pcap.gz"));
    Path f = write("cut.pcap.gz", Arrays.copyOf(gz, 40_000)); // as `head -c 40000`
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> read(f, 0, new CaptureReader.Options()));
    String m = e.getMessage();
    assertTrue(m.contains("cut.pcap.gz at offset ") && m.contains("truncated gzip stream after ")
        && m.contains("Unexpected end of ZLIB input stream"), m);

    Read r = read(f, 0, ignoring());
    keptEverythingBefore(e, r, sllRecords);
    assertEquals(0, r.counters.get(ReadCounter.FILES_NOT_CAPTURE));
    assertTrue(r.skipped.startsWith("at offset " + e.offset() + ": truncated gzip stream"), r.skipped);
  }

  @Test
  void aCorruptGzipKeepsTheRecordsBeforeTheDamage() throws IOException {
    byte[] gz = Files.readAllBytes(Captures.file("sll_mixed.pcap.gz"));
    for (int i = 30_000; i < 30_064; i++) gz[i] = (byte) 0xFF; // a run of bad bytes inside the deflate stream
    Path f = write("bad.pcap.gz", gz);
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> read(f, 0, new CaptureReader.Options()));
    String m = e.getMessage();
    assertTrue(m.contains("bad.pcap.gz at offset ") && m.contains("corrupt gzip stream after "), m);
    keptEverythingBefore(e, read(f, 0, ignoring()), sllRecords);
  }

  /**
   * bzip2 decodes whole blocks of 900 kB: the records of the blocks before the cut are kept, so
   * the capture is three copies of sll_mixed (a concatenated capture reads as one) cut in its
   * second block.
   */
  @Test
  void truncatedBzip2AndZstdKeepTheRecordsBeforeTheCut() throws IOException {
    ByteArrayOutputStream three = new ByteArrayOutputStream();
    for (int k = 0; k < 3; k++) three.write(sll);
    ByteArrayOutputStream bz = new ByteArrayOutputStream();
    try (OutputStream out = ReflectionUtils.newInstance(BZip2Codec.class, Captures.conf()).createOutputStream(bz)) {
      out.write(three.toByteArray());
    }
    byte[] zst = com.github.luben.zstd.Zstd.compress(sll);
    Object[][] cases = {{"cut.pcap.bz2", bz.toByteArray(), "bzip2", three.toByteArray()},
        {"cut.pcap.zst", zst, "zstd", sll}};
    for (Object[] c : cases) {
      byte[] whole = (byte[]) c[1];
      byte[] clean = (byte[]) c[3];
      List<Rec> all = Captures.read(clean, 0, clean.length, Captures.small());
      Path f = write((String) c[0], Arrays.copyOf(whole, whole.length * 3 / 4));
      MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
          () -> read(f, 0, new CaptureReader.Options()), (String) c[0]);
      assertTrue(e.getMessage().contains(c[0] + " at offset ") && e.getMessage().contains(c[2] + " stream after "),
          e.getMessage());
      keptEverythingBefore(e, read(f, 0, ignoring()), all);
    }
  }

  /** The first section header's total length no longer matches its trailing copy. */
  @Test
  void aDamagedSectionHeaderSkipsTheFile() throws IOException {
    byte[] d = Files.readAllBytes(Captures.file("http_espn.pcapng"));
    d[4] += 4;
    Path f = write("shb.pcapng", d);
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> read(f, 0, new CaptureReader.Options()));
    assertTrue(e.getMessage().matches(".*shb.pcapng at offset 0: bad pcapng section header: block total length \\d+ "
        + "differs from its trailing copy \\d+"), e.getMessage());
    Read r = read(f, 0, ignoring());
    assertEquals(List.of(), r.records);
    assertEquals(1, r.counters.get(ReadCounter.CORRUPT_FILES));
    assertNotNull(r.skipped);
    // a later split of the file skips it too, without counting it again
    Read later = read(f, 300_000, ignoring());
    assertEquals(List.of(), later.records);
    assertEquals(0, later.counters.get(ReadCounter.CORRUPT_FILES));
  }

  @Test
  void notACaptureAndACutFileHeaderAreSkipped() throws IOException {
    Path text = write("notes.txt", "hello world, not a capture\n".getBytes());
    Read r = read(text, 0, ignoring());
    assertEquals(List.of(), r.records);
    assertEquals(1, r.counters.get(ReadCounter.FILES_NOT_CAPTURE));
    assertEquals(0, r.counters.get(ReadCounter.CORRUPT_FILES));
    assertTrue(r.skipped.contains("not a pcap or pcapng capture"), r.skipped);

    Path cut = write("cut-header.pcap", Arrays.copyOf(Files.readAllBytes(Captures.file("dns_packets.pcap")), 20));
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> read(cut, 0, new CaptureReader.Options()));
    assertTrue(e.getMessage().contains("cut-header.pcap at offset 0: pcap file header cut short"), e.getMessage());
    assertEquals(1, read(cut, 0, ignoring()).counters.get(ReadCounter.CORRUPT_FILES));
  }

  /** A malformed record in a readable file is the mode's business: FAILFAST still fails. */
  @Test
  void failFastIsNotIgnored() throws IOException {
    Path f = Captures.file("tls_sni_corrupt_record10_header.pcap");
    MalformedCaptureException e = assertThrows(MalformedCaptureException.class,
        () -> read(f, 0, ignoring().mode(ParseMode.FAILFAST)));
    assertTrue(e.getMessage().contains("offset 2321") && e.getMessage().contains("FAILFAST"), e.getMessage());
    Read permissive = read(f, 0, ignoring());
    assertEquals(43, permissive.records.size());
    assertEquals(0, permissive.counters.get(ReadCounter.CORRUPT_FILES));
    assertNull(permissive.skipped);
  }

  /**
   * What a user sees of a skipped file is one WARN line naming the file, the offset and the
   * reason; without the option, one line of error saying the same.
   */
  @Test
  void eachUnreadableFileIsOneLine() throws IOException {
    byte[] gz = Files.readAllBytes(Captures.file("sll_mixed.pcap.gz"));
    byte[] ng = Files.readAllBytes(Captures.file("http_espn.pcapng"));
    ng[4] += 4;
    Object[][] cases = {
        {write("one-cut.pcap.gz", Arrays.copyOf(gz, 40_000)), "truncated gzip stream after"},
        {write("one-shb.pcapng", ng), "bad pcapng section header"},
        {write("one-notes.txt", "not a capture\nat all\n".getBytes()), "not a pcap or pcapng capture"}};
    assertEquals("f at offset 3: a codec's message over two lines",
        new MalformedCaptureException("f", 3, "a codec's message\n  over two lines\n").getMessage());
    for (Object[] c : cases) {
      Path f = (Path) c[0];
      String error = assertThrows(MalformedCaptureException.class, () -> read(f, 0, new CaptureReader.Options()))
          .getMessage();
      assertTrue(error.contains(f.getFileName() + " at offset ") && error.contains((String) c[1]), error);
      assertTrue(!error.contains("\n"), error);

      List<String> warnings;
      try (Warnings w = new Warnings()) {
        read(f, 0, ignoring());
        warnings = w.lines;
      }
      assertEquals(1, warnings.size(), warnings.toString());
      String line = warnings.get(0);
      String pattern = ".*" + f.getFileName() + " at offset \\d+: " + c[1] + ".*skipped \\(ignoreCorruptFiles.*";
      assertTrue(line.matches(pattern), line);
      assertTrue(!line.contains("\n"), line);
      // the next scan of the run meets the same damage: no second WARN line
      try (Warnings w = new Warnings()) {
        read(f, 0, ignoring());
        assertEquals(List.of(), w.lines);
      }
    }
  }

  /** The WARN lines CaptureReader logs while open (the tests' log configuration keeps it to errors). */
  private static final class Warnings extends AbstractAppender implements AutoCloseable {
    private final Logger logger = (Logger) LogManager.getLogger(CaptureReader.class);
    private final Level level = logger.getLevel();
    final List<String> lines = new ArrayList<>();

    Warnings() {
      super("corrupt-files-test", null, null, true, Property.EMPTY_ARRAY);
      start();
      logger.setLevel(Level.WARN);
      logger.addAppender(this);
    }

    @Override
    public void append(LogEvent e) {
      if (e.getLevel().isMoreSpecificThan(Level.WARN)) lines.add(e.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
      logger.removeAppender(this);
      logger.setLevel(level);
      stop();
    }
  }
}

package org.pcapanalytics.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of one byte range [start, end) of one capture file: every record whose
 * first byte lies in the range, including the one that crosses {@code end} (Hadoop's
 * {@code LineRecordReader} contract).
 *
 * <p>How a reader that starts mid-file finds the first record: the canonical record sequence of
 * a file is the walk from its first record, where a record that cannot be read (corrupt bytes)
 * is followed by {@link Framer#findBoundary} from the next byte. A reader starting at
 * {@code start} rebuilds that walk locally: it finds a boundary {@code lookback} bytes before
 * {@code start} and walks forward, without emitting, to the first record at or after
 * {@code start}. Boundary search accepts only a long chain of plausible headers, and the walk
 * jumps over whole records, so a run of fake records inside a packet's payload (a capture
 * downloaded over HTTP) is stepped over rather than mistaken for records, even when the fake
 * chain ends exactly where the next real record begins. Both the reader of the previous split
 * (which reads past its end along the walk) and this one therefore land on the same record.
 * Everything near damage is decided by the framer from the bytes there (one rule per format for
 * what a record is, applied by the walk, the reader and the boundary search alike), so a reader
 * that walks into damage and one that synchronises just after it go on from the same record.
 */
public final class CaptureReader implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureReader.class);
  /** Problems logged individually per reader; the rest are only counted. */
  private static final int MAX_LOGGED = 10;
  static final int DEFAULT_BUFFER = 4 << 20;

  private final String file;
  /** What compresses the file ("gzip", …), or null. */
  private final String compression;
  private final ParseMode mode;
  private final boolean ignoreCorruptFiles;
  private final ByteWindow window;
  private final Framer framer;
  private final long start;
  private final long end;
  private final ReadCounters counters = new ReadCounters();
  private long pos;
  private int logged;
  /** The exception {@link #problem} threw in mode FAILFAST: a malformed record, not an unreadable file. */
  private MalformedCaptureException failedFast;
  /** Why the rest of the file was not read (with ignoreCorruptFiles), or null. */
  private String skipped;
  /** Format state the record chain has carried on from for longer than any record can be. */
  private Object committed;
  /** Where the current, not yet trusted, state appeared; -1 when the state is the committed one. */
  private long pendingSince = -1;

  private CaptureReader(String file, String compression, Options opts, ByteWindow window, Framer framer, long start,
      long end) {
    this.file = file;
    this.compression = compression;
    this.mode = opts.mode;
    this.ignoreCorruptFiles = opts.ignoreCorruptFiles;
    this.window = window;
    this.framer = framer;
    this.start = start;
    this.end = end;
  }

  /**
   * Options of a reader, built by the caller, or from a Configuration with the keys of
   * {@link PcapInputFormat}. Serializable, to be shipped to the readers of a Spark scan.
   */
  public static final class Options implements Serializable, Cloneable {
    private static final long serialVersionUID = 1L;
    ParseMode mode = ParseMode.PERMISSIVE;
    long lookback = -1;
    int bufferSize = DEFAULT_BUFFER;
    boolean ignoreCorruptFiles;
    /** Tests turn this off to exercise synchronisation closer to the split start than is safe. */
    boolean clampLookback = true;
    SectionIndex sections;

    public Options mode(ParseMode m) { this.mode = m; return this; }

    public ParseMode mode() { return mode; }

    /**
     * Bytes to walk back from a split start before synchronising; negative = the format's
     * default. Values below the format's safe minimum (twice the longest record) are raised to it.
     */
    public Options lookback(long bytes) { this.lookback = bytes; return this; }

    public Options bufferSize(int bytes) { this.bufferSize = bytes; return this; }

    /** Where the file's pcapng sections start (from {@link SplitPlanner}); null when not indexed. */
    public Options sections(SectionIndex index) { this.sections = index; return this; }

    /**
     * Spark's ignoreCorruptFiles: whatever of a file cannot be read — not a capture, a damaged
     * file or section header, a corrupt or truncated compressed stream — ends the file (counted and
     * logged, the records before kept) instead of failing the read.
     */
    public Options ignoreCorruptFiles(boolean on) { this.ignoreCorruptFiles = on; return this; }

    Options copy() {
      try {
        return (Options) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    public static Options from(Configuration conf) {
      Options o = new Options();
      o.mode = ParseMode.parse(conf.get(PcapInputFormat.MODE));
      o.lookback = conf.getLong(PcapInputFormat.LOOKBACK, -1);
      o.ignoreCorruptFiles = conf.getBoolean(PcapInputFormat.IGNORE_CORRUPT_FILES, false);
      return o;
    }
  }

  /**
   * Opens {@code path} and positions at the first record of the range {@code [start, start+length)}.
   *
   * @param fileLength the file's length (from the split), so no extra metadata call is made
   */
  public static CaptureReader open(Configuration conf, Path path, long start, long length, long fileLength, Options opts)
      throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    FSDataInputStream raw = fs.open(path);
    try {
      return open(raw, conf, path, start, length, fileLength, opts);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * Whether a reader can start at any offset of the file: false for a compressed one (by magic or
   * codec suffix), which is read from its start only.
   */
  public static boolean seekable(Configuration conf, Path path) throws IOException {
    try (FSDataInputStream raw = path.getFileSystem(conf).open(path)) {
      byte[] magic = new byte[24];
      int n = readPrefix(raw, magic);
      return !Decompression.isCompressed(magic, n, path, conf);
    }
  }

  /** Opens a reader over an already open stream (tests use in-memory streams); closes it on failure. */
  static CaptureReader open(FSDataInputStream raw, Configuration conf, Path path, long start, long length,
      long fileLength, Options opts) throws IOException {
    String file = path.toString();
    long end = start + length;
    byte[] magic = new byte[24];
    int n = readPrefix(raw, magic);
    raw.seek(0);
    InputStream in;
    try {
      in = Decompression.open(raw, magic, n, path, conf);
    } catch (IOException | RuntimeException e) {
      // the stream's own header is cut short or damaged
      String compression = Decompression.name(magic, n, path, conf);
      MalformedCaptureException m = e instanceof MalformedCaptureException ? (MalformedCaptureException) e
          : new MalformedCaptureException(file, 0, e instanceof IOException
              ? Decompression.describe(compression, (IOException) e, 0) : "cannot decompress: " + e, e);
      if (!opts.ignoreCorruptFiles) throw m;
      ByteWindow nothing = new ByteWindow(raw, 0, fileLength, 16);
      CaptureReader r = new CaptureReader(file, compression, opts, nothing, null, start, end);
      r.skip(m, 0);
      return r;
    }
    String compression = in == null ? null : Decompression.name(magic, n, path, conf);
    long streamLength = fileLength;
    if (in != null) {
      // A compressed stream cannot seek: only the reader of the split at 0 may read it, and it
      // reads to the end of the decompressed stream.
      if (start != 0) {
        throw new IOException(file + " is compressed and cannot be read from offset " + start
            + " (compressed captures are one split each)");
      }
      streamLength = -1;
      end = Long.MAX_VALUE;
    } else {
      in = raw;
    }
    ByteWindow w = new ByteWindow(in, 0, streamLength, opts.bufferSize);
    Framer framer;
    try {
      framer = detect(w, file);
      if (framer instanceof PcapngFramer && opts.sections != null) ((PcapngFramer) framer).sections(opts.sections);
    } catch (IOException | RuntimeException e) {
      CaptureReader r = new CaptureReader(file, compression, opts, w, null, start, end);
      r.fail(e, 0);
      return r;
    }
    CaptureReader r = new CaptureReader(file, compression, opts, w, framer, start, end);
    if (framer == null) {
      r.pos = -1; // an empty file
      return r;
    }
    try {
      r.sync(opts.lookback, opts.clampLookback);
    } catch (IOException | RuntimeException e) {
      r.fail(e, start);
      return r;
    }
    w.sequential(true);
    return r;
  }

  private static int readPrefix(FSDataInputStream raw, byte[] into) throws IOException {
    int n = 0;
    while (n < into.length) {
      int r = raw.read(into, n, into.length - n);
      if (r < 0) break;
      n += r;
    }
    return n;
  }

  /** The framer for the file's format, or null for an empty file. */
  private static Framer detect(ByteWindow w, String file) throws IOException {
    int a = w.ensure(0, 24);
    if (a == 0) return null; // an empty file holds no records
    byte[] b = w.buf();
    if (a >= 4 && Bytes.i32be(b, 0) == PcapngFramer.SHB) {
      PcapngFramer f = new PcapngFramer(file);
      f.readHead(w);
      return f;
    }
    if (a >= 4 && PcapFramer.isMagic(Bytes.i32be(b, 0))) {
      if (a < PcapFramer.FILE_HEADER) {
        throw new MalformedCaptureException(file, 0, "pcap file header cut short (" + a + " of 24 bytes)");
      }
      return PcapFramer.fromHeader(file, b, 0);
    }
    throw new NotCaptureException(file, "not a pcap or pcapng capture (first bytes: " + Bytes.hex(b, 0, a, 8) + ")");
  }

  /** Positions at the first record at or after {@code start}. */
  private void sync(long lookback, boolean clamp) throws IOException {
    committed = framer.state();
    long first = framer.firstRecordOffset();
    if (start <= first) {
      pos = first;
      return;
    }
    long back = lookback >= 0 ? lookback : framer.defaultLookback();
    if (clamp) back = Math.max(back, framer.minLookback());
    long from = start - back;
    long p = from <= first ? first : framer.findBoundary(window, from, first);
    pos = walk(p);
  }

  /** Walks, without emitting, along the record chain from {@code p} to the first record at or after the split start. */
  private long walk(long p) throws IOException {
    while (p >= 0 && p < start) {
      window.keepFrom(p);
      int st = framer.read(window, p, null, false);
      switch (st) {
        case Framer.RECORD:
        case Framer.META:
          confirm(p);
          p = framer.next;
          break;
        case Framer.BAD_RECORD:
          if (!framer.repair(window, p)) p = framer.next;
          break;
        case Framer.CORRUPT:
          rollBack();
          p = framer.findBoundary(window, p + 1, p + 1);
          break;
        case Framer.TRUNCATED:
          // A damaged length can look like a record cut off by the end: records after it say otherwise.
          rollBack();
          p = framer.findBoundary(window, p + 1, p + 1);
          break;
        default: // END: nothing starts in this split
          p = -1;
      }
    }
    return p;
  }

  /**
   * Reads the next record of the range into {@code rec}; false at the end of the range. A file
   * that cannot be read on (see {@link Options#ignoreCorruptFiles}) ends here, or fails with an
   * exception naming the file, the offset and what is wrong.
   */
  public boolean next(PacketRecord rec) throws IOException {
    try {
      return advance(rec);
    } catch (IOException | RuntimeException e) {
      if (e == failedFast) throw e;
      fail(e, pos);
      return false;
    }
  }

  private boolean advance(PacketRecord rec) throws IOException {
    while (pos >= 0 && pos < end) {
      window.keepFrom(pos);
      int st = framer.read(window, pos, rec, true);
      switch (st) {
        case Framer.RECORD:
          confirm(pos);
          counters.add(ReadCounter.RECORDS, 1);
          counters.add(ReadCounter.RECORD_BYTES, framer.next - pos);
          pos = framer.next;
          return true;
        case Framer.META:
          confirm(pos);
          pos = framer.next;
          break;
        case Framer.END:
          pos = -1;
          break;
        case Framer.TRUNCATED: {
          // A damaged length can look like a record cut off by the end: records after it say otherwise.
          String why = framer.detail;
          long available = framer.next;
          rollBack();
          long q = framer.findBoundary(window, pos + 1, pos + 1);
          if (q < 0) {
            counters.add(ReadCounter.TRUNCATED_RECORDS, 1);
            problem(pos, available - pos, "truncated last record: " + why);
          } else {
            counters.add(ReadCounter.RESYNCS, 1);
            problem(pos, q - pos, "corrupt region: " + why + " but records follow; resynchronised at offset " + q);
          }
          pos = q;
          break;
        }
        case Framer.BAD_RECORD:
          if (framer.repair(window, pos)) break;
          counters.add(ReadCounter.BAD_RECORDS, 1);
          problem(pos, framer.next - pos, "skipped record: " + framer.detail);
          pos = framer.next;
          break;
        case Framer.CORRUPT: {
          String why = framer.detail;
          rollBack();
          long q = framer.findBoundary(window, pos + 1, pos + 1);
          long resume = q >= 0 ? q : (window.length() >= 0 ? window.length() : pos);
          counters.add(ReadCounter.RESYNCS, 1);
          problem(pos, resume - pos, "corrupt region: " + why + (q >= 0 ? "; resynchronised at offset " + q
              : "; no further records found"));
          pos = q;
          break;
        }
        default:
          throw new IllegalStateException("unknown framer status " + st);
      }
    }
    return false;
  }

  /**
   * Counts a readable unit at {@code at}. Metadata (a pcapng SHB/IDB, a pcap file header) met
   * on a chain that later breaks may have come from a capture file inside a payload. A fake run
   * lies inside one real record, so once the chain has carried on from a state change for longer
   * than any record can be ({@link Framer#minLookback()}), the new state is trusted.
   */
  private void confirm(long at) {
    Object s = framer.state();
    if (s == committed) {
      pendingSince = -1;
    } else if (pendingSince < 0) {
      pendingSince = at;
    } else if (at - pendingSince >= framer.minLookback()) {
      committed = s;
      pendingSince = -1;
    }
  }

  /**
   * The bytes at {@code at} cannot be read: a damaged header, a stream that breaks off. Throws
   * (closing the reader) an exception naming the file, the offset and the cause; or, with
   * ignoreCorruptFiles, ends the file there.
   */
  private void fail(Exception e, long at) throws IOException {
    MalformedCaptureException m = e instanceof MalformedCaptureException ? (MalformedCaptureException) e
        : new MalformedCaptureException(file, Math.max(0, at), cause(e), e);
    if (!ignoreCorruptFiles) {
      window.close();
      throw m;
    }
    skip(m, at);
  }

  /** What broke off the read, in words: the stream's compression and how far it got, or the I/O error. */
  private String cause(Exception e) {
    if (compression != null && e instanceof IOException) {
      return Decompression.describe(compression, (IOException) e, window.readEnd());
    }
    return (e instanceof IOException ? "read failed: " : "cannot read on: ") + e;
  }

  /** Ends the file at {@code at} (ignoreCorruptFiles): counted once per file, logged in one line. */
  private void skip(MalformedCaptureException m, long at) {
    skipped = "at offset " + m.offset() + ": " + m.reason();
    pos = -1;
    if (start > 0 && at <= start) return; // the header: the reader of the file's first split reports it
    if (m instanceof NotCaptureException) {
      counters.add(ReadCounter.FILES_NOT_CAPTURE, 1);
    } else {
      counters.add(ReadCounter.CORRUPT_FILES, 1);
    }
    counters.problem(m.getMessage());
    long before = counters.get(ReadCounter.RECORDS);
    String line = before == 0 && m.offset() == 0 ? m.getMessage() + "; file skipped (ignoreCorruptFiles)"
        : m.getMessage() + "; rest of the file skipped (ignoreCorruptFiles; " + before + " records read before)";
    // every scan of a run meets the same damage: one WARN line per JVM, the repeats at DEBUG
    if (WARNED.add(m.getMessage())) LOG.warn(line);
    else LOG.debug(line);
  }

  /** The damage this JVM has warned about (bounded: a run meets few damaged files). */
  private static final java.util.Set<String> WARNED = java.util.Collections.newSetFromMap(
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
          return size() > 10_000;
        }
      }));

  /** Why the reader stopped reading its file before the end (ignoreCorruptFiles), or null. */
  public String skipped() { return skipped; }

  /** The chain broke: forget format state that was not confirmed. */
  private void rollBack() {
    framer.restore(committed);
    pendingSince = -1;
  }

  private void problem(long offset, long bytes, String what) throws MalformedCaptureException {
    counters.add(ReadCounter.SKIPPED_BYTES, Math.max(0, bytes));
    String msg = file + " at offset " + offset + ": " + what + " (" + bytes + " bytes skipped)";
    if (mode == ParseMode.FAILFAST) {
      failedFast = new MalformedCaptureException(file, offset, what + " (" + bytes + " bytes; mode FAILFAST)");
      throw failedFast;
    }
    counters.problem(msg);
    if (logged++ < MAX_LOGGED) LOG.warn(msg);
  }

  public ReadCounters counters() { return counters; }

  /** Fraction of the range consumed, for progress reporting. */
  public float progress() {
    if (pos < 0) return 1f;
    long span = end == Long.MAX_VALUE ? Math.max(1, window.length()) : Math.max(1, end - start);
    if (end == Long.MAX_VALUE && window.length() < 0) return 0f;
    return Math.min(1f, Math.max(0f, (pos - start) / (float) span));
  }

  public String file() { return file; }

  @Override
  public void close() throws IOException {
    window.close();
  }
}

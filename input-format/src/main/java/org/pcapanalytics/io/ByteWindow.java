package org.pcapanalytics.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.Seekable;

/**
 * A sliding window of file bytes over an input stream, addressed by absolute file position.
 * Record bytes are handed out as (buffer, index) without copying; they stay valid until the
 * next call that moves the window. Moving backwards or jumping far ahead seeks when the stream
 * can; a compressed stream can only go forward.
 */
final class ByteWindow implements Closeable {
  /** Largest buffer we grow to: a record or pcapng block longer than this is reported as corrupt. */
  static final int MAX_CAPACITY = 256 << 20;
  static final int SMALL_READ = 64 << 10;

  private final InputStream in;
  private final Seekable seekable;
  private final long length;
  private byte[] buf;
  private long bufStart;
  private int bufLen;
  private long keepFrom;
  /** Set while a record's bytes must outlive a look far ahead (see {@link #pin}). */
  private boolean pinned;
  private boolean eof;
  /** Why the stream stopped early (a truncated or corrupt compressed stream, a failed read), or null. */
  private IOException failure;
  private int readAhead;

  /**
   * @param in     positioned at {@code start}
   * @param length the file length, or -1 when unknown (compressed input)
   */
  ByteWindow(InputStream in, long start, long length, int capacity) {
    this.in = in;
    this.seekable = in instanceof Seekable ? (Seekable) in : null;
    this.length = length;
    this.buf = new byte[capacity];
    this.bufStart = start;
    this.keepFrom = start;
    this.readAhead = SMALL_READ;
  }

  byte[] buf() { return buf; }

  /** Index of {@code pos} in {@link #buf()}; valid after a successful {@link #ensure}. */
  int index(long pos) { return (int) (pos - bufStart); }

  /** File length, or -1 when unknown. */
  long length() { return length; }

  /** Bytes before {@code pos} are no longer needed and may be dropped. */
  void keepFrom(long pos) { keepFrom = pos; }

  /**
   * Keep the bytes from {@link #keepFrom} on while looking far ahead (a record being returned
   * while the chain after it is probed): a jump reads through rather than skipping them.
   */
  void pin(boolean on) { pinned = on; }

  /** Read in large chunks from now on (sequential scanning) or small ones (probing). */
  void sequential(boolean on) { readAhead = on ? buf.length : SMALL_READ; }

  /**
   * Makes bytes [pos, pos+n) available. Returns how many are available from pos: n, or fewer
   * only at the end of the input.
   */
  int ensure(long pos, int n) throws IOException {
    if (pos >= bufStart && pos + n <= bufStart + bufLen) return n;
    return fill(pos, n);
  }

  private int fill(long pos, int n) throws IOException {
    if (n > MAX_CAPACITY) throw new IOException("request of " + n + " bytes exceeds the window limit");
    // A length read from damaged bytes can point past the end: nothing there, and no seek to fail.
    if (length >= 0 && pos >= length) return 0;
    long bufEnd = bufStart + bufLen;
    if (pos < bufStart) {
      if (seekable == null) {
        throw new IllegalStateException("cannot move back to " + pos + " on a stream that cannot seek (at " + bufStart + ")");
      }
      // Moving backwards (a walk back along pcapng trailers): keep some bytes before pos in the
      // window too, so the next step back does not seek again.
      long back = Math.max(0, Math.min(pos, (long) buf.length / 2 - n));
      reposition(pos - back);
      keepFrom = Math.min(keepFrom, pos - back);
    } else if (pos > bufEnd + SMALL_READ && (!pinned || keepFrom >= bufEnd)) {
      reposition(pos);
    }
    // Drop what is no longer needed, keeping bytes from min(pos, keepFrom).
    long keep = Math.max(bufStart, Math.min(pos, keepFrom));
    long needEnd = pos + n;
    if (needEnd - bufStart > buf.length && keep > bufStart) {
      int drop = (int) Math.min(keep - bufStart, bufLen);
      System.arraycopy(buf, drop, buf, 0, bufLen - drop);
      bufLen -= drop;
      bufStart += drop;
    }
    if (needEnd - bufStart > buf.length) {
      long want = Math.max(needEnd - bufStart, (long) buf.length * 2);
      byte[] nb = new byte[(int) Math.min(want, MAX_CAPACITY)];
      System.arraycopy(buf, 0, nb, 0, bufLen);
      buf = nb;
    }
    long target = Math.min((long) buf.length, Math.max(needEnd - bufStart, (long) bufLen + readAhead));
    while (bufLen < target && !eof) {
      int r;
      try {
        r = in.read(buf, bufLen, (int) target - bufLen);
      } catch (IOException e) {
        // The bytes before the damage stay readable; asking for any past them fails.
        failure = e;
        eof = true;
        break;
      }
      if (r < 0) {
        eof = true;
      } else {
        bufLen += r;
        if (bufStart + bufLen >= needEnd && r > 0 && bufLen >= target) break;
      }
    }
    long avail = bufStart + bufLen - pos;
    if (avail < n && failure != null) throw failure;
    return (int) Math.max(0, Math.min(n, avail));
  }

  /** Bytes of the stream read so far, up to where it failed (a compressed stream's decompressed bytes). */
  long readEnd() { return bufStart + bufLen; }

  private void reposition(long pos) throws IOException {
    if (seekable != null) {
      seekable.seek(pos);
    } else {
      long skip = pos - (bufStart + bufLen);
      while (skip > 0) {
        long s = in.skip(skip);
        if (s <= 0) {
          if (in.read() < 0) throw new EOFException("end of input before position " + pos);
          s = 1;
        }
        skip -= s;
      }
    }
    bufStart = pos;
    bufLen = 0;
    eof = length >= 0 && pos >= length;
    failure = null;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

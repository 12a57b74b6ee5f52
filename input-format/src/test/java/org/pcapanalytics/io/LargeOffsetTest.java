package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;
import org.junit.jupiter.api.Test;

/**
 * Offsets are 64-bit everywhere: a 5 GiB capture (synthesised on the fly, nothing on disk) read
 * in splits around and beyond 4 GiB returns each record once, at its true offset.
 */
class LargeOffsetTest {
  private static final int DATA = 1000;
  private static final int REC = 16 + DATA;
  private static final long RECORDS = (5L << 30) / REC;
  private static final long LENGTH = 24 + RECORDS * REC;

  /** Byte at a file position: pcap header, then records whose data starts with their index. */
  static int byteAt(long p) {
    if (p < 24) {
      byte[] h = new PcapBuilder(true, false, 1, 65535).bytes();
      return h[(int) p] & 0xFF;
    }
    long idx = (p - 24) / REC;
    int in = (int) ((p - 24) % REC);
    long v;
    switch (in / 4) {
      case 0: v = 1_700_000_000L + idx / 1000; break;
      case 1: v = (idx % 1000) * 1000; break;
      case 2:
      case 3: v = DATA; break;
      default:
        if (in < 24) return (int) ((idx >>> (8 * (23 - in))) & 0xFF);
        return 0xEE;
    }
    return (int) ((v >>> (8 * (in % 4))) & 0xFF); // little-endian fields
  }

  static final class Virtual extends InputStream implements Seekable, PositionedReadable {
    private long pos;

    @Override
    public int read() {
      return pos < LENGTH ? byteAt(pos++) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= LENGTH) return -1;
      int n = (int) Math.min(len, LENGTH - pos);
      for (int i = 0; i < n; i++) b[off + i] = (byte) byteAt(pos + i);
      pos += n;
      return n;
    }

    @Override
    public void seek(long p) { pos = p; }

    @Override
    public long getPos() { return pos; }

    @Override
    public boolean seekToNewSource(long t) { return false; }

    @Override
    public int read(long position, byte[] b, int off, int len) {
      long save = pos;
      pos = position;
      int n = read(b, off, len);
      pos = save;
      return n;
    }

    @Override
    public void readFully(long position, byte[] b, int off, int len) throws IOException {
      if (read(position, b, off, len) < len) throw new EOFException();
    }

    @Override
    public void readFully(long position, byte[] b) throws IOException {
      readFully(position, b, 0, b.length);
    }
  }

  private static void checkSplit(long start, long length) throws IOException {
    long firstIdx = Math.max(0, (start - 24 + REC - 1) / REC);
    long endIdx = Math.min(RECORDS, (start + length - 24 + REC - 1) / REC);
    try (CaptureReader r = CaptureReader.open(new FSDataInputStream(new Virtual()), Captures.conf(),
        new org.apache.hadoop.fs.Path("virtual:/5g.pcap"), start, length, LENGTH, new CaptureReader.Options())) {
      PacketRecord rec = new PacketRecord();
      long idx = firstIdx;
      while (r.next(rec)) {
        assertEquals(24 + idx * REC, rec.offset(), "offset of record " + idx);
        long stored = 0;
        for (int k = 0; k < 8; k++) stored = (stored << 8) | (rec.buffer()[rec.dataOffset() + k] & 0xFF);
        assertEquals(idx, stored, "content of record " + idx);
        idx++;
      }
      assertEquals(endIdx, idx, "records in split at " + start);
    }
  }

  @Test
  void splitsBeyondFourGibibytes() throws IOException {
    long fourG = 1L << 32;
    checkSplit(fourG - (3 << 20), 6 << 20); // crosses 2^32
    checkSplit(fourG + 12_345, 4 << 20);
    checkSplit((9L << 29) + 7, 2 << 20); // 4.5 GiB
    checkSplit(LENGTH - (3 << 20), 3 << 20); // the tail
  }
}

package org.pcapanalytics.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;

/**
 * A large write buffer in front of an {@link OutputStream} that writes integers in a switchable byte order
 * and counts every byte it has accepted. Not thread-safe; closing it does not close the stream.
 */
final class OutputBuffer {
  private final OutputStream out;
  private final byte[] buf;
  private int pos;
  private long flushed;
  private boolean little;

  OutputBuffer(OutputStream out, int capacity, ByteOrder order) {
    this.out = out;
    this.buf = new byte[capacity];
    order(order);
  }

  void order(ByteOrder order) {
    little = order == ByteOrder.LITTLE_ENDIAN;
  }

  ByteOrder order() {
    return little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }

  /** Bytes accepted so far (written to the stream or still buffered). */
  long position() {
    return flushed + pos;
  }

  private void ensure(int n) throws IOException {
    if (buf.length - pos < n) {
      flush();
    }
  }

  void putByte(int v) throws IOException {
    ensure(1);
    buf[pos++] = (byte) v;
  }

  void putShort(int v) throws IOException {
    ensure(2);
    ByteWriter.putShort(buf, pos, v, little);
    pos += 2;
  }

  void putInt(int v) throws IOException {
    ensure(4);
    ByteWriter.putInt(buf, pos, v, little);
    pos += 4;
  }

  void putLong(long v) throws IOException {
    if (little) {
      putInt((int) v);
      putInt((int) (v >>> 32));
    } else {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }
  }

  void putBytes(byte[] src, int off, int len) throws IOException {
    if (len > buf.length - pos) {
      flush();
      if (len > buf.length / 2) {
        out.write(src, off, len);
        flushed += len;
        return;
      }
    }
    System.arraycopy(src, off, buf, pos, len);
    pos += len;
  }

  void putZeros(int n) throws IOException {
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = 0;
    }
  }

  void flush() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      flushed += pos;
      pos = 0;
    }
  }
}

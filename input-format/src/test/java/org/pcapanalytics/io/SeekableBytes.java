package org.pcapanalytics.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;

/** An in-memory seekable stream, so split tests can open thousands of readers cheaply. */
final class SeekableBytes extends InputStream implements Seekable, PositionedReadable {
  private final byte[] data;
  private int pos;

  SeekableBytes(byte[] data) {
    this.data = data;
  }

  static FSDataInputStream stream(byte[] data) {
    return new FSDataInputStream(new SeekableBytes(data));
  }

  @Override
  public int read() {
    return pos < data.length ? data[pos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) return 0;
    if (pos >= data.length) return -1;
    int n = Math.min(len, data.length - pos);
    System.arraycopy(data, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void seek(long p) throws IOException {
    if (p < 0 || p > data.length) throw new EOFException("seek to " + p);
    pos = (int) p;
  }

  @Override
  public long getPos() { return pos; }

  @Override
  public boolean seekToNewSource(long targetPos) { return false; }

  @Override
  public int read(long position, byte[] b, int off, int len) {
    if (position >= data.length) return -1;
    int n = (int) Math.min(len, data.length - position);
    System.arraycopy(data, (int) position, b, off, n);
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

package org.pcapanalytics.generate;

/** Writing integers into byte arrays: network (big-endian) order, or a file's byte order. */
final class ByteWriter {
  private ByteWriter() {
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void put32(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  /** A 48-bit MAC address held in the low bits of {@code mac}. */
  static void putMac(byte[] b, int off, long mac) {
    for (int i = 0; i < 6; i++) {
      b[off + i] = (byte) (mac >>> (40 - 8 * i));
    }
  }

  static void putShort(byte[] b, int off, int v, boolean little) {
    if (little) {
      b[off] = (byte) v;
      b[off + 1] = (byte) (v >>> 8);
    } else {
      put16(b, off, v);
    }
  }

  static void putInt(byte[] b, int off, int v, boolean little) {
    if (little) {
      b[off] = (byte) v;
      b[off + 1] = (byte) (v >>> 8);
      b[off + 2] = (byte) (v >>> 16);
      b[off + 3] = (byte) (v >>> 24);
    } else {
      put32(b, off, v);
    }
  }
}

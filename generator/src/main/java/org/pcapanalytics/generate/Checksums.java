package org.pcapanalytics.generate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** RFC 1071 Internet checksum, summing eight bytes per step. */
final class Checksums {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Checksums() {
  }

  /**
   * Adds the 16-bit big-endian words of {@code b[off, off+len)} to {@code sum} (an odd final byte is padded
   * with zero). The result is an unfolded partial sum; pass it to {@link #fold}.
   */
  static long add(long sum, byte[] b, int off, int len) {
    int i = off;
    int end8 = off + (len & ~7);
    while (i < end8) {
      long v = (long) LONG_BE.get(b, i);
      sum += (v >>> 32) + (v & 0xFFFF_FFFFL);
      i += 8;
    }
    int end = off + len;
    while (i + 1 < end) {
      sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
      i += 2;
    }
    if (i < end) {
      sum += (b[i] & 0xFF) << 8;
    }
    return sum;
  }

  /** Folds a partial sum to 16 bits and returns its one's complement. */
  static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) (~sum & 0xFFFF);
  }

  static int compute(byte[] b, int off, int len) {
    return fold(add(0, b, off, len));
  }
}

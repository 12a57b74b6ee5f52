package org.pcapanalytics.decode;

import java.util.Arrays;

/**
 * The start of a byte stream (a QUIC CRYPTO stream, a TCP stream direction) gathered from pieces
 * that may arrive out of order and overlap: bytes by stream offset, and which ranges have arrived.
 * Bounded: bytes at offsets past {@code max} and pieces that would need more than {@link
 * #MAX_RANGES} separate ranges are dropped (the stream then never completes). Grows its array to
 * the largest stream it has held, then reuses it.
 */
final class ReassemblyBuffer {
  static final int MAX_RANGES = 16;

  private final int max;
  byte[] data;
  /** Received ranges [start, end), sorted and disjoint: starts[i] < ends[i] < starts[i + 1]. */
  private final int[] starts = new int[MAX_RANGES], ends = new int[MAX_RANGES];
  private int ranges;

  ReassemblyBuffer(int max) {
    this.max = max;
    this.data = new byte[Math.min(max, 2048)];
  }

  void clear() {
    ranges = 0;
  }

  /**
   * Adds {@code src[off, off + len)} at stream offset {@code at} (clipped to the bound).
   *
   * @return false when the piece could not be kept (more than {@link #MAX_RANGES} gaps)
   */
  boolean add(byte[] src, int off, int len, long at) {
    if (len <= 0 || at >= max) return true;
    int start = (int) at;
    int end = (int) Math.min(at + len, max);
    if (end > data.length) data = Arrays.copyOf(data, Math.min(max, Math.max(end, data.length * 2)));
    // Merge with every range it touches.
    int i = 0;
    while (i < ranges && ends[i] < start) i++;
    int j = i;
    int newStart = start, newEnd = end;
    while (j < ranges && starts[j] <= end) {
      newStart = Math.min(newStart, starts[j]);
      newEnd = Math.max(newEnd, ends[j]);
      j++;
    }
    int merged = j - i;
    if (merged == 0 && ranges == MAX_RANGES) return false;
    System.arraycopy(src, off, data, start, end - start);
    int shift = 1 - merged; // ranges added (+1) or removed
    if (shift != 0) {
      System.arraycopy(starts, j, starts, j + shift, ranges - j);
      System.arraycopy(ends, j, ends, j + shift, ranges - j);
    }
    starts[i] = newStart;
    ends[i] = newEnd;
    ranges += shift;
    return true;
  }

  /** Length of the stream received without a gap from offset 0. */
  int contiguous() {
    return ranges > 0 && starts[0] == 0 ? ends[0] : 0;
  }
}

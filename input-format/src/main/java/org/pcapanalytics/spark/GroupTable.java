package org.pcapanalytics.spark;

import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * Open-addressing hash table from a group's key row to its accumulators, for
 * {@link AggregatingPartitionReader}: looked up with the reader's reused key row (hashing and
 * comparing its 8-byte words, no objects), a key is copied only when its group is new.
 */
final class GroupTable {
  private UnsafeRow[] keys;
  private long[][] values;
  private int[] hashes;
  private int size;
  private int mask;
  private final int width;

  /** @param width accumulators per group */
  GroupTable(int width) {
    this.width = width;
    allocate(1 << 10);
  }

  private void allocate(int capacity) {
    keys = new UnsafeRow[capacity];
    values = new long[capacity][];
    hashes = new int[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  void clear() {
    if (keys.length > 1 << 10) {
      allocate(1 << 10);
    } else {
      java.util.Arrays.fill(keys, null);
      java.util.Arrays.fill(values, null);
    }
    size = 0;
  }

  /** The accumulators of {@code key}'s group, created (zeros) when the group is new. */
  long[] get(UnsafeRow key) {
    int h = hash(key);
    int i = h & mask;
    while (true) {
      UnsafeRow k = keys[i];
      if (k == null) break;
      if (hashes[i] == h && equal(k, key)) return values[i];
      i = (i + 1) & mask;
    }
    long[] v = new long[width];
    keys[i] = key.copy();
    values[i] = v;
    hashes[i] = h;
    if (++size * 2 > keys.length) grow();
    return v;
  }

  private void grow() {
    UnsafeRow[] k = keys;
    long[][] v = values;
    int[] h = hashes;
    allocate(k.length * 2);
    for (int j = 0; j < k.length; j++) {
      if (k[j] == null) continue;
      int i = h[j] & mask;
      while (keys[i] != null) i = (i + 1) & mask;
      keys[i] = k[j];
      values[i] = v[j];
      hashes[i] = h[j];
    }
  }

  /** Calls {@code f} for every group. */
  void forEach(java.util.function.BiConsumer<UnsafeRow, long[]> f) {
    for (int i = 0; i < keys.length; i++) if (keys[i] != null) f.accept(keys[i], values[i]);
  }

  UnsafeRow keyAt(int slot) {
    return keys[slot];
  }

  long[] valueAt(int slot) {
    return values[slot];
  }

  int capacity() {
    return keys.length;
  }

  private static int hash(UnsafeRow r) {
    Object base = r.getBaseObject();
    long off = r.getBaseOffset();
    int n = r.getSizeInBytes(); // a multiple of 8
    long h = n;
    for (int i = 0; i < n; i += 8) {
      h = (h ^ Platform.getLong(base, off + i)) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 32;
    }
    return (int) (h ^ (h >>> 29));
  }

  private static boolean equal(UnsafeRow a, UnsafeRow b) {
    int n = a.getSizeInBytes();
    if (n != b.getSizeInBytes()) return false;
    Object ab = a.getBaseObject();
    Object bb = b.getBaseObject();
    long ao = a.getBaseOffset();
    long bo = b.getBaseOffset();
    for (int i = 0; i < n; i += 8) {
      if (Platform.getLong(ab, ao + i) != Platform.getLong(bb, bo + i)) return false;
    }
    return true;
  }
}

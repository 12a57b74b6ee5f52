package org.pcapanalytics.spark;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * Open-addressing hash table from a group's key row to its accumulators, for
 * {@link AggregatingPartitionReader}. Looked up with the reader's reused key row. Everything is
 * held in a few flat arrays — the keys' bytes one after another in one arena, the accumulators of
 * group {@code g} at {@code values()[g * width ...]} — so a lookup touches two or three cache lines
 * and a new group allocates nothing: with objects per group, each lookup would chase pointers and
 * every young collection would copy the groups held so far.
 */
final class GroupTable {
  private static final int INITIAL = 1 << 10;
  private final int width;
  /** Per slot: the hash of its group's key (high half) and 1 + the group (low half), or 0. */
  private long[] slots;
  private int mask;
  /** The keys' bytes, group after group. */
  private byte[] arena = new byte[64 << 10];
  private int arenaUsed;
  /** Per group: where its key starts in the arena, and its size (a multiple of 8). */
  private int[] keyOffset = new int[INITIAL / 2];
  private int[] keySize = new int[INITIAL / 2];
  private long[] values;
  private int size;
  private final UnsafeRow view;

  /**
   * @param width accumulators per group
   * @param keyFields fields of the key rows
   */
  GroupTable(int width, int keyFields) {
    this.width = width;
    this.view = new UnsafeRow(keyFields);
    this.values = new long[INITIAL / 2 * width];
    slots(INITIAL);
  }

  private void slots(int capacity) {
    slots = new long[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  /** Empties the table, keeping its arrays for the next groups. */
  void clear() {
    Arrays.fill(slots, 0L);
    Arrays.fill(values, 0, size * width, 0L);
    size = 0;
    arenaUsed = 0;
  }

  /**
   * The group of {@code key}, created with zero accumulators when new: its accumulators are
   * {@code values()[group * width ...]} (fetch {@link #values()} after this call, it may grow).
   */
  int group(UnsafeRow key) {
    int h = hash(key);
    int i = h & mask;
    while (true) {
      long s = slots[i];
      if (s == 0) break;
      if ((int) (s >>> 32) == h && equal((int) s - 1, key)) return (int) s - 1;
      i = (i + 1) & mask;
    }
    int g = add(key);
    slots[i] = ((long) h << 32) | (g + 1);
    if (size * 2 > slots.length) rehash();
    return g;
  }

  long[] values() {
    return values;
  }

  /** Group {@code g}'s key, as a row valid until the next call of this method or {@link #clear()}. */
  UnsafeRow key(int g) {
    view.pointTo(arena, Platform.BYTE_ARRAY_OFFSET + keyOffset[g], keySize[g]);
    return view;
  }

  private int add(UnsafeRow key) {
    int g = size++;
    int n = key.getSizeInBytes();
    if (g == keyOffset.length) {
      keyOffset = Arrays.copyOf(keyOffset, g * 2);
      keySize = Arrays.copyOf(keySize, g * 2);
      values = Arrays.copyOf(values, g * 2 * width);
    }
    if (arenaUsed + n > arena.length) arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + n));
    key.writeToMemory(arena, Platform.BYTE_ARRAY_OFFSET + arenaUsed);
    keyOffset[g] = arenaUsed;
    keySize[g] = n;
    arenaUsed += n;
    return g;
  }

  private void rehash() {
    long[] old = slots;
    slots(old.length * 2);
    for (long s : old) {
      if (s == 0) continue;
      int i = (int) (s >>> 32) & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = s;
    }
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

  private boolean equal(int g, UnsafeRow key) {
    int n = keySize[g];
    if (n != key.getSizeInBytes()) return false;
    long a = Platform.BYTE_ARRAY_OFFSET + keyOffset[g];
    Object kb = key.getBaseObject();
    long ko = key.getBaseOffset();
    for (int i = 0; i < n; i += 8) {
      if (Platform.getLong(arena, a + i) != Platform.getLong(kb, ko + i)) return false;
    }
    return true;
  }
}

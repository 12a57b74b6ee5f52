package org.pcapanalytics.io;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded damage to a capture's bytes, of the kinds storage, transfer and broken writers cause:
 * flipped bits, overwritten runs, a cut, a duplicated or a deleted range, and absurd lengths
 * written into record headers (an incl_len or orig_len of gigabytes, a block length of 1).
 * Mostly aimed at record headers, where damage decides how the file is framed.
 */
final class CaptureDamage {
  private CaptureDamage() {}

  /** A damaged copy and what was done to it, for a failure message. */
  static final class Damaged {
    final byte[] data;
    final String description;
    /** Where the damage is (offsets in the damaged copy, roughly: later damage can move earlier sites). */
    final int[] sites;

    Damaged(byte[] data, String description, int[] sites) {
      this.data = data;
      this.description = description;
      this.sites = sites;
    }
  }

  /** Values written over a length field: beyond any limit, just past one, zero, tiny, negative as int. */
  private static final long[] ABSURD = {0, 1, 3, 15, 16, 0x7FFF_FFF0L, 0xFFFF_FFFFL, 0x8000_0000L, 134_217_728,
      3_100_000_000L, 262_145, 16_777_217, 67_108_865, 65_536, 1_600, 2_048};

  /**
   * One to three damages to a copy of {@code clean}.
   *
   * @param records the clean file's record offsets (from a whole read), to aim at headers
   * @param headerEnd bytes of file/section header at the start, damaged only rarely
   */
  static Damaged apply(byte[] clean, List<Rec> records, long headerEnd, SplittableRandom rnd) {
    byte[] d = clean.clone();
    boolean pcapng = clean.length >= 4 && Bytes.i32be(clean, 0) == PcapngFramer.SHB;
    boolean le = littleEndian(clean, pcapng);
    int n = 1 + rnd.nextInt(3);
    List<String> what = new ArrayList<>();
    int[] sites = new int[n];
    for (int k = 0; k < n && d.length > 0; k++) {
      int at = target(d, records, headerEnd, pcapng, rnd);
      sites[k] = at;
      switch (rnd.nextInt(7)) {
        case 0: {
          int bits = 1 + rnd.nextInt(3);
          for (int b = 0; b < bits; b++) {
            int p = Math.min(d.length - 1, at + rnd.nextInt(4));
            d[p] ^= (byte) (1 << rnd.nextInt(8));
          }
          what.add(bits + " bit(s) flipped at " + at);
          break;
        }
        case 1: {
          int len = Math.min(d.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 64));
          int fill = rnd.nextInt(3);
          for (int i = at; i < at + len; i++) d[i] = (byte) (fill == 0 ? 0 : fill == 1 ? 0xFF : rnd.nextInt(256));
          what.add(len + " bytes overwritten (" + (fill == 0 ? "zeros" : fill == 1 ? "0xff" : "random") + ") at " + at);
          break;
        }
        case 2: {
          what.add("cut at " + at + " of " + d.length);
          d = java.util.Arrays.copyOf(d, at);
          break;
        }
        case 3: {
          int len = Math.min(d.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 2048));
          int to = Math.min(d.length, at + rnd.nextInt(4096));
          d = insert(d, to, java.util.Arrays.copyOfRange(d, at, at + len));
          what.add(len + " bytes from " + at + " duplicated at " + to);
          break;
        }
        case 4: {
          int len = Math.min(d.length - at, 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 2048));
          byte[] e = new byte[d.length - len];
          System.arraycopy(d, 0, e, 0, at);
          System.arraycopy(d, at + len, e, at, d.length - at - len);
          d = e;
          what.add(len + " bytes deleted at " + at);
          break;
        }
        case 5: {
          // A writer that lies about its snapshot length (or a damaged one): lengths judged against another limit.
          if (pcapng || d.length < 24) {
            what.add("no pcap snaplen to change");
            break;
          }
          long v = new long[] {64, 128, 1_600, 2_048, 65_535, 0}[rnd.nextInt(6)];
          put32(d, 16, v, le);
          sites[k] = 16;
          what.add("snaplen set to " + v);
          break;
        }
        default: {
          Rec r = records.isEmpty() ? null : records.get(rnd.nextInt(records.size()));
          if (r == null || r.offset + 28 > d.length) {
            what.add("no record to give an absurd length");
            break;
          }
          int field = (int) r.offset + lengthField(d, (int) r.offset, pcapng, le, rnd);
          long v = rnd.nextInt(4) == 0 ? rnd.nextLong() & 0xFFFF_FFFFL : ABSURD[rnd.nextInt(ABSURD.length)];
          boolean order = rnd.nextInt(8) == 0 ? !le : le;
          if (field + 4 <= d.length) put32(d, field, v, order);
          sites[k] = field;
          what.add("length field at " + field + " set to " + v + (order != le ? " (other byte order)" : ""));
        }
      }
    }
    return new Damaged(d, String.join("; ", what), sites);
  }

  /** Where to damage: near a record start mostly, anywhere after the header sometimes, the header rarely. */
  private static int target(byte[] d, List<Rec> records, long headerEnd, boolean pcapng, SplittableRandom rnd) {
    int c = rnd.nextInt(50);
    if (c == 0 || d.length <= headerEnd) return rnd.nextInt(d.length);
    if (c < 34 && !records.isEmpty()) {
      long off = records.get(rnd.nextInt(records.size())).offset + rnd.nextInt(pcapng ? 32 : 16);
      if (off < d.length) return (int) off;
    }
    return (int) (headerEnd + rnd.nextInt((int) (d.length - headerEnd)));
  }

  /** Offset within the record at {@code p} of one of its length fields. */
  private static int lengthField(byte[] d, int p, boolean pcapng, boolean le, SplittableRandom rnd) {
    if (!pcapng) return rnd.nextBoolean() ? 8 : 12;
    switch (rnd.nextInt(4)) {
      case 0: return 4; // block total length
      case 1: { // its trailing copy
        long len = Bytes.u32(d, p + 4, le);
        return len >= 12 && p + len <= d.length ? (int) len - 4 : 4;
      }
      case 2: return 20; // EPB captured length
      default: return 24; // EPB original length
    }
  }

  private static boolean littleEndian(byte[] d, boolean pcapng) {
    if (d.length < 12) return true;
    if (pcapng) return Bytes.i32be(d, 8) == 0x4D3C2B1A;
    int m = Bytes.i32be(d, 0);
    return m == 0xD4C3B2A1 || m == 0x4D3CB2A1;
  }

  private static byte[] insert(byte[] d, int at, byte[] what) {
    byte[] e = new byte[d.length + what.length];
    System.arraycopy(d, 0, e, 0, at);
    System.arraycopy(what, 0, e, at, what.length);
    System.arraycopy(d, at, e, at + what.length, d.length - at);
    return e;
  }

  private static void put32(byte[] d, int at, long v, boolean le) {
    for (int i = 0; i < 4; i++) {
      int shift = le ? 8 * i : 8 * (3 - i);
      d[at + i] = (byte) (v >>> shift);
    }
  }
}

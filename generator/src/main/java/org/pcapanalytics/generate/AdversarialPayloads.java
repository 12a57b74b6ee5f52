package org.pcapanalytics.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Payload bytes that imitate the capture container itself, to trap readers that look for record boundaries
 * inside a file (as a splitter of a large capture must): chains of plausible pcap record headers or pcapng
 * blocks in the output's own format and byte order, and fake pcap file headers / pcapng section headers.
 * A chain always ends exactly at the given end offset, so when that is the end of the real record's captured
 * bytes, a boundary finder that starts inside the payload walks straight into the next real record.
 */
final class AdversarialPayloads {
  /** Smallest fake captured length (an Ethernet header). */
  static final int MIN_CAP = 14;
  /** Smallest fake pcapng EPB: 32 bytes of block structure and 16 of data. */
  static final int MIN_BLOCK = 48;
  private static final int MAX_CAP = 1600;
  private static final long NS = 1_000_000_000L;

  private final boolean pcapng;
  private final boolean nanos;
  private final int snaplen;
  private final int linkType;
  private final List<CaptureInterface> ifaces;
  private final byte[] pool;

  AdversarialPayloads(CaptureFormat format, int snaplen, int linkType, List<CaptureInterface> ifaces, byte[] pool) {
    this.pcapng = format == CaptureFormat.PCAPNG;
    this.nanos = format == CaptureFormat.PCAP_NS;
    this.snaplen = snaplen;
    this.linkType = linkType;
    this.ifaces = ifaces;
    this.pool = pool;
  }

  boolean pcapng() {
    return pcapng;
  }

  /** Fewest bytes a chain needs. */
  int minChainBytes() {
    return pcapng ? MIN_BLOCK : 16 + MIN_CAP;
  }

  /**
   * Writes a chain of fake records into {@code b[start, end)}, the last one ending exactly at {@code end}.
   * For pcapng both offsets must be file-aligned (multiples of four from the start of the packet data).
   *
   * @return the number of fake records written (0 if the range is too small)
   */
  int chain(byte[] b, int start, int end, boolean little, long tsNs, SplittableRandom r) {
    return pcapng ? pcapngChain(b, start, end, little, tsNs, r) : pcapChain(b, start, end, little, tsNs, r);
  }

  private int pcapChain(byte[] b, int start, int end, boolean little, long tsNs, SplittableRandom r) {
    if (end - start < 16 + MIN_CAP) {
      return 0;
    }
    int maxCap = Math.min(snaplen, MAX_CAP);
    long t = tsNs - (1 + r.nextInt(3600)) * NS - r.nextInt(1_000_000_000);
    int p = start;
    int n = 0;
    while (p < end) {
      int rem = end - p;
      int cap;
      if (rem - 16 <= maxCap && (rem - 16 <= 200 || r.nextInt(3) == 0)) {
        cap = rem - 16;
      } else {
        int hi = Math.min(maxCap, rem - 32 - MIN_CAP);
        cap = MIN_CAP + r.nextInt(hi - MIN_CAP + 1);
      }
      t += r.nextInt(50_000_000);
      long sec = t / NS;
      long frac = t % NS;
      ByteWriter.putInt(b, p, (int) sec, little);
      ByteWriter.putInt(b, p + 4, (int) (nanos ? frac : frac / 1000), little);
      ByteWriter.putInt(b, p + 8, cap, little);
      ByteWriter.putInt(b, p + 12, wireLength(cap, r), little);
      fakeFrame(b, p + 16, cap, r);
      p += 16 + cap;
      n++;
    }
    return n;
  }

  private int pcapngChain(byte[] b, int start, int end, boolean little, long tsNs, SplittableRandom r) {
    if (((start | end) & 3) != 0) {
      throw new IllegalArgumentException("pcapng chain must be 4-byte aligned: " + start + ".." + end);
    }
    if (end - start < MIN_BLOCK) {
      return 0;
    }
    int maxCap = Math.min(snaplen, MAX_CAP) & ~3;
    long t = tsNs - (1 + r.nextInt(3600)) * NS - r.nextInt(1_000_000_000);
    int p = start;
    int n = 0;
    while (p < end) {
      int rem = end - p;
      int total;
      if (rem - 32 <= maxCap && (rem - 32 <= 200 || r.nextInt(3) == 0)) {
        total = rem;
      } else {
        // leave room for at least one more block
        int hi = Math.min(32 + maxCap, rem - MIN_BLOCK);
        total = MIN_BLOCK + 4 * r.nextInt((hi - MIN_BLOCK) / 4 + 1);
      }
      int cap = total - 32 - r.nextInt(4);
      t += r.nextInt(50_000_000);
      CaptureInterface ci = ifaces.get(r.nextInt(ifaces.size()));
      long units = ci.toUnits(t);
      ByteWriter.putInt(b, p, PcapngFileWriter.BT_EPB, little);
      ByteWriter.putInt(b, p + 4, total, little);
      ByteWriter.putInt(b, p + 8, ci.id(), little);
      ByteWriter.putInt(b, p + 12, (int) (units >>> 32), little);
      ByteWriter.putInt(b, p + 16, (int) units, little);
      ByteWriter.putInt(b, p + 20, cap, little);
      ByteWriter.putInt(b, p + 24, wireLength(cap, r), little);
      fakeFrame(b, p + 28, cap, r);
      for (int i = p + 28 + cap; i < p + total - 4; i++) {
        b[i] = 0;
      }
      ByteWriter.putInt(b, p + total - 4, total, little);
      p += total;
      n++;
    }
    return n;
  }

  /**
   * Writes a fake file start at {@code off}: a pcap global header for pcap outputs, or an SHB followed by an
   * IDB for pcapng outputs ({@code off} must then be file-aligned). Returns its length, or 0 if it does not fit.
   */
  int fileHeader(byte[] b, int off, int end, boolean little) {
    if (pcapng) {
      if (end - off < 48) {
        return 0;
      }
      shb(b, off, little);
      ByteWriter.putInt(b, off + 28, PcapngFileWriter.BT_IDB, little);
      ByteWriter.putInt(b, off + 32, 20, little);
      ByteWriter.putShort(b, off + 36, linkType, little);
      ByteWriter.putShort(b, off + 38, 0, little);
      ByteWriter.putInt(b, off + 40, snaplen, little);
      ByteWriter.putInt(b, off + 44, 20, little);
      return 48;
    }
    if (end - off < 24) {
      return 0;
    }
    pcapHeader(b, off, little, nanos);
    return 24;
  }

  /** A stray container header of the other kind (an SHB in a pcap file, a pcap header in a pcapng file). */
  int foreignHeader(byte[] b, int off, int end, boolean little) {
    if (end - off < 28) {
      return 0;
    }
    if (pcapng) {
      pcapHeader(b, off, little, off % 2 == 0);
      return 24;
    }
    shb(b, off, little);
    return 28;
  }

  private void pcapHeader(byte[] b, int off, boolean little, boolean ns) {
    ByteWriter.putInt(b, off, ns ? PcapFileWriter.MAGIC_NS : PcapFileWriter.MAGIC_US, little);
    ByteWriter.putShort(b, off + 4, 2, little);
    ByteWriter.putShort(b, off + 6, 4, little);
    ByteWriter.putInt(b, off + 8, 0, little);
    ByteWriter.putInt(b, off + 12, 0, little);
    ByteWriter.putInt(b, off + 16, snaplen, little);
    ByteWriter.putInt(b, off + 20, linkType, little);
  }

  private static void shb(byte[] b, int off, boolean little) {
    ByteWriter.putInt(b, off, PcapngFileWriter.BT_SHB, little);
    ByteWriter.putInt(b, off + 4, 28, little);
    ByteWriter.putInt(b, off + 8, PcapngFileWriter.BYTE_ORDER_MAGIC, little);
    ByteWriter.putShort(b, off + 12, 1, little);
    ByteWriter.putShort(b, off + 14, 0, little);
    ByteWriter.putInt(b, off + 16, -1, little);
    ByteWriter.putInt(b, off + 20, -1, little);
    ByteWriter.putInt(b, off + 24, 28, little);
  }

  private static int wireLength(int cap, SplittableRandom r) {
    return r.nextInt(4) == 0 ? cap + 1 + r.nextInt(1500) : cap;
  }

  /** Fake frame bytes: random data, starting like an Ethernet/IPv4 frame when there is room. */
  private void fakeFrame(byte[] b, int off, int len, SplittableRandom r) {
    System.arraycopy(pool, r.nextInt(pool.length - len), b, off, len);
    if (len >= 34) {
      b[off + 12] = 0x08;
      b[off + 13] = 0x00;
      b[off + 14] = 0x45;
      b[off + 15] = 0;
    }
  }
}

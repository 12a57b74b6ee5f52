package org.pcapanalytics.generate;

/**
 * One capture interface: its link type and how its timestamps are encoded. Classic pcap files have exactly
 * one (microsecond or nanosecond resolution); pcapng files have one per IDB.
 *
 * @param id           interface id (index of the IDB within its section)
 * @param linkType     LINKTYPE_ value
 * @param tsresol      the pcapng {@code if_tsresol} byte, or -1 when the option is absent (microseconds)
 * @param tsOffsetSec  the pcapng {@code if_tsoffset} in seconds (0 when absent)
 * @param name         the {@code if_name}
 */
record CaptureInterface(int id, int linkType, int tsresol, long tsOffsetSec, String name) {
  static final int TSRESOL_ABSENT = -1;
  static final int TSRESOL_NS = 9;
  static final int TSRESOL_US = 6;
  /** 2^-20 seconds. */
  static final int TSRESOL_POW2_20 = 0x80 | 20;

  private static final long NS = 1_000_000_000L;

  /** Timestamp in this interface's units (after subtracting the offset) for an instant in ns since the epoch. */
  long toUnits(long epochNs) {
    long rel = epochNs - tsOffsetSec * NS;
    long sec = Math.floorDiv(rel, NS);
    long frac = Math.floorMod(rel, NS);
    int r = tsresol == TSRESOL_ABSENT ? TSRESOL_US : tsresol;
    if ((r & 0x80) != 0) {
      int k = r & 0x7f;
      return (sec << k) + ((frac << k) / NS);
    }
    long per = pow10(r);
    return sec * per + frac / (NS / per);
  }

  /** The instant (ns since the epoch) a reader reconstructs from {@code units}, rounding down. */
  long fromUnits(long units) {
    int r = tsresol == TSRESOL_ABSENT ? TSRESOL_US : tsresol;
    long base = tsOffsetSec * NS;
    if ((r & 0x80) != 0) {
      int k = r & 0x7f;
      long sec = units >> k;
      long f = units & ((1L << k) - 1);
      return base + sec * NS + ((f * NS) >> k);
    }
    long per = pow10(r);
    return base + (units / per) * NS + (units % per) * (NS / per);
  }

  private static long pow10(int k) {
    if (k > 9) {
      throw new IllegalArgumentException("resolution finer than ns not supported: " + k);
    }
    long p = 1;
    for (int i = 0; i < k; i++) {
      p *= 10;
    }
    return p;
  }
}

package org.pcapanalytics.io;

import java.math.BigInteger;

/**
 * What an Interface Description Block says about the packets of one interface: link type,
 * snapshot length and how to turn its timestamps into nanoseconds ({@code if_tsresol},
 * {@code if_tsoffset}).
 */
final class PcapngInterface {
  private static final long NS = 1_000_000_000L;
  private static final BigInteger BIG_NS = BigInteger.valueOf(NS);

  final int linkType;
  final long snaplen;
  /** Timestamp units per second (10^6 unless if_tsresol says otherwise); 0 if unsupported. */
  final long unitsPerSecond;
  private final BigInteger bigUnits;
  /** Nanoseconds per unit when a unit is a whole number of ns (µs: 1000), else 0. */
  private final long nsPerUnit;
  /** Units per nanosecond when the resolution is finer than 1 ns (10^-12: 1000), else 0. */
  private final long unitsPerNs;
  final long offsetSeconds;
  /** How a writer reproduces this interface's records; null when it cannot. */
  final InterfaceFormat format;

  /** Same link type and time scale: packets decode the same whichever of the two describes them. */
  boolean decodesLike(PcapngInterface o) {
    return linkType == o.linkType && unitsPerSecond == o.unitsPerSecond && offsetSeconds == o.offsetSeconds;
  }

  PcapngInterface(int linkType, long snaplen, int tsresol, long offsetSeconds) {
    this.linkType = linkType;
    this.snaplen = snaplen;
    this.offsetSeconds = offsetSeconds;
    BigInteger units;
    int exp = tsresol & 0x7F;
    if ((tsresol & 0x80) == 0) {
      units = BigInteger.TEN.pow(exp);
    } else {
      units = BigInteger.ONE.shiftLeft(exp);
    }
    // A resolution finer than 2^-62 s or 10^-18 s cannot be counted in an unsigned 64-bit field usefully.
    boolean ok = units.bitLength() <= 63;
    this.unitsPerSecond = ok ? units.longValue() : 0;
    this.bigUnits = ok ? units : null;
    this.nsPerUnit = ok && NS % unitsPerSecond == 0 ? NS / unitsPerSecond : 0;
    this.unitsPerNs = ok && nsPerUnit == 0 && unitsPerSecond % NS == 0 ? unitsPerSecond / NS : 0;
    this.format = InterfaceFormat.orNull(linkType, snaplen, tsresol);
  }

  /**
   * Nanoseconds since the epoch of an unsigned 64-bit timestamp, or {@link Long#MIN_VALUE} when
   * it is outside what a signed 64-bit nanosecond count can hold (after year 2262).
   */
  long toNanos(long ts) {
    if (unitsPerSecond == 0) return Long.MIN_VALUE;
    long ns;
    if (nsPerUnit != 0) {
      if (Long.compareUnsigned(ts, Long.MAX_VALUE / nsPerUnit) > 0) return Long.MIN_VALUE;
      ns = ts * nsPerUnit;
    } else if (unitsPerNs != 0) {
      ns = Long.divideUnsigned(ts, unitsPerNs);
      if (ns < 0) return Long.MIN_VALUE;
    } else {
      // Power-of-two and other resolutions: whole seconds plus the truncated fraction.
      long secs = Long.divideUnsigned(ts, unitsPerSecond);
      long frac = Long.remainderUnsigned(ts, unitsPerSecond);
      if (secs < 0 || secs > Long.MAX_VALUE / NS - 1) return Long.MIN_VALUE;
      long fracNs = unitsPerSecond <= Long.MAX_VALUE / NS
          ? frac * NS / unitsPerSecond
          : BigInteger.valueOf(frac).multiply(BIG_NS).divide(bigUnits).longValue();
      ns = secs * NS + fracNs;
    }
    if (offsetSeconds != 0) {
      long off = offsetSeconds * NS;
      if (offsetSeconds != off / NS) return Long.MIN_VALUE;
      long r = ns + off;
      if (((ns ^ r) & (off ^ r)) < 0) return Long.MIN_VALUE;
      ns = r;
    }
    return ns;
  }

  /**
   * The timestamp in this interface's units of an instant (ns since the epoch, at or after the
   * interface's offset), rounded down: the inverse of {@link #toNanos} for resolutions no finer
   * than 1 ns (whose unit counts never exceed the nanosecond count). -1 before the offset.
   */
  long toUnits(long ns) {
    if (unitsPerSecond == 0 || unitsPerSecond > NS) {
      throw new IllegalStateException("timestamps are only written at resolutions down to 1 ns");
    }
    long rel = Math.subtractExact(ns, Math.multiplyExact(offsetSeconds, NS));
    if (rel < 0) return -1;
    if (nsPerUnit != 0) return rel / nsPerUnit;
    long secs = rel / NS;
    long frac = rel % NS;
    // A power-of-two resolution: 2^k units per second with k <= 29, so neither product overflows.
    return secs * unitsPerSecond + frac * unitsPerSecond / NS;
  }
}

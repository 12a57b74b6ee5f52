package org.pcapanalytics.decode;

/**
 * Recently formatted IP addresses, direct-mapped: a capture repeats the same few thousand
 * addresses millions of times, so most packets copy cached text instead of formatting it
 * (IPv6 formatting, with its zero-run search, costs more than decoding the whole packet).
 * One per reader thread; no allocation on a hit, one small array on a miss.
 */
public final class AddressTextCache {
  private static final int SIZE = 1 << 12;

  private final int[] versions = new int[SIZE];
  private final long[] his = new long[SIZE];
  private final long[] los = new long[SIZE];
  private final byte[][] texts = new byte[SIZE][];
  private final byte[] scratch = new byte[AddressFormat.MAX_IPV6];

  /** The text of the address (as {@link AddressFormat#srcIp}), or null for version 0. */
  public byte[] text(int version, long hi, long lo) {
    if (version == 0) return null;
    long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ version;
    int i = (int) (h ^ (h >>> 29) ^ (h >>> 47)) & (SIZE - 1);
    byte[] t = texts[i];
    if (t != null && versions[i] == version && his[i] == hi && los[i] == lo) return t;
    int n = version == 4 ? AddressFormat.ipv4(lo, scratch, 0) : AddressFormat.ipv6(hi, lo, scratch, 0);
    t = java.util.Arrays.copyOf(scratch, n);
    versions[i] = version;
    his[i] = hi;
    los[i] = lo;
    texts[i] = t;
    return t;
  }

  public byte[] src(DecodedPacket p) {
    return text(p.ipVersion, p.srcHi, p.srcLo);
  }

  public byte[] dst(DecodedPacket p) {
    return text(p.ipVersion, p.dstHi, p.dstLo);
  }
}

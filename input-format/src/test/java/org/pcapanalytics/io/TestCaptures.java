package org.pcapanalytics.io;

/** Tiny hand-made captures for tests in other packages. */
public final class TestCaptures {
  private TestCaptures() {}

  /** An Ethernet pcap (µs, little-endian) holding the given frames. */
  public static byte[] pcap(byte[]... frames) {
    PcapBuilder b = PcapBuilder.ethernet();
    long t = 1_700_000_000L;
    for (byte[] f : frames) b.record(t++, 0, f);
    return b.bytes();
  }
}

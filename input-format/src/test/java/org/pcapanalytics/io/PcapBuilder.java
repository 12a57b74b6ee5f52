package org.pcapanalytics.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small pcap files by hand for boundary tests. */
final class PcapBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;
  private final boolean nanos;

  PcapBuilder(boolean littleEndian, boolean nanos, int linkType, int snaplen) {
    this.order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    this.nanos = nanos;
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(snaplen).putInt(linkType);
    out.writeBytes(h.array());
  }

  static PcapBuilder ethernet() {
    return new PcapBuilder(true, false, 1, 262144);
  }

  /** A 16-byte record header in this file's byte order. */
  byte[] recordHeader(long sec, long frac, int caplen, int wirelen) {
    return ByteBuffer.allocate(16).order(order).putInt((int) sec).putInt((int) frac).putInt(caplen).putInt(wirelen)
        .array();
  }

  PcapBuilder record(long sec, long frac, byte[] data) {
    out.writeBytes(recordHeader(sec, frac, data.length, data.length));
    out.writeBytes(data);
    return this;
  }

  PcapBuilder raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Deterministic filler bytes of a given length. */
  static byte[] filler(int len, int seed) {
    byte[] b = new byte[len];
    int x = seed * 1103515245 + 12345;
    for (int i = 0; i < len; i++) {
      x = x * 1103515245 + 12345;
      b[i] = (byte) (x >>> 16);
    }
    return b;
  }

  /**
   * A payload of {@code len} bytes that ends with a chain of fake records filling it exactly, so
   * the chain ends where the record carrying it ends: a boundary finder that starts inside it
   * sees valid records all the way into the real chain.
   */
  byte[] adversarialPayload(int len, int fakeRecords, int seed) {
    byte[] p = filler(len, seed);
    int prefix = 60 + (seed % 7);
    int room = len - prefix;
    int each = room / fakeRecords;
    int pos = prefix;
    for (int k = 0; k < fakeRecords; k++) {
      int recLen = k == fakeRecords - 1 ? len - pos : each;
      int caplen = recLen - 16;
      byte[] h = recordHeader(1_600_000_000L + k, nanos ? 123_456_789 : 123_456, caplen, caplen + 4);
      System.arraycopy(h, 0, p, pos, 16);
      pos += recLen;
    }
    return p;
  }
}

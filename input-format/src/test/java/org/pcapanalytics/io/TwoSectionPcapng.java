package org.pcapanalytics.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A pcapng file of two little-endian sections that both number their interface 0: section A is
 * Ethernet with microseconds, section B (~6 MB, several lookbacks long) raw IP with nanoseconds.
 * Section lengths are declared in the SHBs, or left "unknown" (-1) as most writers do.
 */
public final class TwoSectionPcapng {
  public static final int PACKETS_A = 300;
  public static final int PACKETS_B = 9000;

  private TwoSectionPcapng() {}

  public static long expectedNanos(boolean a, int i) {
    return a ? (1_700_000_000_000_000L + i * 1000L) * 1000 : 1_700_000_500_000_000_000L + i * 7L;
  }

  public static byte[] bytes(boolean declareLengths) {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    a.writeBytes(idb(1, 0));
    for (int i = 0; i < PACKETS_A; i++) a.writeBytes(epb(expectedNanos(true, i) / 1000, 60 + i % 200, i));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(idb(101, 9));
    for (int i = PACKETS_A; i < PACKETS_A + PACKETS_B; i++) b.writeBytes(epb(expectedNanos(false, i), 300 + i % 900, i));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(shb(declareLengths ? a.size() : -1));
    out.writeBytes(a.toByteArray());
    out.writeBytes(shb(declareLengths ? b.size() : -1));
    out.writeBytes(b.toByteArray());
    return out.toByteArray();
  }

  private static ByteBuffer block(int type, int bodyLength) {
    int len = 12 + bodyLength;
    ByteBuffer bb = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    bb.putInt(type).putInt(len);
    bb.putInt(len - 4, len);
    return bb;
  }

  private static byte[] shb(long sectionLength) {
    ByteBuffer bb = block(PcapngFramer.SHB, 16);
    bb.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(sectionLength);
    return bb.array();
  }

  private static byte[] idb(int linkType, int tsresol) {
    ByteBuffer bb = block(PcapngFramer.IDB, 8 + (tsresol > 0 ? 12 : 0));
    bb.putShort((short) linkType).putShort((short) 0).putInt(0);
    if (tsresol > 0) bb.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).putInt(0);
    return bb.array();
  }

  /** An EPB on interface 0 whose payload repeats its own header bytes (fake blocks to mislead a boundary search). */
  private static byte[] epb(long ts, int caplen, int seed) {
    int padded = (caplen + 3) & ~3;
    ByteBuffer bb = block(PcapngFramer.EPB, 20 + padded);
    bb.putInt(0).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(caplen).putInt(caplen);
    byte[] payload = PcapBuilder.filler(caplen, seed);
    if (seed % 5 == 0 && caplen >= 64) { // a fake EPB header inside the payload
      ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(PcapngFramer.EPB).putInt(32).putInt(0);
    }
    bb.put(payload);
    return bb.array();
  }
}

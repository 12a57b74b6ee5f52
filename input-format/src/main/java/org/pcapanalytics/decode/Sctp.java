package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * SCTP common header (RFC 9260): only the ports are decoded, which flow keys (Community ID) need;
 * the chunks that follow are not.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Sctp {
  public static final String SHORT = "sctp: packet shorter than the 12-byte common header";

  private Sctp() {}

  /** Decodes the ports (as soon as their 4 bytes are there, as for TCP and UDP). */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    out.transportOffset = off;
    int have = Math.min(capEnd, wireEnd) - off;
    if (have >= 4) {
      out.srcPort = Bytes.u16be(b, off);
      out.dstPort = Bytes.u16be(b, off + 2);
    }
    if (have < 12) out.shortHeader(wireEnd, off, 12, SHORT);
  }
}

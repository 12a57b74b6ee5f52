package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * UDP header (RFC 768).
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |   Source Port   |   Dest. Port    |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * Length counts the 8-byte header and the data.
 * </pre>
 */
public final class Udp {
  public static final String SHORT = "udp: datagram shorter than the 8-byte header";
  public static final String BAD_LENGTH = "udp: length field below 8";
  public static final String LENGTH_BEYOND = "udp: length field beyond the IP payload";

  private Udp() {}

  /** @return the payload offset when the header is present and consistent, else -1 */
  public static int decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    out.transportOffset = off;
    int have = Math.min(capEnd, wireEnd) - off;
    if (have >= 4) {
      out.srcPort = Bytes.u16be(b, off);
      out.dstPort = Bytes.u16be(b, off + 2);
    }
    if (have < 8) {
      out.shortHeader(wireEnd, off, 8, SHORT);
      return -1;
    }
    int len = Bytes.u16be(b, off + 4);
    if (len < 8) {
      out.error(BAD_LENGTH);
      return -1;
    }
    int end;
    if (len > wireEnd - off) {
      // A first IP fragment carries only the start of the datagram the length describes.
      if (!out.firstFragment) {
        out.error(LENGTH_BEYOND);
        return -1;
      }
      end = wireEnd;
    } else {
      end = off + len; // the datagram may be shorter than the IP payload: the rest is not UDP's
    }
    out.payloadLen = len - 8;
    out.payloadOffset = off + 8;
    out.payloadWireEnd = end;
    out.payloadCapLen = Math.min(capEnd, end) - (off + 8);
    return off + 8;
  }
}

package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * TCP header (RFC 9293; AE flag RFC 9768 / former NS, RFC 3540).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (Data Offset * 4 - 20 bytes)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Tcp {
  public static final String SHORT = "tcp: segment shorter than the 20-byte header";
  public static final String BAD_DATA_OFFSET = "tcp: data offset below 5 words";
  public static final String DATA_OFFSET_BEYOND = "tcp: data offset beyond packet length";

  private Tcp() {}

  /**
   * Decodes the segment {@code [off, wireEnd)} of which {@code [off, capEnd)} was captured.
   * Fields are filled as far as the captured bytes reach (tshark shows the ports of a segment cut
   * after 4 bytes).
   *
   * @return the payload offset when the whole header is present, else -1
   */
  public static int decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    out.transportOffset = off;
    int have = Math.min(capEnd, wireEnd) - off;
    if (have < 20) {
      if (have >= 4) {
        out.srcPort = Bytes.u16be(b, off);
        out.dstPort = Bytes.u16be(b, off + 2);
      }
      if (have >= 8) out.tcpSeq = Bytes.u32be(b, off + 4);
      if (have >= 12) out.tcpAck = Bytes.u32be(b, off + 8);
      if (have >= 14) out.tcpFlags = Bytes.u16be(b, off + 12) & 0x0FFF;
      if (have >= 16) out.tcpWindow = Bytes.u16be(b, off + 14);
      out.shortHeader(wireEnd, off, 20, SHORT);
      return -1;
    }
    out.srcPort = Bytes.u16be(b, off);
    out.dstPort = Bytes.u16be(b, off + 2);
    out.tcpSeq = Bytes.u32be(b, off + 4);
    out.tcpAck = Bytes.u32be(b, off + 8);
    int hlen = ((b[off + 12] & 0xFF) >>> 4) * 4;
    if (hlen < 20) {
      // The rest of the header cannot be trusted; tshark stops after the numbers too.
      out.error(BAD_DATA_OFFSET);
      return -1;
    }
    out.tcpFlags = Bytes.u16be(b, off + 12) & 0x0FFF;
    out.tcpWindow = Bytes.u16be(b, off + 14);
    int segLen = wireEnd - off;
    if (hlen > segLen) {
      out.error(DATA_OFFSET_BEYOND);
      return -1;
    }
    // A first IP fragment holds only part of the segment: its length is unknown (tshark shows no
    // tcp.len either).
    out.payloadLen = out.firstFragment ? -1 : segLen - hlen;
    if (hlen > have) return -1; // options cut by the snapshot length: no payload byte captured
    out.payloadOffset = off + hlen;
    out.payloadWireEnd = wireEnd;
    out.payloadCapLen = have - hlen;
    return off + hlen;
  }
}

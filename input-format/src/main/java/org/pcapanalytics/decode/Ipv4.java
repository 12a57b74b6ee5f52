package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * IPv4 header (RFC 791).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Flags: bit 0 reserved, bit 1 DF, bit 2 MF. Fragment offset in units of 8 bytes.
 * </pre>
 */
public final class Ipv4 {
  public static final String SHORT = "ipv4: packet shorter than the 20-byte header";
  public static final String BAD_VERSION = "ipv4: version field is not 4";
  public static final String BAD_HEADER_LENGTH = "ipv4: header length below 5 words";
  public static final String TOTAL_BELOW_HEADER = "ipv4: total length smaller than the header length";
  public static final String TOTAL_BEYOND_FRAME = "ipv4: total length beyond the end of the frame";

  private Ipv4() {}

  /**
   * Decodes the header at {@code off}. Sets the IP fields only when the fixed header is present
   * and consistent (as tshark, which shows no address for a bogus header length).
   *
   * @return the index of the transport header, with {@code out.payloadWireEnd} the reported end
   *     of the IP payload; -1 when there is no transport to decode (non-first fragment, header
   *     cut or malformed)
   */
  public static int decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    if (capEnd - off < 20) {
      out.shortHeader(wireEnd, off, 20, SHORT);
      return -1;
    }
    int vihl = b[off] & 0xFF;
    if (vihl >>> 4 != 4) {
      out.error(BAD_VERSION);
      return -1;
    }
    int hlen = (vihl & 0x0F) * 4;
    if (hlen < 20) {
      out.error(BAD_HEADER_LENGTH);
      return -1;
    }
    int total = Bytes.u16be(b, off + 2);
    // Total length 0 comes from TCP segmentation offload on the capturing host: the frame's
    // length is then the packet's (tshark does the same).
    if (total == 0) total = wireEnd - off;
    if (total < hlen) {
      out.error(TOTAL_BELOW_HEADER);
      return -1;
    }
    out.ipVersion = 4;
    out.ipOffset = off;
    out.ipTotalLen = total;
    int ff = Bytes.u16be(b, off + 6);
    out.ipId = Bytes.u16be(b, off + 4);
    out.moreFragments = (ff & 0x2000) != 0;
    out.fragOffset = (ff & 0x1FFF) * 8;
    out.ttl = b[off + 8] & 0xFF;
    out.ipProto = out.ipNextHeader = b[off + 9] & 0xFF;
    out.srcLo = Bytes.u32be(b, off + 12);
    out.dstLo = Bytes.u32be(b, off + 16);

    int ipEnd;
    if (total > wireEnd - off) {
      out.error(TOTAL_BEYOND_FRAME);
      ipEnd = wireEnd;
    } else {
      ipEnd = off + total; // bytes past it are link-layer padding or trailer
    }
    if (ipEnd > capEnd) out.truncated = true;
    if (out.fragOffset > 0) return -1; // a later fragment: no transport header here
    if (hlen > ipEnd - off) return -1; // the frame ends inside the options (TOTAL_BEYOND_FRAME set)
    if (hlen > capEnd - off) return -1; // options cut by the snapshot length (truncated already set)
    out.firstFragment = out.moreFragments;
    out.payloadWireEnd = ipEnd;
    return off + hlen;
  }
}

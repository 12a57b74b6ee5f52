package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * IPv6 header (RFC 8200) and its extension header chain, up to the upper-layer protocol.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Source Address (128 bits)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               Destination Address (128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Hop-by-Hop (0), Routing (43), Destination Options (60):
 * |  Next Header  |  Hdr Ext Len  |  ... (Hdr Ext Len + 1) * 8 bytes in all
 * Fragment (44), 8 bytes:
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * |                         Identification                        |
 * Authentication Header (51, RFC 4302): length in 4-byte words minus 2:
 * |  Next Header  |  Payload Len  |  ... (Payload Len + 2) * 4 bytes in all
 * ESP (50) and No Next Header (59) end the chain: what follows is opaque.
 * </pre>
 */
public final class Ipv6 {
  public static final String SHORT = "ipv6: packet shorter than the 40-byte header";
  public static final String BAD_VERSION = "ipv6: version field is not 6";
  public static final String PAYLOAD_BEYOND_FRAME = "ipv6: payload length beyond the end of the frame";
  public static final String EXT_BEYOND_PAYLOAD = "ipv6: extension header beyond the payload length";
  public static final String EXT_TOO_MANY = "ipv6: more than 32 extension headers";

  static final int HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, ESP = 50, AH = 51, NO_NEXT = 59, DEST_OPTS = 60;
  private static final int MAX_EXT = 32;

  private Ipv6() {}

  /**
   * Decodes the fixed header and walks the extension headers.
   *
   * @return the index of the upper-layer header, with {@code out.ipProto} its protocol and
   *     {@code out.payloadWireEnd} the reported end of the IPv6 payload; -1 when there is no
   *     transport to decode (non-first fragment, ESP, chain cut or malformed)
   */
  public static int decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    if (capEnd - off < 40) {
      out.shortHeader(wireEnd, off, 40, SHORT);
      return -1;
    }
    if ((b[off] & 0xFF) >>> 4 != 6) {
      out.error(BAD_VERSION);
      return -1;
    }
    out.ipVersion = 6;
    out.ipOffset = off;
    int plen = Bytes.u16be(b, off + 4);
    int nh = b[off + 6] & 0xFF;
    out.ipNextHeader = nh;
    out.ttl = b[off + 7] & 0xFF;
    out.srcHi = Bytes.i64(b, off + 8, false);
    out.srcLo = Bytes.i64(b, off + 16, false);
    out.dstHi = Bytes.i64(b, off + 24, false);
    out.dstLo = Bytes.i64(b, off + 32, false);

    int ipEnd;
    if (plen == 0) {
      // A jumbogram (RFC 2675) or TCP segmentation offload: the frame gives the length.
      ipEnd = wireEnd;
    } else if (plen > wireEnd - off - 40) {
      out.error(PAYLOAD_BEYOND_FRAME);
      ipEnd = wireEnd;
    } else {
      ipEnd = off + 40 + plen;
    }
    out.ipTotalLen = ipEnd - off;
    if (ipEnd > capEnd) out.truncated = true;

    int p = off + 40;
    // Every extension header is at least 8 bytes, so the walk ends; the count is a second guard.
    for (int n = 0; ; n++) {
      if (nh != HOP_BY_HOP && nh != ROUTING && nh != DEST_OPTS && nh != FRAGMENT && nh != AH) {
        out.ipProto = nh;
        if (nh == ESP || nh == NO_NEXT) return -1; // nothing decodable follows
        break;
      }
      if (n == MAX_EXT) {
        out.error(EXT_TOO_MANY);
        return -1;
      }
      int len = nh == FRAGMENT ? 8 : 2; // bytes needed to know the header's length
      if (len > ipEnd - p) {
        out.error(EXT_BEYOND_PAYLOAD);
        return -1;
      }
      if (len > capEnd - p) return -1; // cut by the snapshot length (truncated already set)
      int next = b[p] & 0xFF;
      if (nh == FRAGMENT) {
        int fo = Bytes.u16be(b, p + 2);
        out.fragOffset = fo & 0xFFF8; // 13-bit offset in 8-byte units, already shifted by 3
        out.moreFragments = (fo & 1) != 0;
        out.ipv6FragId = Bytes.u32be(b, p + 4);
        if (out.fragOffset > 0) {
          out.ipProto = next; // the header that starts the fragmentable part, not present here
          return -1;
        }
        out.firstFragment = out.moreFragments;
      } else if (nh == AH) {
        len = ((b[p + 1] & 0xFF) + 2) * 4;
      } else {
        len = ((b[p + 1] & 0xFF) + 1) * 8;
      }
      if (len > ipEnd - p) {
        out.error(EXT_BEYOND_PAYLOAD);
        return -1;
      }
      p += len;
      nh = next;
    }
    out.payloadWireEnd = ipEnd;
    return p;
  }
}

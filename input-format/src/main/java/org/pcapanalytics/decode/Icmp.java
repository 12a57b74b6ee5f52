package org.pcapanalytics.decode;

/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443) messages: only the outer type and code are decoded (for an
 * error message tshark's first-occurrence fields are the outer ones as well).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              rest of header (ICMP: 4 bytes, always present)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Icmp {
  public static final String SHORT = "icmp: message shorter than the 8-byte header";
  public static final String SHORT_V6 = "icmpv6: message shorter than the 4-byte header";

  private Icmp() {}

  /** Decodes type and code; {@code v6} selects the ICMPv6 minimum length. */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, boolean v6, DecodedPacket out) {
    out.transportOffset = off;
    int have = Math.min(capEnd, wireEnd) - off;
    if (have >= 2) {
      out.icmpType = b[off] & 0xFF;
      out.icmpCode = b[off + 1] & 0xFF;
    }
    int min = v6 ? 4 : 8;
    if (have < min) out.shortHeader(wireEnd, off, min, v6 ? SHORT_V6 : SHORT);
  }
}

package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * Link layers, by LINKTYPE_ value: what carries the network header and where it starts.
 *
 * <pre>
 * Ethernet II (LINKTYPE_ETHERNET 1), IEEE 802.3:
 * +-------------------+-------------------+---------------+-----------
 * | destination (6)   | source (6)        | type/len (2)  | payload
 * +-------------------+-------------------+---------------+-----------
 *   type/len &gt;= 0x0600 is an EtherType, &lt;= 1500 an 802.3 length (LLC follows).
 *
 * 802.1Q / 802.1ad tag, after a TPID of 0x8100, 0x88a8 or 0x9100 in the type position:
 * +---+-+-----------------------+---------------+
 * |PCP|D|   VLAN id (12)        | type/len (2)  |
 * +---+-+-----------------------+---------------+
 *
 * Linux cooked v1 (LINKTYPE_LINUX_SLL 113), 16 bytes:
 * | packet type (2) | ARPHRD (2) | addr len (2) | address (8) | protocol (2) |
 *
 * Linux cooked v2 (LINKTYPE_LINUX_SLL2 276), 20 bytes:
 * | protocol (2) | reserved (2) | ifindex (4) | ARPHRD (2) | pkt type (1) | addr len (1) | address (8) |
 *
 * NULL / BSD loopback (LINKTYPE_NULL 0): | address family (4, host byte order) |
 *   AF_INET 2; AF_INET6 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (Darwin); some systems write an
 *   EtherType instead (see {@code loopback}).
 *
 * Raw IP (101, and the old DLT values 12 and 14): the IP version nibble decides.
 * LINKTYPE_IPV4 228 / LINKTYPE_IPV6 229: the link type decides.
 * </pre>
 *
 * Other link types (802.11 radiotap, ...) give frame columns only, without an error.
 */
public final class LinkLayer {
  public static final int LINKTYPE_NULL = 0;
  public static final int LINKTYPE_ETHERNET = 1;
  public static final int LINKTYPE_RAW_OLD12 = 12;
  public static final int LINKTYPE_RAW_OLD14 = 14;
  public static final int LINKTYPE_RAW = 101;
  public static final int LINKTYPE_LINUX_SLL = 113;
  public static final int LINKTYPE_IPV4 = 228;
  public static final int LINKTYPE_IPV6 = 229;
  public static final int LINKTYPE_LINUX_SLL2 = 276;

  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86DD;
  public static final int TPID_8021Q = 0x8100;
  public static final int TPID_8021AD = 0x88A8;
  public static final int TPID_QINQ_OLD = 0x9100;

  public static final String ETH_SHORT = "eth: frame shorter than the 14-byte header";
  public static final String VLAN_SHORT = "vlan: tag beyond the end of the frame";
  public static final String VLAN_TOO_MANY = "vlan: more than 8 stacked tags";
  public static final String SLL_SHORT = "sll: frame shorter than the 16-byte header";
  public static final String SLL2_SHORT = "sll2: frame shorter than the 20-byte header";
  public static final String NULL_SHORT = "null: frame shorter than the 4-byte address family";
  public static final String RAW_VERSION = "raw: IP version is neither 4 nor 6";
  public static final String RAW_EMPTY = "raw: empty frame";

  private LinkLayer() {}

  /**
   * Decodes the link header of {@code buf[off, capEnd)} (reported length up to {@code wireEnd}).
   *
   * @return the index of the network header, with {@code out.netKind} set to 4 or 6; or -1 when
   *     no IP follows (unknown link type, another EtherType, malformed or truncated header)
   */
  public static int decode(byte[] buf, int off, int capEnd, int wireEnd, int linkType, DecodedPacket out) {
    switch (linkType) {
      case LINKTYPE_ETHERNET:
        return ethernet(buf, off, capEnd, wireEnd, out);
      case LINKTYPE_LINUX_SLL:
        return cooked(buf, off, capEnd, wireEnd, 16, 14, SLL_SHORT, out);
      case LINKTYPE_LINUX_SLL2:
        return cooked(buf, off, capEnd, wireEnd, 20, 0, SLL2_SHORT, out);
      case LINKTYPE_NULL:
        return loopback(buf, off, capEnd, wireEnd, out);
      case LINKTYPE_RAW:
      case LINKTYPE_RAW_OLD12:
      case LINKTYPE_RAW_OLD14:
        return rawIp(buf, off, capEnd, wireEnd, out);
      case LINKTYPE_IPV4:
        out.netKind = 4;
        return off;
      case LINKTYPE_IPV6:
        out.netKind = 6;
        return off;
      default:
        unknownPayload(capEnd, wireEnd, out);
        return -1;
    }
  }

  private static int ethernet(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    if (capEnd - off < 14) {
      out.shortHeader(wireEnd, off, 14, ETH_SHORT);
      return -1;
    }
    out.hasEth = true;
    out.ethDst = mac(b, off);
    out.ethSrc = mac(b, off + 6);
    int type = Bytes.u16be(b, off + 12);
    // Values up to 1500 are an 802.3 length; 1501..1535 are undefined. Either way no EtherType.
    if (type >= 0x0600) out.ethHeaderType = type;
    return afterType(b, off + 14, type, capEnd, wireEnd, out);
  }

  /** SLL and SLL2 differ only in header size and where the protocol field sits. */
  private static int cooked(byte[] b, int off, int capEnd, int wireEnd, int hdrLen, int protoAt, String shortMsg,
      DecodedPacket out) {
    if (capEnd - off < hdrLen) {
      out.shortHeader(wireEnd, off, hdrLen, shortMsg);
      return -1;
    }
    // Below 0x0600 the protocol is an ARPHRD-specific code (1 = 802.3, 4 = 802.2 LLC, ...).
    return afterType(b, off + hdrLen, Bytes.u16be(b, off + protoAt), capEnd, wireEnd, out);
  }

  /** Follows VLAN tags from an EtherType position, then announces IPv4/IPv6. */
  private static int afterType(byte[] b, int p, int type, int capEnd, int wireEnd, DecodedPacket out) {
    while (type == TPID_8021Q || type == TPID_8021AD || type == TPID_QINQ_OLD) {
      if (out.vlanCount == out.vlanIds.length) {
        out.error(VLAN_TOO_MANY);
        return -1;
      }
      if (capEnd - p < 4) {
        out.shortHeader(wireEnd, p, 4, VLAN_SHORT);
        return -1;
      }
      out.vlanTpids[out.vlanCount] = type;
      out.vlanIds[out.vlanCount++] = Bytes.u16be(b, p) & 0x0FFF;
      type = Bytes.u16be(b, p + 2);
      p += 4;
    }
    if (type < 0x0600) {
      unknownPayload(capEnd, wireEnd, out);
      return -1;
    }
    out.ethType = type;
    if (type == ETHERTYPE_IPV4) {
      out.netKind = 4;
    } else if (type == ETHERTYPE_IPV6) {
      out.netKind = 6;
    } else {
      unknownPayload(capEnd, wireEnd, out);
      return -1;
    }
    return p;
  }

  private static int loopback(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    if (capEnd - off < 4) {
      out.shortHeader(wireEnd, off, 4, NULL_SHORT);
      return -1;
    }
    // The family is in the capturing host's byte order, and some systems put other things in
    // these 4 bytes. Normalised the way tshark reads them (worked out from its output): a value
    // up to 1500 is an address family, a larger one an EtherType in its low 16 bits.
    int v = (int) Bytes.u32(b, off, true);
    if ((v & 0xFFFF0000) != 0) {
      // A 16-bit family in the first two bytes, big-endian (IRIX style), or a big-endian host.
      v = (v & 0xFF000000) == 0 && (v & 0x00FF0000) < 0x00060000 ? v >>> 16 : Integer.reverseBytes(v);
    } else if ((v & 0xFF) == 0 && (v & 0xFF00) < 0x0600) {
      v >>>= 8; // a 16-bit family in the middle bytes
    }
    int kind = 0;
    if (v > 1500 || v < 0) {
      int etype = v & 0xFFFF;
      kind = etype == ETHERTYPE_IPV4 ? 4 : etype == ETHERTYPE_IPV6 ? 6 : 0;
    } else if (v == 2) {
      kind = 4;
    } else if (v == 24 || v == 28 || v == 30) {
      kind = 6;
    }
    if (kind == 0) {
      unknownPayload(capEnd, wireEnd, out);
      return -1;
    }
    out.netKind = kind;
    return off + 4;
  }

  private static int rawIp(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    if (capEnd <= off) {
      out.shortHeader(wireEnd, off, 1, RAW_EMPTY);
      return -1;
    }
    int version = (b[off] & 0xFF) >>> 4;
    if (version == 4) {
      out.netKind = 4;
    } else if (version == 6) {
      out.netKind = 6;
    } else {
      out.error(RAW_VERSION);
      return -1;
    }
    return off;
  }

  /** A payload we do not decode: truncated if the snapshot length cut it. */
  private static void unknownPayload(int capEnd, int wireEnd, DecodedPacket out) {
    if (capEnd < wireEnd) out.truncated = true;
  }

  /** Six bytes as a 48-bit number, first byte most significant. */
  static long mac(byte[] b, int p) {
    return ((long) Bytes.u16be(b, p) << 32) | Bytes.u32be(b, p + 2);
  }
}

package org.pcapanalytics.generate;

/**
 * Builds one frame at a time into a reused buffer: a link-layer header, an IPv4 or IPv6 header, a TCP, UDP,
 * ICMP or ICMPv6 header, then the caller fills the payload and calls {@link #finish}, which sets every
 * length field and checksum.
 */
final class FrameBuilder {
  /** Room for the largest frame (256 KiB) plus headers. */
  static final int CAPACITY = 300 * 1024;

  static final int ETH_IPV4 = 0x0800;
  static final int ETH_IPV6 = 0x86DD;
  static final int ETH_ARP = 0x0806;
  static final int ETH_VLAN = 0x8100;
  static final int ETH_QINQ = 0x88A8;

  static final int PROTO_ICMP = 1;
  static final int PROTO_TCP = 6;
  static final int PROTO_UDP = 17;
  static final int PROTO_ICMPV6 = 58;
  static final int PROTO_HOPOPT = 0;

  static final int TCP_FIN = 0x01;
  static final int TCP_SYN = 0x02;
  static final int TCP_RST = 0x04;
  static final int TCP_PSH = 0x08;
  static final int TCP_ACK = 0x10;

  /** TCP option layouts. */
  static final int TCPOPT_NONE = 0;
  static final int TCPOPT_TIMESTAMP = 1;
  static final int TCPOPT_SYN = 2;

  /** BSD loopback address families written for LINKTYPE_NULL. */
  static final int AF_INET = 2;
  static final int AF_INET6_BSD = 24;

  final byte[] buf = new byte[CAPACITY];

  /** Byte order of the capture file, for the host-order LINKTYPE_NULL header. */
  boolean fileLittleEndian = true;

  private int ipOff = -1;
  private boolean v6;
  private boolean jumbo;
  private int l4Off = -1;
  private int l4Proto = -1;
  private int linkType;

  /** Offset of the IP header of the frame being built (-1 if none). */
  int ipOffset() {
    return ipOff;
  }

  /**
   * Starts a frame with a link-layer header.
   *
   * @param sTag      802.1ad outer tag id (0 = none; needs {@code cTag})
   * @param cTag      802.1Q tag id (0 = none)
   * @param outgoing  direction for the Linux cooked packet type
   * @return offset of the network-layer header
   */
  int link(int linkType, long srcMac, long dstMac, int sTag, int cTag, int etherType, boolean outgoing) {
    this.linkType = linkType;
    ipOff = -1;
    l4Off = -1;
    l4Proto = -1;
    jumbo = false;
    byte[] b = buf;
    switch (linkType) {
      case GeneratorOptions.LINKTYPE_ETHERNET: {
        ByteWriter.putMac(buf, 0, dstMac);
        ByteWriter.putMac(buf, 6, srcMac);
        int o = 12;
        if (sTag > 0) {
          ByteWriter.put16(buf, o, ETH_QINQ);
          ByteWriter.put16(buf, o + 2, sTag & 0xFFF);
          o += 4;
        }
        if (cTag > 0) {
          ByteWriter.put16(buf, o, ETH_VLAN);
          ByteWriter.put16(buf, o + 2, cTag & 0xFFF);
          o += 4;
        }
        ByteWriter.put16(buf, o, etherType);
        return o + 2;
      }
      case GeneratorOptions.LINKTYPE_LINUX_SLL:
        ByteWriter.put16(buf, 0, outgoing ? 4 : 0);
        ByteWriter.put16(buf, 2, 1); // ARPHRD_ETHER
        ByteWriter.put16(buf, 4, 6);
        ByteWriter.putMac(buf, 6, srcMac);
        b[12] = 0;
        b[13] = 0;
        ByteWriter.put16(buf, 14, etherType);
        return 16;
      case GeneratorOptions.LINKTYPE_LINUX_SLL2:
        ByteWriter.put16(buf, 0, etherType);
        ByteWriter.put16(buf, 2, 0);
        ByteWriter.put32(buf, 4, 2); // interface index
        ByteWriter.put16(buf, 8, 1); // ARPHRD_ETHER
        b[10] = (byte) (outgoing ? 4 : 0);
        b[11] = 6;
        ByteWriter.putMac(buf, 12, srcMac);
        b[18] = 0;
        b[19] = 0;
        return 20;
      case GeneratorOptions.LINKTYPE_NULL:
        ByteWriter.putInt(b, 0, etherType == ETH_IPV6 ? AF_INET6_BSD : AF_INET, fileLittleEndian);
        return 4;
      case GeneratorOptions.LINKTYPE_RAW:
        return 0;
      default:
        throw new IllegalStateException("link type " + linkType);
    }
  }

  /** Whether this link type can carry a frame with this EtherType (NULL and raw IP carry only IP). */
  static boolean carries(int linkType, int etherType) {
    if (linkType == GeneratorOptions.LINKTYPE_NULL || linkType == GeneratorOptions.LINKTYPE_RAW) {
      return etherType == ETH_IPV4 || etherType == ETH_IPV6;
    }
    return true;
  }

  /** An IPv4 header (20 bytes, no options) at {@code off}; returns the offset after it. */
  int ipv4(int off, byte[] src, byte[] dst, int proto, int ttl, int id, boolean dontFragment) {
    return ipv4Fragment(off, src, dst, proto, ttl, id, dontFragment ? 0x4000 : 0, 0, false);
  }

  /** An IPv4 fragment: {@code fragOffsetBytes} must be a multiple of 8. */
  int ipv4Fragment(int off, byte[] src, byte[] dst, int proto, int ttl, int id, int flagBits,
           int fragOffsetBytes, boolean moreFragments) {
    byte[] b = buf;
    b[off] = 0x45;
    b[off + 1] = 0;
    ByteWriter.put16(buf, off + 4, id);
    ByteWriter.put16(buf, off + 6, flagBits | (moreFragments ? 0x2000 : 0) | (fragOffsetBytes >>> 3));
    b[off + 8] = (byte) ttl;
    b[off + 9] = (byte) proto;
    System.arraycopy(src, 0, b, off + 12, 4);
    System.arraycopy(dst, 0, b, off + 16, 4);
    ipOff = off;
    v6 = false;
    l4Proto = fragOffsetBytes == 0 ? proto : -1;
    l4Off = -1;
    return off + 20;
  }

  /**
   * An IPv6 header; with {@code jumboPayload} a Hop-by-Hop header with a Jumbo Payload option follows
   * (payload length 0), for segments larger than 65535 bytes.
   */
  int ipv6(int off, byte[] src, byte[] dst, int nextHeader, int hopLimit, int flowLabel, boolean jumboPayload) {
    byte[] b = buf;
    ByteWriter.put32(buf, off, 0x6000_0000 | (flowLabel & 0xFFFFF));
    b[off + 6] = (byte) (jumboPayload ? PROTO_HOPOPT : nextHeader);
    b[off + 7] = (byte) hopLimit;
    System.arraycopy(src, 0, b, off + 8, 16);
    System.arraycopy(dst, 0, b, off + 24, 16);
    ipOff = off;
    v6 = true;
    jumbo = jumboPayload;
    l4Proto = nextHeader;
    l4Off = -1;
    int o = off + 40;
    if (jumboPayload) {
      b[o] = (byte) nextHeader;
      b[o + 1] = 0; // 8 bytes
      b[o + 2] = (byte) 0xC2; // Jumbo Payload option
      b[o + 3] = 4;
      o += 8;
    }
    return o;
  }

  /**
   * A TCP header with the given option layout; returns the offset of the payload.
   *
   * @param options {@link #TCPOPT_NONE}, {@link #TCPOPT_TIMESTAMP} (NOP NOP TS) or {@link #TCPOPT_SYN}
   *                (MSS, SACK permitted, TS, NOP, window scale)
   */
  int tcp(int off, int sport, int dport, long seq, long ack, int flags, int window, int options,
      long tsval, long tsecr, int mss) {
    byte[] b = buf;
    ByteWriter.put16(buf, off, sport);
    ByteWriter.put16(buf, off + 2, dport);
    ByteWriter.put32(buf, off + 4, (int) seq);
    ByteWriter.put32(buf, off + 8, (int) ack);
    ByteWriter.put16(buf, off + 14, window);
    ByteWriter.put16(buf, off + 16, 0);
    ByteWriter.put16(buf, off + 18, 0);
    int o = off + 20;
    if (options == TCPOPT_SYN) {
      b[o] = 2;
      b[o + 1] = 4;
      ByteWriter.put16(buf, o + 2, mss);
      b[o + 4] = 4; // SACK permitted
      b[o + 5] = 2;
      b[o + 6] = 8; // timestamps
      b[o + 7] = 10;
      ByteWriter.put32(buf, o + 8, (int) tsval);
      ByteWriter.put32(buf, o + 12, (int) tsecr);
      b[o + 16] = 1; // NOP
      b[o + 17] = 3; // window scale
      b[o + 18] = 3;
      b[o + 19] = 7;
      o += 20;
    } else if (options == TCPOPT_TIMESTAMP) {
      b[o] = 1;
      b[o + 1] = 1;
      b[o + 2] = 8;
      b[o + 3] = 10;
      ByteWriter.put32(buf, o + 4, (int) tsval);
      ByteWriter.put32(buf, o + 8, (int) tsecr);
      o += 12;
    }
    int words = (o - off) / 4;
    ByteWriter.put16(buf, off + 12, (words << 12) | (flags & 0xFFF));
    l4Off = off;
    l4Proto = PROTO_TCP;
    return o;
  }

  /** A UDP header; returns the payload offset. */
  int udp(int off, int sport, int dport) {
    ByteWriter.put16(buf, off, sport);
    ByteWriter.put16(buf, off + 2, dport);
    ByteWriter.put32(buf, off + 4, 0);
    l4Off = off;
    l4Proto = PROTO_UDP;
    return off + 8;
  }

  /** An ICMP (v4) or ICMPv6 header with the 4-byte rest-of-header; returns the payload offset. */
  int icmp(int off, int type, int code, int restOfHeader) {
    buf[off] = (byte) type;
    buf[off + 1] = (byte) code;
    ByteWriter.put16(buf, off + 2, 0);
    ByteWriter.put32(buf, off + 4, restOfHeader);
    l4Off = off;
    l4Proto = v6 ? PROTO_ICMPV6 : PROTO_ICMP;
    return off + 8;
  }

  /**
   * Completes the frame whose last byte is at {@code end - 1}: IP length fields, the IPv4 header checksum and
   * the transport checksum. Short Ethernet frames are padded to 60 bytes when {@code pad} is set.
   *
   * @return the frame length
   */
  int finish(int end, boolean pad) {
    byte[] b = buf;
    if (ipOff >= 0) {
      if (v6) {
        int plen = end - ipOff - 40;
        if (jumbo) {
          ByteWriter.put16(buf, ipOff + 4, 0);
          ByteWriter.put32(buf, ipOff + 44, plen);
        } else {
          ByteWriter.put16(buf, ipOff + 4, plen);
        }
      } else {
        ByteWriter.put16(buf, ipOff + 2, end - ipOff);
        ByteWriter.put16(buf, ipOff + 10, 0);
        ByteWriter.put16(buf, ipOff + 10, Checksums.compute(b, ipOff, 20));
      }
      if (l4Off >= 0) {
        int len = end - l4Off;
        int csumAt;
        boolean pseudo = true;
        switch (l4Proto) {
          case PROTO_TCP:
            csumAt = l4Off + 16;
            break;
          case PROTO_UDP:
            ByteWriter.put16(buf, l4Off + 4, len);
            csumAt = l4Off + 6;
            break;
          case PROTO_ICMP:
            csumAt = l4Off + 2;
            pseudo = false;
            break;
          default:
            csumAt = l4Off + 2;
        }
        ByteWriter.put16(buf, csumAt, 0);
        long sum = Checksums.add(0, b, l4Off, len);
        if (pseudo) {
          if (v6) {
            sum = Checksums.add(sum, b, ipOff + 8, 32);
          } else {
            sum = Checksums.add(sum, b, ipOff + 12, 8);
          }
          sum += (len >>> 16) + (len & 0xFFFF) + l4Proto;
        }
        int c = Checksums.fold(sum);
        if (c == 0 && l4Proto == PROTO_UDP) {
          c = 0xFFFF;
        }
        ByteWriter.put16(buf, csumAt, c);
      }
    }
    if (pad && linkType == GeneratorOptions.LINKTYPE_ETHERNET && end < 60) {
      java.util.Arrays.fill(b, end, 60, (byte) 0);
      return 60;
    }
    return end;
  }
}

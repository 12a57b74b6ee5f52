package org.pcapanalytics.generate;

import java.nio.ByteOrder;
import java.util.Arrays;

/** A minimal decoder of one captured frame, for tests: link layer, VLAN tags, IPv4/IPv6, TCP/UDP/ICMP. */
final class FrameView {
  final byte[] b;
  final int start;
  final int end;
  int vlanTags;
  boolean sTag;
  int etherType = -1;
  int ipOff = -1;
  int ipVersion;
  byte[] src;
  byte[] dst;
  int proto = -1;
  int l4 = -1;
  boolean fragment;
  int fragOffset;
  boolean moreFragments;
  int sport = -1;
  int dport = -1;
  int tcpFlags = -1;
  int icmpType = -1;
  int icmpCode = -1;
  int payloadOff = -1;
  /** Captured payload bytes (TCP/UDP), bounded by the IP length and the capture. */
  int payloadLen;

  FrameView(byte[] file, CaptureWalker.Rec rec) {
    this.b = file;
    this.start = rec.dataOffset();
    this.end = rec.dataEnd();
    int p = start;
    switch (rec.linkType()) {
      case 1:
        etherType = u16(p + 12);
        p += 14;
        while ((etherType == 0x8100 || etherType == 0x88A8) && p + 4 <= end) {
          sTag |= etherType == 0x88A8;
          vlanTags++;
          etherType = u16(p + 2);
          p += 4;
        }
        break;
      case 113:
        etherType = u16(p + 14);
        p += 16;
        break;
      case 276:
        etherType = u16(p);
        p += 20;
        break;
      case 0: {
        int af = rec.order() == ByteOrder.LITTLE_ENDIAN
            ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24
            : u16(p) << 16 | u16(p + 2);
        etherType = af == 2 ? 0x0800 : af == 24 || af == 28 || af == 30 ? 0x86DD : -1;
        p += 4;
        break;
      }
      case 101:
        etherType = (b[p] & 0xF0) == 0x40 ? 0x0800 : 0x86DD;
        break;
      default:
        throw new AssertionError("link type " + rec.linkType());
    }
    if (etherType == 0x0800 && p + 20 <= end) {
      ipv4(p);
    } else if (etherType == 0x86DD && p + 40 <= end) {
      ipv6(p);
    }
  }

  private void ipv4(int p) {
    ipOff = p;
    ipVersion = 4;
    src = Arrays.copyOfRange(b, p + 12, p + 16);
    dst = Arrays.copyOfRange(b, p + 16, p + 20);
    proto = b[p + 9] & 0xFF;
    int ihl = (b[p] & 0x0F) * 4;
    int total = u16(p + 2);
    int ff = u16(p + 6);
    fragOffset = (ff & 0x1FFF) * 8;
    moreFragments = (ff & 0x2000) != 0;
    fragment = fragOffset > 0 || moreFragments;
    if (fragOffset == 0) {
      transport(p + ihl, Math.min(end, p + total));
    }
  }

  private void ipv6(int p) {
    ipOff = p;
    ipVersion = 6;
    src = Arrays.copyOfRange(b, p + 8, p + 24);
    dst = Arrays.copyOfRange(b, p + 24, p + 40);
    int next = b[p + 6] & 0xFF;
    int plen = u16(p + 4);
    int q = p + 40;
    long limit = p + 40L + plen;
    if (next == 0) { // hop-by-hop, possibly with a Jumbo Payload option
      if (plen == 0 && (b[q + 2] & 0xFF) == 0xC2) {
        limit = p + 40L + (u16(q + 4) << 16 | u16(q + 6));
      }
      next = b[q] & 0xFF;
      q += 8 * (1 + (b[q + 1] & 0xFF));
    }
    proto = next;
    transport(q, (int) Math.min(end, limit));
  }

  private void transport(int p, int limit) {
    l4 = p;
    if ((proto == 6 && p + 20 <= limit)) {
      sport = u16(p);
      dport = u16(p + 2);
      tcpFlags = u16(p + 12) & 0xFFF;
      payloadOff = p + ((b[p + 12] & 0xF0) >> 2);
      payloadLen = limit - payloadOff;
    } else if (proto == 17 && p + 8 <= limit) {
      sport = u16(p);
      dport = u16(p + 2);
      payloadOff = p + 8;
      payloadLen = limit - payloadOff;
    } else if ((proto == 1 || proto == 58) && p + 4 <= limit) {
      icmpType = b[p] & 0xFF;
      icmpCode = b[p + 1] & 0xFF;
      payloadOff = p + 8;
      payloadLen = limit - payloadOff;
    }
  }

  boolean payloadStartsWith(String ascii) {
    if (payloadOff < 0 || payloadLen < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[payloadOff + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  boolean payloadContains(String ascii) {
    byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    outer:
    for (int i = payloadOff; i + needle.length <= payloadOff + payloadLen; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  int u16(int p) {
    return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
  }
}

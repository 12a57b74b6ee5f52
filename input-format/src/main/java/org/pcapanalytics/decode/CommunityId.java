package org.pcapanalytics.decode;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Community ID v1 flow hashes (Corelight's community-id-spec), the flow key Zeek, Suricata, Arkime,
 * Elastic and Wireshark share, so our packets and connections join with their logs.
 *
 * <p>The hashed input is {@code seed(2) . addrA . addrB . proto(1) . 0(1) [. portA(2) . portB(2)]},
 * all in network byte order, with the smaller {@code (address, port)} endpoint first; the ID is
 * {@code "1:"} followed by the base64 of its SHA-1. ICMP and ICMPv6 use the message type as source
 * "port" and, as Zeek does, the counterpart type as destination port for request/reply pairs (so
 * both directions hash alike), or else the code, in which case the message is one-way and the
 * endpoints are never swapped. TCP, UDP, SCTP, ICMP and ICMPv6 need their ports; other protocols
 * are hashed without ports.
 *
 * <p>An instance reuses its digest and buffers: no allocation per flow but the returned String
 * (none at all with {@link #write}). Not thread-safe: one instance per reader thread.
 */
public final class CommunityId {
  /** Length of an ID in ASCII bytes: "1:" and 28 base64 characters of the 20-byte SHA-1. */
  public static final int LENGTH = 30;

  public static final int ICMP = 1, TCP = 6, UDP = 17, ICMPV6 = 58, SCTP = 132;

  private static final int DIGEST = 20;

  private final int seed;
  private final MessageDigest sha1;
  /** Largest input: seed 2, two IPv6 addresses 32, proto and padding 2, two ports 4. */
  private final byte[] input = new byte[40];
  private final byte[] digest = new byte[DIGEST];
  private final byte[] base64 = new byte[LENGTH - 2];
  /** The last ID computed: the version prefix "1:" (set once), then the base64 each hash writes. */
  private final byte[] text = new byte[LENGTH];

  /** @param seed the 16-bit seed (0 unless every party agreed on another) */
  public CommunityId(int seed) {
    if (seed < 0 || seed > 0xFFFF) {
      throw new IllegalArgumentException("community id seed must be 0 to 65535, not " + seed);
    }
    this.seed = seed;
    text[0] = '1';
    text[1] = ':';
    try {
      this.sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  public int seed() {
    return seed;
  }

  /**
   * The ID of the flow of a decoded packet (its outermost IP header and the transport behind it),
   * or null when it has none: not IP, or a protocol that needs ports without them (a later
   * fragment, a header cut short). ICMP counts over IPv4 only and ICMPv6 over IPv6 only, as the
   * decoder reads them.
   */
  public String of(DecodedPacket p) {
    return hash(p) ? text() : null;
  }

  /**
   * {@link #of(DecodedPacket)} as ASCII bytes into {@code dst[off, off + LENGTH)}.
   *
   * @return {@link #LENGTH}, or 0 when the packet has no ID ({@code dst} untouched)
   */
  public int write(DecodedPacket p, byte[] dst, int off) {
    if (!hash(p)) return 0;
    System.arraycopy(text, 0, dst, off, LENGTH);
    return LENGTH;
  }

  /**
   * The ID of an IPv4 flow; addresses in the low 32 bits. For ICMP the ports are the message type
   * and code. A port below 0 is absent.
   *
   * @return the ID, or null when the tuple has none (a port protocol without both ports, a port
   *     above 65535, a protocol outside 0..255)
   */
  public String ipv4(long src, long dst, int proto, int srcPort, int dstPort) {
    if (((src | dst) & ~0xFFFF_FFFFL) != 0) return null;
    return hash(false, 0, src, 0, dst, proto, srcPort, dstPort) ? text() : null;
  }

  /** {@link #ipv4} for IPv6 addresses given as their upper and lower 64 bits. */
  public String ipv6(long srcHi, long srcLo, long dstHi, long dstLo, int proto, int srcPort, int dstPort) {
    return hash(true, srcHi, srcLo, dstHi, dstLo, proto, srcPort, dstPort) ? text() : null;
  }

  private String text() {
    return new String(text, 0, LENGTH, StandardCharsets.ISO_8859_1);
  }

  private boolean hash(DecodedPacket p) {
    if (p.ipVersion == 0 || p.ipProto < 0) return false;
    boolean icmp = p.ipProto == ICMP || p.ipProto == ICMPV6;
    int sp = icmp ? p.icmpType : p.srcPort, dp = icmp ? p.icmpCode : p.dstPort;
    return p.ipVersion == 4
        ? hash(false, 0, p.srcLo, 0, p.dstLo, p.ipProto, sp, dp)
        : hash(true, p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.ipProto, sp, dp);
  }

  /** Hashes the tuple into {@link #text}; false when it has no ID. */
  private boolean hash(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, int proto, int sp, int dp) {
    if (proto < 0 || proto > 0xFF || sp > 0xFFFF || dp > 0xFFFF) return false;
    boolean ports = sp >= 0 && dp >= 0;
    if (!ports && needsPorts(proto)) return false;
    boolean oneWay = false;
    if (ports && (proto == ICMP || proto == ICMPV6)) {
      int counterpart = icmpCounterpart(proto == ICMPV6, sp);
      oneWay = counterpart < 0;
      if (!oneWay) dp = counterpart; // else the code stays the destination port
    }
    if (!ports) sp = dp = 0; // not hashed; equal so that only the addresses order the endpoints
    int c = v6 ? Long.compareUnsigned(srcHi, dstHi) : 0;
    if (c == 0) c = Long.compareUnsigned(srcLo, dstLo);
    boolean flip = !oneWay && (c > 0 || (c == 0 && sp > dp));
    int n = 0;
    input[n++] = (byte) (seed >>> 8);
    input[n++] = (byte) seed;
    if (flip) {
      n = address(v6, dstHi, dstLo, n);
      n = address(v6, srcHi, srcLo, n);
    } else {
      n = address(v6, srcHi, srcLo, n);
      n = address(v6, dstHi, dstLo, n);
    }
    input[n++] = (byte) proto;
    input[n++] = 0;
    if (ports) {
      n = port(flip ? dp : sp, n);
      n = port(flip ? sp : dp, n);
    }
    sha1.update(input, 0, n);
    try {
      sha1.digest(digest, 0, DIGEST);
    } catch (DigestException e) {
      throw new IllegalStateException(e); // the buffer is exactly SHA-1's length
    }
    Base64.getEncoder().encode(digest, base64);
    System.arraycopy(base64, 0, text, 2, base64.length);
    return true;
  }

  /** TCP, UDP, SCTP and the ICMPs are hashed with their (port-like) fields; a tuple without them has no ID. */
  static boolean needsPorts(int proto) {
    return proto == TCP || proto == UDP || proto == SCTP || proto == ICMP || proto == ICMPV6;
  }

  /**
   * The type answering an ICMP(v6) request type, and the other way round, as the specification
   * (after Zeek) pairs them; -1 for a one-way message type.
   */
  public static int icmpCounterpart(boolean v6, int type) {
    if (v6) {
      switch (type) {
        case 128: return 129; // echo request / reply
        case 129: return 128;
        case 130: return 131; // multicast listener query / report
        case 131: return 130;
        case 133: return 134; // router solicitation / advertisement
        case 134: return 133;
        case 135: return 136; // neighbor solicitation / advertisement
        case 136: return 135;
        case 139: return 140; // node information query / response ("who are you")
        case 140: return 139;
        case 144: return 145; // home agent address discovery request / reply
        case 145: return 144;
        default: return -1;
      }
    }
    switch (type) {
      case 8: return 0; // echo / echo reply
      case 0: return 8;
      case 13: return 14; // timestamp / reply
      case 14: return 13;
      case 15: return 16; // information request / reply
      case 16: return 15;
      case 10: return 9; // router solicitation / advertisement
      case 9: return 10;
      case 17: return 18; // address mask request / reply
      case 18: return 17;
      default: return -1;
    }
  }

  private int address(boolean v6, long hi, long lo, int n) {
    if (v6) {
      n = u64(hi, n);
      return u64(lo, n);
    }
    for (int shift = 24; shift >= 0; shift -= 8) input[n++] = (byte) (lo >>> shift);
    return n;
  }

  private int u64(long v, int n) {
    for (int shift = 56; shift >= 0; shift -= 8) input[n++] = (byte) (v >>> shift);
    return n;
  }

  private int port(int v, int n) {
    input[n++] = (byte) (v >>> 8);
    input[n++] = (byte) v;
    return n;
  }
}

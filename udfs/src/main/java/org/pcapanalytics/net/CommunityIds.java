package org.pcapanalytics.net;

import java.util.Locale;
import org.pcapanalytics.decode.CommunityId;

/**
 * Community ID v1 of flows given as SQL holds them (address text, a protocol number or name,
 * ports), hashed as the packets' {@code community_id} column hashes them ({@link CommunityId}),
 * for the {@code community_id(...)} function and the connections' column: all three agree.
 */
public final class CommunityIds {
  /** One hasher per thread (a hasher reuses its buffers), made again when the seed changes. */
  private static final ThreadLocal<CommunityId> HASHER = new ThreadLocal<>();

  private CommunityIds() {}

  /**
   * The ID of a flow, or null: an address that is not one, two address families, a protocol
   * outside 0..255, a port protocol (TCP, UDP, SCTP, ICMP, ICMPv6) without both ports, a seed
   * outside 0..65535.
   *
   * @param srcPort the source port, -1 for none; ICMP: the message type
   * @param dstPort likewise; ICMP: the code, or the counterpart type (hashed alike)
   */
  public static String of(String srcIp, String dstIp, int proto, int srcPort, int dstPort, int seed) {
    IpAddress src = IpAddress.parse(srcIp);
    IpAddress dst = IpAddress.parse(dstIp);
    if (src == null || dst == null || src.isIpv6() != dst.isIpv6() || seed < 0 || seed > 0xFFFF) return null;
    CommunityId c = HASHER.get();
    if (c == null || c.seed() != seed) HASHER.set(c = new CommunityId(seed));
    return src.isIpv6() ? c.ipv6(src.hi(), src.lo(), dst.hi(), dst.lo(), proto, srcPort, dstPort)
        : c.ipv4(src.lo(), dst.lo(), proto, srcPort, dstPort);
  }

  /**
   * The IP protocol number of a name as the connections' {@code proto} column writes it, any
   * case: {@code tcp}, {@code udp}, {@code sctp}, {@code icmp} (ICMPv6 too, as in Zeek: 58 when
   * {@code ipv6}), {@code icmp6}/{@code ipv6-icmp}, {@code igmp}, {@code ipip}, {@code ipv6},
   * {@code gre}, {@code esp}, {@code ah}, {@code ospf}, {@code pim}, {@code vrrp},
   * {@code ip-proto-N}, or the number as text; -1 for anything else.
   */
  public static int protocol(String name, boolean ipv6) {
    if (name == null) return -1;
    String n = name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "tcp": return CommunityId.TCP;
      case "udp": return CommunityId.UDP;
      case "sctp": return CommunityId.SCTP;
      case "icmp": return ipv6 ? CommunityId.ICMPV6 : CommunityId.ICMP;
      case "icmp6":
      case "icmpv6":
      case "ipv6-icmp": return CommunityId.ICMPV6;
      case "igmp": return 2;
      case "ipip": return 4;
      case "ipv6": return 41;
      case "gre": return 47;
      case "esp": return 50;
      case "ah": return 51;
      case "ospf": return 89;
      case "pim": return 103;
      case "vrrp": return 112;
      default:
        break;
    }
    String digits = n.startsWith("ip-proto-") ? n.substring("ip-proto-".length()) : n;
    if (digits.isEmpty() || digits.length() > 3) return -1;
    for (int i = 0; i < digits.length(); i++) if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
    int v = Integer.parseInt(digits);
    return v <= 255 ? v : -1;
  }
}

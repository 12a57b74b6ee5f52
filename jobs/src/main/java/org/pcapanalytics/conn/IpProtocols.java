package org.pcapanalytics.conn;

import java.util.Map;

/**
 * The names the {@code proto} column gives IP protocols: Zeek's {@code tcp}, {@code udp} and
 * {@code icmp} (ICMP and ICMPv6 alike), a few common others by their IANA keyword, and
 * {@code ip-proto-N} for the rest, so that every name maps back to one number per IP version.
 */
public final class IpProtocols {
  /** Protocol numbers by name, apart from {@code icmp} (1, or 58 over IPv6) and {@code ip-proto-N}. */
  public static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("tcp", Flow.TCP),
      Map.entry("udp", Flow.UDP), Map.entry("igmp", 2), Map.entry("ipip", 4), Map.entry("ipv6", 41),
      Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("ospf", 89), Map.entry("pim", 103),
      Map.entry("vrrp", 112), Map.entry("sctp", 132));
  public static final String ICMP = "icmp";
  /** The prefix of a protocol without a name here: {@code ip-proto-N}. */
  public static final String NUMBERED = "ip-proto-";

  private static final String[] NAMES = new String[256];

  static {
    for (int i = 0; i < NAMES.length; i++) NAMES[i] = NUMBERED + i;
    NUMBERS.forEach((name, number) -> NAMES[number] = name);
    NAMES[Flow.ICMP] = ICMP;
    NAMES[Flow.ICMPV6] = ICMP;
  }

  private IpProtocols() {}

  /** The {@code proto} name of IP protocol {@code number} (0-255). */
  public static String name(int number) {
    return number >= 0 && number < NAMES.length ? NAMES[number] : NUMBERED + number;
  }
}

package org.pcapanalytics.config;

import java.io.Serializable;

/**
 * Inactivity timeouts (seconds) that end a connection: a packet arriving later than this after
 * the previous packet of the same 5-tuple starts a new connection. Defaults are Zeek's
 * ({@code tcp_inactivity_timeout} 5 min, {@code udp_inactivity_timeout} 1 min,
 * {@code icmp_inactivity_timeout} 1 min, {@code unknown_ip_inactivity_timeout} 1 min).
 */
public final class FlowTimeouts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int tcp;
  private final int udp;
  private final int icmp;
  private final int other;

  private FlowTimeouts(int tcp, int udp, int icmp, int other) {
    check("tcp", tcp);
    check("udp", udp);
    check("icmp", icmp);
    check("other", other);
    this.tcp = tcp;
    this.udp = udp;
    this.icmp = icmp;
    this.other = other;
  }

  private static void check(String name, int seconds) {
    if (seconds <= 0) throw new IllegalArgumentException(name + " timeout must be a positive number of seconds, got " + seconds);
  }

  public static FlowTimeouts of(int tcp, int udp, int icmp, int other) {
    return new FlowTimeouts(tcp, udp, icmp, other);
  }

  public static FlowTimeouts defaults() {
    return new FlowTimeouts(300, 60, 60, 60);
  }

  public int tcp() {
    return tcp;
  }

  public int udp() {
    return udp;
  }

  /** ICMP and ICMPv6. */
  public int icmp() {
    return icmp;
  }

  /** Any other IP protocol (GRE, ESP, SCTP, …). */
  public int other() {
    return other;
  }

  /** The timeout for IP protocol number {@code ipProto} (6 TCP, 17 UDP, 1 and 58 ICMP, else other). */
  public int forProtocol(int ipProto) {
    return switch (ipProto) {
      case 6 -> tcp;
      case 17 -> udp;
      case 1, 58 -> icmp;
      default -> other;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowTimeouts f && f.tcp == tcp && f.udp == udp && f.icmp == icmp && f.other == other;
  }

  @Override
  public int hashCode() {
    return ((tcp * 31 + udp) * 31 + icmp) * 31 + other;
  }

  @Override
  public String toString() {
    return "FlowTimeouts{tcp=" + tcp + "s, udp=" + udp + "s, icmp=" + icmp + "s, other=" + other + "s}";
  }
}

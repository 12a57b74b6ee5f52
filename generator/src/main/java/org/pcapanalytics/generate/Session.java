package org.pcapanalytics.generate;

/**
 * One conversation (a TCP connection, a DNS lookup, a ping, …) emitting its packets one at a time. The
 * generator interleaves the active sessions by {@link #next}. Sessions are per-conversation objects; building
 * a packet allocates nothing.
 */
abstract class Session {
  /** Scheduled time of the next packet, ns since the epoch (before {@link #shiftNs}). */
  long next;
  /** Added to every timestamp written (non-zero only for out-of-order sessions). */
  long shiftNs;
  boolean done;
  /** Rough count of file bytes still to come, for the size budget. */
  long estRemaining;
  int iface;
  int linkType;
  /** 802.1ad outer tag and 802.1Q tag on Ethernet links (0 = none). */
  int sTag;
  int cTag;

  Session(GenContext c, long start) {
    this.next = start;
    this.iface = c.pickInterface();
    this.linkType = c.ifaces.get(iface).linkType();
  }

  /** Emits exactly one packet and advances {@link #next}, or sets {@link #done} after the last one. */
  abstract void step(GenContext c);

  /** Tags this session's Ethernet frames with the VLAN of {@code host}, sometimes inside an S-tag. */
  void maybeTag(GenContext c, int host) {
    int r = c.rng.nextInt(100);
    int v = c.hosts.vlan[host] > 0 ? c.hosts.vlan[host] : 100;
    if (r < 4) {
      sTag = 200 + c.rng.nextInt(8);
      cTag = v;
    } else if (r < 22) {
      cTag = v;
    }
  }

  /** Starts a frame from {@code src} to {@code dst} (-1 = broadcast); returns the network header offset. */
  final int begin(GenContext c, int src, int dst, int etherType) {
    Hosts h = c.hosts;
    long dmac = dst < 0 ? Hosts.BROADCAST_MAC : h.macOf(dst);
    return c.fb.link(linkType, h.macOf(src), dmac, sTag, cTag, etherType, h.internal[src]);
  }

  /** Link header plus an IPv4 (DF set) or IPv6 header, by the hosts' family; returns the transport offset. */
  final int beginIp(GenContext c, int src, int dst, int proto, int ipId) {
    return beginIp(c, src, dst, proto, ipId, false);
  }

  /** As {@link #beginIp(GenContext, int, int, int, int)}; {@code jumbogram} adds an IPv6 Jumbo Payload option. */
  final int beginIp(GenContext c, int src, int dst, int proto, int ipId, boolean jumbogram) {
    Hosts h = c.hosts;
    boolean v6 = h.v6[src];
    int off = begin(c, src, dst, v6 ? FrameBuilder.ETH_IPV6 : FrameBuilder.ETH_IPV4);
    if (v6) {
      return c.fb.ipv6(off, h.addr[src], h.addr[dst], proto, ttl(h, src), ipId & 0xFFFFF, jumbogram);
    }
    return c.fb.ipv4(off, h.addr[src], h.addr[dst], proto, ttl(h, src), ipId & 0xFFFF, true);
  }

  /** TTL as seen at the capture point: 64 from local hosts, fewer (or Windows-style 128-n) from far ones. */
  static int ttl(Hosts h, int src) {
    if (h.internal[src]) {
      return 64;
    }
    int hops = 5 + src % 17;
    return (src & 4) == 0 ? 64 - hops : 128 - hops;
  }

  /** Nanoseconds of a uniformly random delay in [lo, hi). */
  static long delay(GenContext c, long lo, long hi) {
    return lo + (long) (c.rng.nextDouble() * (hi - lo));
  }

  static int ephemeralPort(GenContext c) {
    return 32768 + c.rng.nextInt(28232);
  }
}

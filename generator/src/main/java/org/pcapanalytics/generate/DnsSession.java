package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/** One DNS lookup over UDP port 53: an A or AAAA query and its NOERROR, NXDOMAIN or SERVFAIL response. */
final class DnsSession extends Session {
  private final int client;
  private final int resolver;
  private final int cport;
  private final int id;
  private final int qtype;
  private final int rcode;
  private final int domain;
  private final byte[] qname;
  private final boolean cname;
  private final long rtt;
  private boolean answered;

  DnsSession(GenContext c, long start, int client, boolean ipv6) {
    super(c, start);
    Hosts h = c.hosts;
    this.client = client;
    this.resolver = ipv6 ? h.resolverV6 : c.rng.nextInt(6) == 0 ? h.publicResolverV4 : h.resolverV4;
    this.cport = ephemeralPort(c);
    this.id = c.rng.nextInt(65536);
    this.qtype = c.rng.nextInt(10) < 7 ? AppPayloads.DNS_A : AppPayloads.DNS_AAAA;
    int r = c.rng.nextInt(100);
    this.rcode = r < 86 ? AppPayloads.RCODE_NOERROR : r < 96 ? AppPayloads.RCODE_NXDOMAIN : AppPayloads.RCODE_SERVFAIL;
    if (rcode == AppPayloads.RCODE_NXDOMAIN) {
      this.domain = -1;
      this.qname = Names.toWire(Names.nxName(c.rng));
    } else {
      this.domain = c.names.pickDomain(c.rng);
      this.qname = c.names.wire[domain];
    }
    this.cname = c.rng.nextInt(4) == 0;
    this.rtt = h.internal[resolver] ? delay(c, 200_000, 30_000_000) : delay(c, 8_000_000, 60_000_000);
    maybeTag(c, client);
    estRemaining = 400;
  }

  @Override
  void step(GenContext c) {
    FrameBuilder fb = c.fb;
    if (!answered) {
      int udp = beginIp(c, client, resolver, FrameBuilder.PROTO_UDP, c.rng.nextInt(65536));
      int end = AppPayloads.dnsQuery(fb.buf, fb.udp(udp, cport, 53), id, qname, qtype);
      long seen = c.emit(this, fb.finish(end, false), client, resolver);
      c.summary.connectionStart(seen, false);
      c.summary.add(Counter.UDP_FLOWS);
      answered = true;
      next += rtt;
      return;
    }
    int udp = beginIp(c, resolver, client, FrameBuilder.PROTO_UDP, c.rng.nextInt(65536));
    byte[][] addrs = new byte[0][];
    if (rcode == AppPayloads.RCODE_NOERROR) {
      Hosts h = c.hosts;
      int n = 1 + c.rng.nextInt(3);
      addrs = new byte[n][];
      boolean a = qtype == AppPayloads.DNS_A;
      addrs[0] = h.addr[a ? c.names.serverV4[domain] : c.names.serverV6[domain]];
      for (int i = 1; i < n; i++) {
        addrs[i] = h.addr[h.pickExternal(c.rng, !a)];
      }
    }
    int labels = AppPayloads.labelCount(qname);
    int registered = Math.max(0, labels - (labels >= 3 && qname[AppPayloads.labelOffset(qname, labels - 1)] == 2
        && qname[AppPayloads.labelOffset(qname, labels - 2)] == 2 ? 3 : 2));
    int end = AppPayloads.dnsResponse(fb.buf, fb.udp(udp, 53, cport), id, qname, qtype, rcode, cname, addrs,
        registered, 60 + c.rng.nextInt(3600), c.rng);
    c.emit(this, fb.finish(end, true), resolver, client);
    c.summary.add(Counter.DNS_TRANSACTIONS);
    if (rcode == AppPayloads.RCODE_NXDOMAIN) {
      c.summary.add(Counter.DNS_NXDOMAIN);
    } else if (rcode == AppPayloads.RCODE_SERVFAIL) {
      c.summary.add(Counter.DNS_SERVFAIL);
    }
    done = true;
  }
}

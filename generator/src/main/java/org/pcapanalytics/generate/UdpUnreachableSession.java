package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * A UDP datagram to a closed port (or an unreachable internal host), answered by an ICMP destination
 * unreachable message that quotes the datagram's IP header and first 8 bytes.
 */
final class UdpUnreachableSession extends Session {
  private final int client;
  private final int target;
  private final int responder;
  private final int code;
  private final int sport;
  private final int dport;
  private final byte[] quoted = new byte[28];
  private boolean probed;

  UdpUnreachableSession(GenContext c, long start, int client, int target) {
    super(c, start);
    Hosts h = c.hosts;
    this.client = client;
    this.target = target;
    boolean hostUnreachable = h.internal[target] && c.rng.nextInt(3) == 0;
    this.responder = hostUnreachable ? h.gatewayV4 : target;
    this.code = hostUnreachable ? 1 : 3;
    this.sport = ephemeralPort(c);
    this.dport = 33434 + c.rng.nextInt(64);
    maybeTag(c, client);
    estRemaining = 250;
  }

  @Override
  void step(GenContext c) {
    FrameBuilder fb = c.fb;
    if (!probed) {
      int udp = beginIp(c, client, target, FrameBuilder.PROTO_UDP, c.rng.nextInt(65536));
      int p = fb.udp(udp, sport, dport);
      java.util.Arrays.fill(fb.buf, p, p + 32, (byte) 0);
      int len = fb.finish(p + 32, false);
      System.arraycopy(fb.buf, fb.ipOffset(), quoted, 0, quoted.length);
      long seen = c.emit(this, len, client, target);
      c.summary.connectionStart(seen, false);
      c.summary.add(Counter.UDP_FLOWS);
      probed = true;
      next += c.hosts.internal[responder] ? delay(c, 200_000, 3_000_000) : delay(c, 5_000_000, 120_000_000);
      return;
    }
    int off = beginIp(c, responder, client, FrameBuilder.PROTO_ICMP, c.rng.nextInt(65536));
    int p = fb.icmp(off, 3, code, 0);
    System.arraycopy(quoted, 0, fb.buf, p, quoted.length);
    c.emit(this, fb.finish(p + quoted.length, true), responder, client);
    c.summary.add(Counter.ICMP_UNREACHABLE);
    done = true;
  }
}

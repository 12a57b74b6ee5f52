package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * A small SYN scan: one source port probing many ports of one host. Closed ports answer with RST/ACK
 * (Zeek REJ); filtered ones stay silent (S0). Every probe is its own connection.
 */
final class SynScanSession extends Session {
  private static final int[] COMMON_PORTS = {
    21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1723, 3306, 3389, 5432, 5900,
    6379, 8080, 8443, 9200,
  };

  private final int scanner;
  private final int target;
  private final int sport;
  private final int probes;
  private final int portBase;
  private int probe;
  private boolean resetNext;
  private long seq;

  SynScanSession(GenContext c, long start, int scanner, int target, int probes) {
    super(c, start);
    this.scanner = scanner;
    this.target = target;
    this.sport = 40000 + c.rng.nextInt(20000);
    this.probes = probes;
    this.portBase = 1 + c.rng.nextInt(1000);
    estRemaining = probes * 100L;
  }

  @Override
  void step(GenContext c) {
    int dport = probe < COMMON_PORTS.length ? COMMON_PORTS[probe] : portBase + probe;
    FrameBuilder fb = c.fb;
    if (!resetNext) {
      seq = c.rng.nextLong() & 0xFFFF_FFFFL;
      int tcp = beginIp(c, scanner, target, FrameBuilder.PROTO_TCP, c.rng.nextInt(65536));
      int end = fb.tcp(tcp, sport, dport, seq, 0, FrameBuilder.TCP_SYN, 1024, FrameBuilder.TCPOPT_NONE, 0, 0, 0);
      long seen = c.emit(this, fb.finish(end, false), scanner, target);
      c.summary.connectionStart(seen, true);
      c.summary.add(Counter.SYN_SCAN_PROBES);
      if (c.rng.nextInt(10) < 3) {
        resetNext = true;
        next += delay(c, 100_000, 1_000_000);
        return;
      }
      c.summary.add(Counter.TCP_S0);
    } else {
      int tcp = beginIp(c, target, scanner, FrameBuilder.PROTO_TCP, 0);
      int end = fb.tcp(tcp, dport, sport, 0, seq + 1, FrameBuilder.TCP_RST | FrameBuilder.TCP_ACK, 0,
          FrameBuilder.TCPOPT_NONE, 0, 0, 0);
      c.emit(this, fb.finish(end, true), target, scanner);
      c.summary.add(Counter.TCP_REJ);
      resetNext = false;
    }
    if (++probe >= probes) {
      done = true;
    } else {
      next += delay(c, 200_000, 3_000_000);
    }
  }
}

package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/** A ping: one to four ICMP (or ICMPv6) echo requests a second apart, each answered by an echo reply. */
final class IcmpEchoSession extends Session {
  private final int client;
  private final int target;
  private final int id;
  private final int count;
  private final long rtt;
  private final boolean v6;
  private int seq;
  private boolean replyNext;

  IcmpEchoSession(GenContext c, long start, int client, int target) {
    super(c, start);
    this.client = client;
    this.target = target;
    this.v6 = c.hosts.v6[client];
    this.id = c.rng.nextInt(65536);
    this.count = 1 + c.rng.nextInt(4);
    this.rtt = c.hosts.internal[target] ? delay(c, 100_000, 2_000_000) : delay(c, 5_000_000, 150_000_000);
    this.seq = 1;
    maybeTag(c, client);
    estRemaining = count * 2L * 120;
  }

  @Override
  void step(GenContext c) {
    FrameBuilder fb = c.fb;
    int src = replyNext ? target : client;
    int dst = replyNext ? client : target;
    int type = v6 ? (replyNext ? 129 : 128) : (replyNext ? 0 : 8);
    int off = beginIp(c, src, dst, v6 ? FrameBuilder.PROTO_ICMPV6 : FrameBuilder.PROTO_ICMP, id + seq);
    int p = fb.icmp(off, type, 0, (id << 16) | seq);
    // 56 data bytes: a timestamp, then the classic 0x10.. pattern
    long t = next / 1000;
    for (int i = 0; i < 8; i++) {
      fb.buf[p + i] = (byte) (t >>> (8 * i));
    }
    for (int i = 8; i < 56; i++) {
      fb.buf[p + i] = (byte) (i + 8);
    }
    long seen = c.emit(this, fb.finish(p + 56, replyNext), src, dst);
    if (!replyNext) {
      if (seq == 1) {
        c.summary.connectionStart(seen, false);
      }
      replyNext = true;
      next += rtt;
      return;
    }
    c.summary.add(v6 ? Counter.ICMPV6_ECHO_EXCHANGES : Counter.ICMP_ECHO_EXCHANGES);
    replyNext = false;
    if (seq++ >= count) {
      done = true;
    } else {
      next += 1_000_000_000L - rtt + delay(c, 0, 2_000_000);
    }
  }
}

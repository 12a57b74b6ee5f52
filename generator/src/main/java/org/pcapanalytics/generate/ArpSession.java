package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/** An ARP who-has broadcast and its reply: frames without an IP header. */
final class ArpSession extends Session {
  private final int asker;
  private final int owner;
  private boolean replied;

  ArpSession(GenContext c, long start, int asker, int owner) {
    super(c, start);
    this.asker = asker;
    this.owner = owner;
    if (!FrameBuilder.carries(linkType, FrameBuilder.ETH_ARP)) {
      iface = 0;
      linkType = c.ifaces.get(0).linkType();
    }
    maybeTag(c, asker);
    estRemaining = 150;
  }

  /** Whether ARP can be written on interface 0 of this capture. */
  static boolean possible(GenContext c) {
    return FrameBuilder.carries(c.ifaces.get(0).linkType(), FrameBuilder.ETH_ARP);
  }

  @Override
  void step(GenContext c) {
    FrameBuilder fb = c.fb;
    Hosts h = c.hosts;
    int src = replied ? owner : asker;
    int dst = replied ? asker : owner;
    int p = begin(c, src, replied ? asker : -1, FrameBuilder.ETH_ARP);
    ByteWriter.put16(fb.buf, p, 1);
    ByteWriter.put16(fb.buf, p + 2, FrameBuilder.ETH_IPV4);
    fb.buf[p + 4] = 6;
    fb.buf[p + 5] = 4;
    ByteWriter.put16(fb.buf, p + 6, replied ? 2 : 1);
    ByteWriter.putMac(fb.buf, p + 8, h.macOf(src));
    System.arraycopy(h.addr[src], 0, fb.buf, p + 14, 4);
    ByteWriter.putMac(fb.buf, p + 18, replied ? h.macOf(dst) : 0);
    System.arraycopy(h.addr[dst], 0, fb.buf, p + 24, 4);
    c.emit(this, fb.finish(p + 28, true), -1, -1);
    c.summary.add(Counter.ARP_FRAMES);
    if (replied) {
      done = true;
    } else {
      replied = true;
      next += delay(c, 50_000, 2_000_000);
    }
  }
}

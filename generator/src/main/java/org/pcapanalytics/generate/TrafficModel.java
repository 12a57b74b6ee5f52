package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * Decides what the next conversation is: its kind, endpoints and size. Sizes are capped by the remaining
 * byte budget so the file ends close to its target with every conversation complete.
 */
final class TrafficModel {
  private static final int[] GENERIC_PORTS = {22, 25, 993, 3389, 5432, 8883, 6379, 9000};
  private static final int[] FILE_PORTS = {445, 2049, 873};
  /** Largest conversation of the small mix: a few full-size segments among many small packets. */
  private static final long SMALL_SESSION_BYTES = 2000;

  private final GenContext c;
  private final long maxSessionBytes;
  /** Heavy hitters' transfers may be larger than other conversations. */
  private final long maxBulkBytes;
  private final int uploadsPlanned;
  private final boolean giantPossible;
  /** {@link GeneratorOptions.Mix#SMALL}: short conversations only, no bulk transfers or jumbo frames. */
  private final boolean small;
  private int uploads;
  private long sessions;

  TrafficModel(GenContext c) {
    this.c = c;
    long target = c.opts.targetBytes();
    this.small = c.opts.mix() == GeneratorOptions.Mix.SMALL;
    this.maxSessionBytes = small ? SMALL_SESSION_BYTES : Math.max(32 << 10, Math.min(16L << 20, target / 200));
    this.maxBulkBytes = Math.max(64 << 10, Math.min(16L << 20, target / 100));
    this.uploadsPlanned = (int) Math.max(2, Math.min(20, 2 + target / (100L << 20)));
    this.giantPossible = !small && c.snaplen >= GeneratorOptions.MAX_SNAPLEN;
  }

  /** A new session whose first packet is at {@code start}, sized for at most {@code budget} more bytes. */
  Session next(long start, long budget) {
    sessions++;
    int uploadsBefore = uploads;
    Session s = create(start, budget);
    // shift some conversations by hours, as in merged captures (not the after-hours uploads, whose
    // start time is the point of them)
    if (c.opts.outOfOrder() && uploads == uploadsBefore && c.rng.nextInt(100) < 3) {
      long hours = 1 + c.rng.nextInt(12);
      s.shiftNs = (c.rng.nextBoolean() ? 1 : -1) * (hours * TimeModel.NS_PER_HOUR
          + c.rng.nextInt(3600) * TimeModel.NS_PER_SEC);
    }
    return s;
  }

  private Session create(long start, long budget) {
    Hosts h = c.hosts;
    long cap = Math.min(maxSessionBytes, budget);
    if (giantPossible && budget >= 700_000 && (sessions == 5 || c.rng.nextInt(20000) == 0)) {
      // a receive-offload super-frame of ~256 KiB: an IPv6 jumbogram from the file server
      int client = h.heavyV6[c.rng.nextInt(h.heavyV6.length)];
      return new TcpSession(c, start, client, h.fileServersV6[0], 445, TcpSession.APP_BULK,
          TcpSession.OUTCOME_ESTABLISHED, TcpSession.END_FIN, 400_000, true, true, true, false,
          "fs1.corp.example");
    }
    if (uploads < uploadsPlanned && TimeModel.afterHours(start) && cap >= 20_000 && c.rng.nextInt(100) < 15) {
      uploads++;
      c.summary.add(Counter.AFTER_HOURS_UPLOADS);
      boolean v6 = c.rng.nextInt(5) == 0;
      int client = h.pickClient(c.rng, v6);
      int d = c.names.pickDomain(c.rng);
      return new TcpSession(c, start, client, v6 ? c.names.serverV6[d] : c.names.serverV4[d], 443,
          TcpSession.APP_UPLOAD, TcpSession.OUTCOME_ESTABLISHED, TcpSession.END_FIN,
          (long) (cap * (0.5 + 0.5 * c.rng.nextDouble())), false, c.rng.nextBoolean(), false, false,
          c.names.domains[d]);
    }
    int r = c.rng.nextInt(1000);
    if ((sessions == 20 || r == 740 && c.rng.nextInt(4) == 0) && cap > 5000) {
      // a small SYN scan: the 20th conversation, then about one in 4000
      int target = h.internalV4[c.rng.nextInt(h.internalV4.length)];
      int probes = (int) Math.min(20 + c.rng.nextInt(100), cap / 120);
      return new SynScanSession(c, start, h.pickExternal(c.rng, false), target, probes);
    }
    if (cap < (small ? 1000 : 4000)) {
      r = r % 4 == 0 ? 0 : 900 + r % 100; // mostly small conversations near the end
    }
    boolean v6 = c.rng.nextInt(100) < 15;
    if (r < 240) {
      return new DnsSession(c, start, h.pickClient(c.rng, v6), v6);
    }
    if (r < 400) {
      return web(start, cap, v6, false);
    }
    if (r < 660) {
      return web(start, cap, v6, true);
    }
    if (small && r >= 560 && r < 700) {
      // instead of bulk transfers and some of the TLS: more lookups
      return new DnsSession(c, start, h.pickClient(c.rng, v6), v6);
    }
    if (r < 700) {
      return bulk(start, Math.min(maxBulkBytes, budget));
    }
    if (r < 740) {
      int client = h.pickClient(c.rng, v6);
      int server = c.rng.nextInt(3) == 0 ? pickInternalServer(v6) : h.pickExternal(c.rng, v6);
      return new TcpSession(c, start, client, server, GENERIC_PORTS[c.rng.nextInt(GENERIC_PORTS.length)],
          TcpSession.APP_GENERIC, TcpSession.OUTCOME_ESTABLISHED, ending(),
          Math.min(cap, 1000 + c.rng.nextInt(20000)), false, false, false, false, "");
    }
    if (r < 820) {
      return new IcmpEchoSession(c, start, h.pickClient(c.rng, v6),
          c.rng.nextBoolean() ? h.pickExternal(c.rng, v6) : pickInternalServer(v6));
    }
    if (r < 840) {
      int client = h.pickClient(c.rng, false);
      int target = c.rng.nextBoolean() ? h.pickExternal(c.rng, false)
          : h.internalV4[c.rng.nextInt(h.internalV4.length)];
      return new UdpUnreachableSession(c, start, client, target == client ? h.fileServersV4[0] : target);
    }
    if (r < 860 && cap > 9000) {
      return new FragmentedUdpSession(c, start, h.pickClient(c.rng, false),
          c.rng.nextBoolean() ? h.fileServersV4[c.rng.nextInt(h.fileServersV4.length)]
              : h.pickExternal(c.rng, false));
    }
    if (r < 900 && ArpSession.possible(c)) {
      int asker = h.internalV4[c.rng.nextInt(h.internalV4.length)];
      return new ArpSession(c, start, asker, c.rng.nextBoolean() ? h.gatewayV4 : h.resolverV4);
    }
    // failed connection attempts
    int client = h.pickClient(c.rng, v6);
    int server = c.rng.nextBoolean() ? h.pickExternal(c.rng, v6) : pickInternalServer(v6);
    int port = c.rng.nextBoolean() ? 443 : GENERIC_PORTS[c.rng.nextInt(GENERIC_PORTS.length)];
    return new TcpSession(c, start, client, server, port, TcpSession.APP_GENERIC,
        c.rng.nextBoolean() ? TcpSession.OUTCOME_REFUSED : TcpSession.OUTCOME_UNANSWERED, TcpSession.END_FIN,
        0, false, false, false, false, "");
  }

  private Session web(long start, long cap, boolean v6, boolean tls) {
    Hosts h = c.hosts;
    int d = c.names.pickDomain(c.rng);
    int client = h.pickClient(c.rng, v6);
    int server = v6 ? c.names.serverV6[d] : c.names.serverV4[d];
    double u = c.rng.nextDouble();
    if (tls) {
      long volume = Math.min(cap, (long) (1000 * Math.exp(6 * u * u)));
      return new TcpSession(c, start, client, server, 443, TcpSession.APP_TLS, TcpSession.OUTCOME_ESTABLISHED,
          ending(), volume, false, false, false, false, c.names.domains[d]);
    }
    boolean capture = c.adversarial() && c.rng.nextInt(100) < 50 && cap > 8000;
    long volume = capture ? Math.min(cap, 8000 + c.rng.nextInt(50000)) : Math.min(cap, (long) (300 * Math.exp(u * 6)));
    int port = c.rng.nextInt(100) < 85 ? 80 : 8080;
    return new TcpSession(c, start, client, server, port, TcpSession.APP_HTTP, TcpSession.OUTCOME_ESTABLISHED,
        capture ? TcpSession.END_FIN : ending(), volume, false, false, false, capture, c.names.domains[d]);
  }

  /** A heavy hitter moving a lot of data: to an internal file server with jumbo frames, or from outside. */
  private Session bulk(long start, long cap) {
    Hosts h = c.hosts;
    boolean v6 = c.rng.nextInt(10) == 0;
    int client = v6 ? h.heavyV6[c.rng.nextInt(h.heavyV6.length)] : h.heavyV4[c.rng.nextInt(h.heavyV4.length)];
    double u = c.rng.nextDouble();
    long volume = (long) (cap * (0.1 + 0.9 * u * u * u));
    if (c.rng.nextInt(10) < 4) {
      int server = v6 ? h.fileServersV6[0] : h.fileServersV4[c.rng.nextInt(h.fileServersV4.length)];
      return new TcpSession(c, start, client, server, FILE_PORTS[c.rng.nextInt(FILE_PORTS.length)],
          TcpSession.APP_BULK, TcpSession.OUTCOME_ESTABLISHED, TcpSession.END_FIN, volume, true,
          c.rng.nextInt(3) == 0, false, false, "");
    }
    return new TcpSession(c, start, client, h.pickExternal(c.rng, v6), 22, TcpSession.APP_BULK,
        TcpSession.OUTCOME_ESTABLISHED, ending(), volume, false, c.rng.nextInt(3) == 0, false, false, "");
  }

  private int pickInternalServer(boolean v6) {
    Hosts h = c.hosts;
    if (v6) {
      return c.rng.nextBoolean() ? h.fileServersV6[0] : h.resolverV6;
    }
    return h.fileServersV4[c.rng.nextInt(h.fileServersV4.length)];
  }

  private int ending() {
    int r = c.rng.nextInt(100);
    return r < 86 ? TcpSession.END_FIN : r < 94 ? TcpSession.END_RST_ORIG : TcpSession.END_RST_RESP;
  }
}

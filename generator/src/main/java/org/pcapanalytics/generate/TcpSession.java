package org.pcapanalytics.generate;

import static org.pcapanalytics.generate.FrameBuilder.TCP_ACK;
import static org.pcapanalytics.generate.FrameBuilder.TCP_FIN;
import static org.pcapanalytics.generate.FrameBuilder.TCP_PSH;
import static org.pcapanalytics.generate.FrameBuilder.TCP_RST;
import static org.pcapanalytics.generate.FrameBuilder.TCP_SYN;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * A TCP connection: three-way handshake, alternating client and server messages (HTTP, TLS, bulk or generic
 * binary), ACKs every second segment, and a FIN or RST close; or a refused (SYN, RST/ACK) or unanswered
 * (SYN retransmissions) attempt. Sequence and acknowledgement numbers, timestamps options and the PSH flag
 * follow the byte streams.
 */
final class TcpSession extends Session {
  static final int APP_HTTP = 0;
  static final int APP_TLS = 1;
  static final int APP_BULK = 2;
  static final int APP_UPLOAD = 3;
  static final int APP_GENERIC = 4;

  static final int OUTCOME_ESTABLISHED = 0;
  static final int OUTCOME_REFUSED = 1;
  static final int OUTCOME_UNANSWERED = 2;

  static final int END_FIN = 0;
  static final int END_RST_ORIG = 1;
  static final int END_RST_RESP = 2;

  private static final int P_SYN = 0;
  private static final int P_SYNACK = 1;
  private static final int P_ACK = 2;
  private static final int P_DATA = 3;
  private static final int P_DATA_ACK = 4;
  private static final int P_CLOSE = 5;
  private static final int P_REJECT = 6;

  private static final int HTTP_GET = 0;
  private static final int HTTP_POST = 1;
  private static final int HTTP_HEAD = 2;
  private static final int HTTP_NOT_FOUND = 3;

  private static final int TCP_HEADER = 32; // with the timestamps option
  private static final int GIANT_FRAME = 262144;

  private final int client;
  private final int server;
  private final int cport;
  private final int sport;
  private final int app;
  private final int outcome;
  private final int ending;
  private final boolean serverClosesFirst;
  private final long rtt;
  private final double nsPerByte;
  private final int mss;
  private final boolean tso;
  private final boolean captureDownload;
  private final String host;
  private final long[] body;
  private final int[] variant;
  private final PayloadStream clientStream = new PayloadStream();
  private final PayloadStream serverStream = new PayloadStream();
  private boolean giantPending;

  private int phase = P_SYN;
  private int msg;
  private int unacked;
  private boolean messageDone;
  private boolean messageStarted;
  private int synCount;
  private int closeStep;
  private long cSeq;
  private long sSeq;
  private int cIpId;
  private int sIpId;
  private final int cWin;
  private final int sWin;
  private final long tsOffC;
  private final long tsOffS;

  /**
   * @param volume  approximate payload bytes of the whole conversation
   * @param jumbo   9000-byte MTU (internal hosts on one segment)
   * @param tso     the capture shows segmentation-offload super-frames
   * @param giant   one segment is a ~256 KiB IPv6 jumbogram (needs IPv6 and a volume above 300 KB)
   * @param captureDownload the HTTP response is a pcap/pcapng file (fake records in every segment)
   */
  TcpSession(GenContext c, long start, int client, int server, int sport, int app, int outcome, int ending,
      long volume, boolean jumbo, boolean tso, boolean giant, boolean captureDownload, String host) {
    super(c, start);
    this.client = client;
    this.server = server;
    this.cport = ephemeralPort(c);
    this.sport = sport;
    this.app = app;
    this.outcome = outcome;
    this.ending = ending;
    this.serverClosesFirst = c.rng.nextInt(4) == 0;
    this.tso = tso;
    this.giantPending = giant && c.hosts.v6[client];
    this.captureDownload = captureDownload;
    this.host = host;
    Hosts h = c.hosts;
    boolean local = h.internal[server];
    this.rtt = local ? delay(c, 100_000, 2_000_000) : delay(c, 4_000_000, 180_000_000);
    double mbps = local ? 1000 + c.rng.nextInt(9000) : 20 + c.rng.nextInt(480);
    this.nsPerByte = 8000.0 / mbps;
    int mtu = jumbo ? 9000 : 1500;
    this.mss = mtu - (h.v6[client] ? 40 : 20) - TCP_HEADER;
    this.cSeq = c.rng.nextLong() & 0xFFFF_FFFFL;
    this.sSeq = c.rng.nextLong() & 0xFFFF_FFFFL;
    this.cIpId = c.rng.nextInt(65536);
    this.sIpId = c.rng.nextInt(65536);
    this.cWin = 500 + c.rng.nextInt(1500);
    this.sWin = 200 + c.rng.nextInt(2000);
    this.tsOffC = c.rng.nextLong() & 0x7FFF_FFFFL;
    this.tsOffS = c.rng.nextLong() & 0x7FFF_FFFFL;
    maybeTag(c, client);
    int messages;
    switch (app) {
      case APP_HTTP:
        messages = 2 * (volume > 20_000 && c.rng.nextInt(10) < 4 && !captureDownload ? 1 + c.rng.nextInt(3) : 1);
        break;
      case APP_TLS:
      case APP_UPLOAD:
        messages = 4 + 2 * (volume > 50_000 ? c.rng.nextInt(3) : 0);
        break;
      case APP_BULK:
        messages = giantPending ? 2 : 2 * (1 + c.rng.nextInt(2));
        break;
      default:
        messages = 2 * (1 + c.rng.nextInt(4));
    }
    body = new long[messages];
    variant = new int[messages];
    plan(c, Math.max(volume, 64));
    long est = 200;
    for (long b : body) {
      est += b + 300 + b / Math.max(1, mss) * 150;
    }
    estRemaining = outcome == OUTCOME_ESTABLISHED ? est : 300;
  }

  private void plan(GenContext c, long volume) {
    int n = body.length;
    int bigShare = app == APP_UPLOAD ? 0 : 1; // which side's messages carry the volume
    int bigMessages = n / 2;
    for (int i = 0; i < n; i++) {
      boolean big = i % 2 == bigShare;
      long share = Math.max(64, volume / bigMessages);
      long jitter = giantPending ? share : (long) (share * (0.5 + c.rng.nextDouble()));
      switch (app) {
        case APP_HTTP:
          if (i % 2 == 0) {
            int r = c.rng.nextInt(100);
            variant[i] = captureDownload || r < 80 ? HTTP_GET : r < 95 ? HTTP_POST : HTTP_HEAD;
            body[i] = variant[i] == HTTP_POST ? 100 + c.rng.nextInt(4000) : 0;
          } else {
            variant[i] = variant[i - 1] == HTTP_HEAD ? HTTP_HEAD
                : !captureDownload && c.rng.nextInt(10) == 0 ? HTTP_NOT_FOUND : HTTP_GET;
            body[i] = variant[i] == HTTP_HEAD ? 0 : variant[i] == HTTP_NOT_FOUND
                ? 150 + c.rng.nextInt(500) : jitter;
          }
          break;
        case APP_TLS:
        case APP_UPLOAD:
          if (i == 0) {
            body[i] = 0;
          } else if (i == 1) {
            body[i] = 1500 + c.rng.nextInt(4000);
          } else if (i == 2 && app == APP_TLS) {
            body[i] = 60 + c.rng.nextInt(700);
          } else {
            body[i] = big ? jitter : 40 + c.rng.nextInt(600);
          }
          break;
        case APP_BULK:
          body[i] = big ? jitter : 80 + c.rng.nextInt(500);
          break;
        default:
          body[i] = big ? Math.min(jitter, 20_000) : 20 + c.rng.nextInt(400);
      }
    }
  }

  @Override
  void step(GenContext c) {
    switch (phase) {
      case P_SYN:
        syn(c);
        break;
      case P_SYNACK:
        control(c, 1, TCP_SYN | TCP_ACK, FrameBuilder.TCPOPT_SYN);
        sSeq++;
        phase = P_ACK;
        next += delay(c, 10_000, 200_000);
        break;
      case P_ACK:
        control(c, 0, TCP_ACK, FrameBuilder.TCPOPT_TIMESTAMP);
        phase = P_DATA;
        msg = 0;
        prepareMessage(c);
        next += delay(c, 20_000, 3_000_000);
        break;
      case P_DATA:
        data(c);
        break;
      case P_DATA_ACK:
        dataAck(c);
        break;
      case P_CLOSE:
        close(c);
        break;
      case P_REJECT:
        reset(c, 1);
        finish(c, Counter.TCP_REJ);
        break;
      default:
        throw new IllegalStateException("phase " + phase);
    }
  }

  private void syn(GenContext c) {
    long seen = control(c, 0, TCP_SYN, FrameBuilder.TCPOPT_SYN);
    if (synCount++ == 0) {
      c.summary.connectionStart(seen, true);
    }
    if (outcome == OUTCOME_UNANSWERED) {
      if (synCount < 3 && c.rng.nextInt(3) > 0) {
        next += (1L << synCount) * 1_000_000_000L / 2 + delay(c, 0, 20_000_000);
        estRemaining += 80;
      } else {
        finish(c, Counter.TCP_S0);
      }
      return;
    }
    cSeq++; // the SYN's sequence number
    phase = outcome == OUTCOME_REFUSED ? P_REJECT : P_SYNACK;
    next += rtt;
  }

  private void data(GenContext c) {
    int dir = msg & 1; // even messages are the client's
    PayloadStream st = dir == 0 ? clientStream : serverStream;
    int src = dir == 0 ? client : server;
    int dst = dir == 0 ? server : client;
    FrameBuilder fb = c.fb;
    long remaining = st.remaining();
    boolean giant = giantPending && remaining >= 300_000;
    int tcpOff = beginIp(c, src, dst, FrameBuilder.PROTO_TCP, dir == 0 ? cIpId++ : sIpId++, giant);
    int payOff = tcpHeader(c, tcpOff, dir, TCP_ACK, FrameBuilder.TCPOPT_TIMESTAMP);
    int ipLenBase = payOff - fb.ipOffset();
    int len;
    Counter kind = null;
    if (giant) {
      len = GIANT_FRAME - c.rng.nextInt(1024) - payOff;
      giantPending = false;
      kind = Counter.GIANT_FRAMES;
    } else if (tso && remaining > 2L * mss && c.rng.nextInt(10) < 2) {
      int max = c.hosts.v6[src] ? 65535 - TCP_HEADER : 65535 - ipLenBase;
      len = (int) Math.min(remaining, Math.min((long) mss * (2 + c.rng.nextInt(44)), max));
      kind = Counter.TSO_FRAMES;
    } else {
      len = (int) Math.min(remaining, mss);
      if (ipLenBase + len > 1500) {
        kind = Counter.JUMBO_FRAMES;
      }
    }
    if (st.capturePayloadNext() && c.wantsAlignedFrames()) {
      int excess = (payOff + len) & 3;
      if (len - excess > 0) {
        len -= excess;
      }
    }
    boolean last = len == remaining;
    if (last) {
      fb.buf[tcpOff + 13] |= TCP_PSH;
    }
    long ts = next + shiftNs;
    st.fill(c, fb.buf, payOff, len, Math.min(payOff + len, c.snaplen), ts);
    int frameLen = fb.finish(payOff + len, dir == 1);
    c.emit(this, frameLen, src, dst);
    if (kind != null) {
      c.summary.add(kind);
    }
    if (!messageStarted) {
      messageStarted = true;
      countMessage(c);
    }
    if (dir == 0) {
      cSeq += len;
    } else {
      sSeq += len;
    }
    unacked++;
    messageDone = last;
    if (last || unacked >= 2) {
      phase = P_DATA_ACK;
      next += delay(c, 15_000, 120_000);
    } else {
      next += (long) (frameLen * nsPerByte) + c.rng.nextInt(20_000);
    }
  }

  private void countMessage(GenContext c) {
    if (app == APP_HTTP && (msg & 1) == 0) {
      c.summary.add(Counter.HTTP_REQUESTS);
    } else if ((app == APP_TLS || app == APP_UPLOAD) && msg == 0) {
      c.summary.add(Counter.TLS_CLIENT_HELLOS);
    }
  }

  private void dataAck(GenContext c) {
    control(c, 1 - (msg & 1), TCP_ACK, FrameBuilder.TCPOPT_TIMESTAMP);
    unacked = 0;
    phase = P_DATA;
    if (!messageDone) {
      next += delay(c, 10_000, 60_000);
      return;
    }
    msg++;
    if (msg < body.length) {
      prepareMessage(c);
      next += (msg & 1) == 1 ? rtt + delay(c, 50_000, 40_000_000) : delay(c, 100_000, 400_000_000);
    } else {
      phase = P_CLOSE;
      next += delay(c, 1_000_000, 2_000_000_000);
    }
  }

  private void close(GenContext c) {
    if (ending == END_RST_ORIG) {
      reset(c, 0);
      finish(c, Counter.TCP_RSTO);
      return;
    }
    if (ending == END_RST_RESP) {
      reset(c, 1);
      finish(c, Counter.TCP_RSTR);
      return;
    }
    int first = serverClosesFirst ? 1 : 0;
    int side = closeStep == 1 ? 1 - first : first;
    if (closeStep < 2) {
      control(c, side, TCP_FIN | TCP_ACK, FrameBuilder.TCPOPT_TIMESTAMP);
      if (side == 0) {
        cSeq++;
      } else {
        sSeq++;
      }
      closeStep++;
      next += closeStep == 1 ? rtt : delay(c, 10_000, 100_000);
    } else {
      control(c, side, TCP_ACK, FrameBuilder.TCPOPT_TIMESTAMP);
      finish(c, Counter.TCP_SF);
    }
  }

  private void reset(GenContext c, int side) {
    int src = side == 0 ? client : server;
    int dst = side == 0 ? server : client;
    int tcpOff = beginIp(c, src, dst, FrameBuilder.PROTO_TCP, side == 0 ? cIpId++ : sIpId++);
    long seq = side == 0 ? cSeq : (phase == P_REJECT ? 0 : sSeq);
    long ack = side == 0 ? sSeq : cSeq;
    int end = c.fb.tcp(tcpOff, side == 0 ? cport : sport, side == 0 ? sport : cport, seq, ack,
        TCP_RST | TCP_ACK, 0, FrameBuilder.TCPOPT_NONE, 0, 0, 0);
    c.emit(this, c.fb.finish(end, side == 1), src, dst);
  }

  /** A segment without payload from {@code side} (0 = client); returns the decoded timestamp. */
  private long control(GenContext c, int side, int flags, int options) {
    int src = side == 0 ? client : server;
    int dst = side == 0 ? server : client;
    int tcpOff = beginIp(c, src, dst, FrameBuilder.PROTO_TCP, side == 0 ? cIpId++ : sIpId++);
    int end = tcpHeader(c, tcpOff, side, flags, options);
    return c.emit(this, c.fb.finish(end, side == 1), src, dst);
  }

  private int tcpHeader(GenContext c, int tcpOff, int side, int flags, int options) {
    long ms = (next + shiftNs) / 1_000_000L;
    boolean syn = (flags & TCP_SYN) != 0;
    boolean ackSet = (flags & TCP_ACK) != 0;
    if (side == 0) {
      return c.fb.tcp(tcpOff, cport, sport, cSeq, ackSet ? sSeq : 0, flags, syn ? 64240 : cWin, options,
          ms + tsOffC, syn ? 0 : ms + tsOffS - rtt / 1_000_000L, mss + TCP_HEADER - 20);
    }
    return c.fb.tcp(tcpOff, sport, cport, sSeq, cSeq, flags, syn ? 65160 : sWin, options, ms + tsOffS,
        ms + tsOffC, mss + TCP_HEADER - 20);
  }

  private void prepareMessage(GenContext c) {
    PayloadStream st = msg % 2 == 0 ? clientStream : serverStream;
    messageStarted = false;
    long b = body[msg];
    switch (app) {
      case APP_HTTP:
        httpMessage(c, st, b);
        break;
      case APP_TLS:
      case APP_UPLOAD:
        if (msg == 0) {
          st.message(AppPayloads.tlsClientHello(host, c.rng), 0, PayloadStream.BODY_TLS);
        } else if (msg == 1) {
          st.message(AppPayloads.tlsServerHello(c.rng), b, PayloadStream.BODY_TLS);
        } else if (msg == 2) {
          st.message(AppPayloads.tlsChangeCipherSpec(), b, PayloadStream.BODY_TLS);
        } else {
          st.message(null, b, PayloadStream.BODY_TLS);
        }
        break;
      default:
        st.message(null, b, PayloadStream.BODY_BINARY);
    }
  }

  private void httpMessage(GenContext c, PayloadStream st, long b) {
    String hostHeader = sport == 80 ? host : host + ":" + sport;
    int v = variant[msg];
    if (msg % 2 == 0) {
      String method = v == HTTP_POST ? "POST" : v == HTTP_HEAD ? "HEAD" : "GET";
      String uri = captureDownload ? "/captures/trace-" + c.rng.nextInt(10000)
          + (c.adv != null && c.adv.pcapng() ? ".pcapng" : ".pcap") : Names.uri(c.rng);
      st.message(AppPayloads.httpRequest(method, uri, hostHeader, Names.userAgent(c.rng), (int) b), b,
          PayloadStream.BODY_BINARY);
      return;
    }
    long ts = next + shiftNs;
    if (captureDownload) {
      st.message(AppPayloads.httpResponseHeader(200, "application/vnd.tcpdump.pcap", b, ts,
          "Content-Disposition: attachment\r\n"), b, PayloadStream.BODY_CAPTURE_FILE);
    } else if (v == HTTP_HEAD) {
      st.message(AppPayloads.httpResponseHeader(200, "text/html", 0, ts, ""), 0, PayloadStream.BODY_TEXT);
    } else {
      st.message(AppPayloads.httpResponseHeader(v == HTTP_NOT_FOUND ? 404 : 200, "text/html; charset=utf-8", b,
          ts, ""), b, PayloadStream.BODY_TEXT);
    }
  }

  private void finish(GenContext c, Counter state) {
    c.summary.add(state);
    done = true;
  }
}

package org.pcapanalytics.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.FlowTimeouts;

/** Connection boundaries, originators, ICMP pairing and fragments on hand-made packet sequences. */
class FlowAssemblerTest {
  private static final long SEC = 1_000_000_000L;
  private static final String C = "10.0.0.5";
  private static final String S = "192.0.2.80";

  private final List<Flow> flows = new ArrayList<>();
  private final FlowAssembler fa = new FlowAssembler(FlowTimeouts.defaults(), flows::add);

  private static PacketView tcp(double t, String src, int sp, String dst, int dp, int flags, long seq, long ack,
      int len) {
    PacketView p = ip(t, src, dst, 6, 40 + len);
    p.srcPort = sp;
    p.dstPort = dp;
    p.tcpFlags = flags;
    p.tcpSeq = seq;
    p.tcpAck = ack;
    p.payloadLen = len;
    return p;
  }

  private static PacketView udp(double t, String src, int sp, String dst, int dp, int len) {
    PacketView p = ip(t, src, dst, 17, 28 + len);
    p.srcPort = sp;
    p.dstPort = dp;
    p.payloadLen = len;
    return p;
  }

  private static PacketView icmp(double t, String src, String dst, int type, int code) {
    PacketView p = ip(t, src, dst, 1, 84);
    p.icmpType = type;
    p.icmpCode = code;
    return p;
  }

  private static PacketView ip(double t, String src, String dst, int proto, int ipLen) {
    PacketView p = new PacketView().clear();
    p.tsNs = (long) (t * SEC);
    p.srcIp = src;
    p.dstIp = dst;
    p.ipVersion = src.contains(":") ? 6 : 4;
    p.proto = proto;
    p.ipLen = ipLen;
    p.ipId = 7;
    return p;
  }

  private List<Flow> run(PacketView... packets) {
    for (PacketView p : packets) fa.add(p);
    fa.finish();
    return flows;
  }

  @Test
  void originatorSendsTheSynAndBytesAreCounted() {
    List<Flow> f = run(
        tcp(0, C, 40000, S, 80, 0x02, 100, 0, 0),
        tcp(0.01, S, 80, C, 40000, 0x12, 900, 101, 0),
        tcp(0.02, C, 40000, S, 80, 0x10, 101, 901, 0),
        tcp(0.03, C, 40000, S, 80, 0x18, 101, 901, 120),
        tcp(0.05, S, 80, C, 40000, 0x18, 901, 221, 1000),
        tcp(0.06, C, 40000, S, 80, 0x11, 221, 1901, 0),
        tcp(0.07, S, 80, C, 40000, 0x11, 1901, 222, 0),
        tcp(0.08, C, 40000, S, 80, 0x10, 222, 1902, 0));
    assertEquals(1, f.size());
    Flow x = f.get(0);
    assertEquals(C, x.origIp);
    assertEquals(40000, x.origPort);
    assertEquals(80, x.respPort);
    assertEquals("SF", x.connState());
    assertEquals("ShADdFf", x.historyText());
    assertEquals(120, x.origBytes());
    assertEquals(1000, x.respBytes());
    assertEquals(5, x.origPkts);
    assertEquals(3, x.respPkts);
    assertEquals(5 * 40 + 120, x.origIpBytes);
    assertEquals("http", x.service());
    assertEquals(80_000_000L, x.endNs - x.startNs);
  }

  @Test
  void midstreamServerPacketFirstIsFlipped() {
    List<Flow> f = run(tcp(0, S, 443, C, 51000, 0x18, 5, 9, 200), tcp(0.1, C, 51000, S, 443, 0x10, 9, 205, 0));
    assertEquals(1, f.size());
    assertEquals(C, f.get(0).origIp);
    assertEquals(443, f.get(0).respPort);
    assertEquals("^dA", f.get(0).historyText());
    assertEquals("OTH", f.get(0).connState());
    assertEquals("https", f.get(0).service());
  }

  @Test
  void inactivityTimeoutSplitsAReusedTuple() {
    List<Flow> f = run(udp(0, C, 40053, S, 53, 30), udp(0.01, S, 53, C, 40053, 90),
        udp(61, C, 40053, S, 53, 30), udp(200, S, 53, C, 40053, 90));
    assertEquals(3, f.size());
    assertEquals("SF", f.get(0).connState());
    assertEquals("Dd", f.get(0).historyText());
    assertEquals(30, f.get(0).origBytes());
    assertEquals(90, f.get(0).respBytes());
    assertEquals("S0", f.get(1).connState());
    // a response alone: the server port side is the responder, so only the responder spoke
    assertEquals("SHR", f.get(2).connState());
    assertEquals("^d", f.get(2).historyText());
    assertEquals(C, f.get(2).origIp);
  }

  @Test
  void newSynAfterRejectOrWithNewIsnIsANewConnection() {
    List<Flow> f = run(
        tcp(0, C, 40000, S, 22, 0x02, 100, 0, 0),
        tcp(0.001, S, 22, C, 40000, 0x14, 0, 101, 0),
        tcp(0.5, C, 40000, S, 22, 0x02, 7000, 0, 0), // after REJ
        tcp(1.5, C, 40000, S, 22, 0x02, 7000, 0, 0), // retransmission: same attempt
        tcp(2.0, C, 40000, S, 22, 0x02, 9000, 0, 0)); // new ISN: a new attempt
    assertEquals(3, f.size());
    assertEquals("REJ", f.get(0).connState());
    assertEquals("S0", f.get(1).connState());
    assertEquals(2, f.get(1).origPkts);
    assertEquals("S0", f.get(2).connState());
  }

  @Test
  void icmpEchoRequestAndReplyAreOneConnection() {
    List<Flow> f = run(icmp(0, C, S, 8, 0), icmp(0.02, S, C, 0, 0), icmp(1, C, S, 8, 0), icmp(1.02, S, C, 0, 0),
        icmp(1.5, "198.51.100.1", C, 11, 0));
    assertEquals(2, f.size());
    Flow echo = f.get(0);
    assertEquals(C, echo.origIp);
    assertEquals(8, echo.origPort);
    assertEquals(0, echo.respPort);
    assertEquals("icmp", echo.protoName());
    assertEquals("OTH", echo.connState());
    assertNull(echo.historyText());
    assertEquals(2, echo.origPkts);
    assertEquals(2, echo.respPkts);
    assertEquals(2 * (84 - 20 - 8), echo.origBytes());
    Flow ttl = f.get(1);
    assertEquals(11, ttl.origPort);
    assertEquals(0, ttl.respPort);
  }

  @Test
  void icmpv6EchoUses128And129() {
    PacketView req = icmp(0, "2001:db8::1", "2001:db8::2", 128, 0);
    req.proto = 58;
    PacketView rep = icmp(0.1, "2001:db8::2", "2001:db8::1", 129, 0);
    rep.proto = 58;
    List<Flow> f = run(req, rep);
    assertEquals(1, f.size());
    assertEquals(128, f.get(0).origPort);
    assertEquals(129, f.get(0).respPort);
  }

  @Test
  void laterFragmentsJoinTheirFirstFragmentInAnyOrder() {
    PacketView early = ip(0, C, S, 17, 1500);
    early.fragOffset = 2960;
    early.ipId = 42;
    PacketView first = udp(0.001, C, 40001, S, 9, 4000);
    first.ipLen = 1500;
    first.fragOffset = 0;
    first.moreFragments = true;
    first.ipId = 42;
    PacketView middle = ip(0.002, C, S, 17, 1500);
    middle.fragOffset = 1480;
    middle.moreFragments = true;
    middle.ipId = 42;
    PacketView orphan = ip(0.003, C, S, 17, 600);
    orphan.fragOffset = 1480;
    orphan.ipId = 43;
    List<Flow> f = run(early, first, middle, orphan);
    assertEquals(2, f.size());
    Flow d = f.get(0);
    assertEquals(40001, d.origPort);
    assertEquals(3, d.origPkts);
    assertEquals(4500, d.origIpBytes);
    assertEquals(4000, d.origBytes());
    assertEquals(0, d.startNs);
    Flow o = f.get(1);
    assertEquals(-1, o.origPort);
    assertEquals(1, o.origPkts);
  }

  private static PacketView clientHello(PacketView p, String sni, String ja4) {
    p.tlsSni = sni;
    p.tlsJa4 = ja4;
    return p;
  }

  private static PacketView http(PacketView p, String method, String host, String userAgent) {
    p.httpMethod = method;
    p.httpHost = host;
    p.httpUserAgent = userAgent;
    return p;
  }

  @Test
  void theFirstClientHelloAndRequestGiveTheConnectionsValues() {
    List<Flow> f = run(
        tcp(0, C, 40000, S, 443, 0x02, 100, 0, 0),
        // a ClientHello without SNI, a HelloRetryRequest's second ClientHello with one and another JA4
        clientHello(tcp(0.01, C, 40000, S, 443, 0x18, 101, 0, 300), null, "t13d1515h2_8daaf6152771_f37e75b10bcc"),
        clientHello(tcp(0.03, C, 40000, S, 443, 0x18, 401, 0, 300), "a.example", "t13d1516h2_8daaf6152771_e5627efa2ab1"),
        clientHello(tcp(0.04, C, 40000, S, 443, 0x18, 701, 0, 300), "b.example", "t13d1517h2_8daaf6152771_e5627efa2ab1"),
        tcp(1, C, 40001, S, 80, 0x02, 100, 0, 0),
        // a response's User-Agent is the server's; the first request without one leaves it to the next
        http(tcp(1.01, S, 80, C, 40001, 0x18, 1, 101, 200), null, null, "server-agent/1"),
        http(tcp(1.02, C, 40001, S, 80, 0x18, 101, 1, 100), "GET", "h1.example", null),
        http(tcp(1.03, C, 40001, S, 80, 0x18, 201, 1, 100), "GET", "h2.example", "client/1"),
        http(tcp(1.04, C, 40001, S, 80, 0x18, 301, 1, 100), "GET", "h3.example", "client/2"));
    assertEquals(2, f.size());
    Flow tls = f.get(0);
    assertEquals("a.example", tls.tlsSni);
    assertEquals("t13d1515h2_8daaf6152771_f37e75b10bcc", tls.tlsJa4);
    assertEquals("tls", tls.service());
    Flow web = f.get(1);
    assertEquals("h1.example", web.httpHost);
    assertEquals("client/1", web.httpUserAgent);
    assertNull(web.tlsSni);
    assertNull(tls.httpUserAgent);
  }

  @Test
  void aClientHelloWithoutServerNameIsTls() {
    List<Flow> f = run(
        tcp(0, C, 40002, S, 3306, 0x02, 100, 0, 0),
        clientHello(tcp(0.01, C, 40002, S, 3306, 0x18, 101, 0, 300), null, "t12i980500_fb65fcf89bd4_a1e935682795"),
        tcp(1, C, 40003, S, 3306, 0x02, 100, 0, 0));
    assertEquals(2, f.size());
    assertEquals("tls", f.get(0).service());
    assertEquals("mysql", f.get(1).service());
  }

  @Test
  void quicGivesTlsValuesAndSsdpNoHttpValues() {
    List<Flow> f = run(
        clientHello(udp(0, C, 51000, S, 443, 1200), "q.example", "q13d0310h3_55b375c5d22e_cd85d2d88918"),
        udp(0.01, S, 443, C, 51000, 1200),
        http(udp(1, C, 51001, "239.255.255.250", 1900, 120), "M-SEARCH", "239.255.255.250:1900", "ssdp-client/1"));
    assertEquals(2, f.size());
    assertEquals("q.example", f.get(0).tlsSni);
    assertEquals("q13d0310h3_55b375c5d22e_cd85d2d88918", f.get(0).tlsJa4);
    assertEquals("https", f.get(0).service()); // the port's name: tls stays TCP's
    assertNull(f.get(1).httpHost);
    assertNull(f.get(1).httpUserAgent);
  }
}

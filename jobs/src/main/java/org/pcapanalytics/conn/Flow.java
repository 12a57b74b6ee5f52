package org.pcapanalytics.conn;

import java.util.List;
import org.pcapanalytics.net.Services;

/** One connection being assembled: endpoints, counters, TCP state, application hints. */
final class Flow {
  static final int TCP = 6;
  static final int UDP = 17;
  static final int ICMP = 1;
  static final int ICMPV6 = 58;

  final int proto;
  final Object key;
  final String origIp;
  final String respIp;
  /** -1 when unknown (no transport header: fragments without their first one; other protocols). */
  final int origPort;
  final int respPort;
  final List<Integer> vlanIds;
  final History history = new History();
  final TcpStateMachine tcp;

  long startNs;
  long endNs;
  long origPkts;
  long respPkts;
  long origIpBytes;
  long respIpBytes;
  long origWireBytes;
  long respWireBytes;
  /** Payload bytes of non-TCP flows. */
  long origPayload;
  long respPayload;
  boolean dns;
  boolean http;
  boolean ssl;
  /** The first of each seen in the connection (see FlowAssembler.update). */
  String dnsQname;
  String tlsSni;
  String tlsJa4;
  String httpHost;
  String httpUserAgent;
  boolean emitted;

  Flow(int proto, Object key, String origIp, int origPort, String respIp, int respPort, List<Integer> vlanIds,
      long startNs, boolean flipped) {
    this.proto = proto;
    this.key = key;
    this.origIp = origIp;
    this.origPort = origPort;
    this.respIp = respIp;
    this.respPort = respPort;
    this.vlanIds = vlanIds == null ? null : List.copyOf(vlanIds);
    this.startNs = startNs;
    this.endNs = startNs;
    this.tcp = proto == TCP ? new TcpStateMachine(history) : null;
    if (flipped) history.flipped();
  }

  /** Whether a packet from {@code ip}:{@code port} comes from the originator. */
  boolean fromOrig(String ip, int port) {
    if (!origIp.equals(ip)) return false;
    if (!origIp.equals(respIp)) return true;
    return origPort == port; // both ends on one address: the port tells them apart
  }

  static String protoName(int proto) {
    return IpProtocols.name(proto);
  }

  String protoName() {
    return protoName(proto);
  }

  /** Zeek-style uid, the same however the capture is split (see {@link Uid}). */
  String uid() {
    return Uid.of(protoName(), origIp, origPort, respIp, respPort, vlanIds, startNs);
  }

  /**
   * Service names from what the packets showed (dns, http, tls as interfaces.md names them), else the well-known
   * name of the responder's port, else null.
   */
  String service() {
    StringBuilder sb = new StringBuilder();
    if (dns) sb.append("dns");
    if (http) sb.append(sb.length() > 0 ? "," : "").append("http");
    if (ssl) sb.append(sb.length() > 0 ? "," : "").append("tls");
    if (sb.length() > 0) return sb.toString();
    if ((proto == TCP || proto == UDP) && respPort >= 0) return Services.name(proto, respPort);
    return null;
  }

  String connState() {
    if (tcp != null) return tcp.connState();
    if (proto == UDP) {
      if (origPkts > 0) return respPkts > 0 ? "SF" : "S0";
      return respPkts > 0 ? "SHR" : "OTH";
    }
    return "OTH";
  }

  long origBytes() {
    return tcp != null ? tcp.origBytes() : origPayload;
  }

  long respBytes() {
    return tcp != null ? tcp.respBytes() : respPayload;
  }

  String historyText() {
    return history.text();
  }
}

package org.pcapanalytics.conn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pcapanalytics.config.FlowTimeouts;
import org.pcapanalytics.decode.CommunityId;
import org.pcapanalytics.net.Services;

/**
 * Turns the packets of one group (one protocol between one pair of addresses, on one VLAN
 * stack), in time order, into connections. Holds only the open connections of the group, and
 * closes those idle for longer than their timeout as it goes, so memory stays bounded by the
 * group's concurrency.
 *
 * <p>Rules, after Zeek:
 * <ul>
 *   <li>A connection is the packets of one direction-normalised 5-tuple; ICMP "ports" are the
 *       type and its counterpart (echo request 8 and reply 0 share one connection, orig_port 8,
 *       resp_port 0; ICMPv6 128/129); one-way ICMP messages use type and code.</li>
 *   <li>The originator sends the first packet, except that a TCP connection not starting with a
 *       bare SYN, and a UDP flow, are flipped when only the sender's port looks like a server
 *       port (below 1024 or a well-known service); flipped connections get '^' in the history.</li>
 *   <li>A gap longer than the protocol's inactivity timeout ends a connection; so does a bare
 *       SYN after the connection was reset or closed by both sides, or a SYN with a new initial
 *       sequence number while the previous one was never answered (a new attempt).</li>
 *   <li>Later IP fragments (no ports) join the connection of the first fragment with the same
 *       source, destination, protocol and IPv4 identification (IPv6: the latest first fragment
 *       between the two addresses), also when they arrive before it; fragments whose first
 *       fragment never shows up form connections of their own without ports.</li>
 * </ul>
 */
final class FlowAssembler {
  /** How long a first fragment waits for its later fragments, and they for it. */
  static final long FRAGMENT_TIMEOUT_NS = 60_000_000_000L;
  private static final int SWEEP_EVERY = 4096;

  /** A direction-normalised 5-tuple within the group. */
  private record Key(String ipA, int portA, String ipB, int portB) {}

  private record Anchor(Flow flow, long tsNs) {}

  /**
   * Told of each packet as it joins a connection, fragments included (extract resolves a uid to
   * its packets with it). The flow is final only when emitted: its uid may still change before.
   */
  interface Listener {
    void joined(Flow f, PacketView p);
  }

  private static final Listener NONE = (f, p) -> {};

  private final FlowTimeouts timeouts;
  private final Consumer<Flow> out;
  private final Listener listener;
  private final HashMap<Key, Flow> open = new HashMap<>();
  private final HashMap<String, Anchor> firstFragments = new HashMap<>();
  private final ArrayDeque<PacketView> pending = new ArrayDeque<>();
  private int sinceSweep;

  FlowAssembler(FlowTimeouts timeouts, Consumer<Flow> out) {
    this(timeouts, out, NONE);
  }

  FlowAssembler(FlowTimeouts timeouts, Consumer<Flow> out, Listener listener) {
    this.timeouts = timeouts;
    this.out = out;
    this.listener = listener;
  }

  /** One packet of the group; packets must come in time order. {@code p} is not retained. */
  void add(PacketView p) {
    if (++sinceSweep >= SWEEP_EVERY) {
      sinceSweep = 0;
      sweep(p.tsNs);
    }
    if (p.laterFragment()) {
      Anchor a = firstFragments.get(fragmentKey(p));
      if (a != null && !a.flow.emitted && p.tsNs - a.tsNs <= FRAGMENT_TIMEOUT_NS) {
        attachFragment(a.flow, p);
      } else {
        pending.add(p.copy());
      }
      return;
    }
    int sp;
    int dp;
    if (p.proto == Flow.TCP || p.proto == Flow.UDP) {
      sp = p.srcPort;
      dp = p.dstPort;
    } else if ((p.proto == Flow.ICMP || p.proto == Flow.ICMPV6) && p.icmpType >= 0) {
      sp = p.icmpType;
      // Zeek's ICMP "ports": the type, and the counterpart type (the code for one-way messages)
      int counterpart = CommunityId.icmpCounterpart(p.proto == Flow.ICMPV6, p.icmpType);
      dp = counterpart >= 0 ? counterpart : Math.max(0, p.icmpCode);
    } else {
      sp = dp = -1;
    }
    Flow f = addResolved(p, sp, dp);
    if (p.firstFragment()) {
      String fk = fragmentKey(p);
      firstFragments.put(fk, new Anchor(f, p.tsNs));
      claimPending(fk, f);
    }
  }

  /** End of the group: every open connection is emitted. */
  void finish() {
    while (!pending.isEmpty()) portless(pending.poll());
    List<Flow> rest = new ArrayList<>(open.values());
    rest.sort((a, b) -> Long.compare(a.startNs, b.startNs));
    for (Flow f : rest) emit(f);
    open.clear();
    firstFragments.clear();
    sinceSweep = 0;
  }

  private Flow addResolved(PacketView p, int sp, int dp) {
    Key key = key(p.srcIp, sp, p.dstIp, dp);
    Flow f = open.get(key);
    if (f != null && (p.tsNs - f.endNs > timeoutNs(f.proto) || reused(f, p, sp))) {
      open.remove(key);
      emit(f);
      f = null;
    }
    if (f == null) {
      f = newFlow(p, sp, dp, key);
      open.put(key, f);
    }
    update(f, p, f.fromOrig(p.srcIp, sp));
    listener.joined(f, p);
    return f;
  }

  private static Key key(String src, int sp, String dst, int dp) {
    int c = src.compareTo(dst);
    return c < 0 || (c == 0 && sp <= dp) ? new Key(src, sp, dst, dp) : new Key(dst, dp, src, sp);
  }

  private long timeoutNs(int proto) {
    return timeouts.forProtocol(proto) * 1_000_000_000L;
  }

  /** A bare SYN that starts a new connection on the same 5-tuple. */
  private static boolean reused(Flow f, PacketView p, int sp) {
    if (f.tcp == null || p.tcpFlags < 0) return false;
    boolean bareSyn = (p.tcpFlags & TcpStateMachine.SYN) != 0 && (p.tcpFlags & TcpStateMachine.ACK) == 0;
    if (!bareSyn) return false;
    if (f.tcp.finished()) return true;
    long isn = f.tcp.origSynSeq();
    return f.tcp.attemptOnly() && f.fromOrig(p.srcIp, sp) && isn >= 0 && p.tcpSeq >= 0 && p.tcpSeq != isn;
  }

  private static boolean likelyServerPort(int proto, int port) {
    return port >= 0 && (port < 1024 || Services.name(proto, port) != null);
  }

  private static Flow newFlow(PacketView p, int sp, int dp, Key key) {
    boolean flip = false;
    if (p.proto == Flow.TCP) {
      boolean syn = p.tcpFlags >= 0 && (p.tcpFlags & TcpStateMachine.SYN) != 0;
      boolean ack = p.tcpFlags >= 0 && (p.tcpFlags & TcpStateMachine.ACK) != 0;
      if (!(syn && !ack) && likelyServerPort(Flow.TCP, sp)) {
        // Both plausible: flip only a non-SYN towards the higher port (as Zeek does).
        flip = likelyServerPort(Flow.TCP, dp) ? !syn && sp < dp : true;
      }
    } else if (p.proto == Flow.UDP) {
      flip = likelyServerPort(Flow.UDP, sp) && !likelyServerPort(Flow.UDP, dp);
    }
    return flip
        ? new Flow(p.proto, key, p.dstIp, dp, p.srcIp, sp, p.vlanIds, p.tsNs, true)
        : new Flow(p.proto, key, p.srcIp, sp, p.dstIp, dp, p.vlanIds, p.tsNs, false);
  }

  /** Time range, packets, IP and wire bytes: what every packet of a connection adds, fragments included. */
  private static void count(Flow f, PacketView p, boolean fromOrig) {
    f.startNs = Math.min(f.startNs, p.tsNs);
    f.endNs = Math.max(f.endNs, p.tsNs);
    long ipBytes = Math.max(0, p.ipLen);
    long wireBytes = Math.max(0, p.wireLen);
    if (fromOrig) {
      f.origPkts++;
      f.origIpBytes += ipBytes;
      f.origWireBytes += wireBytes;
    } else {
      f.respPkts++;
      f.respIpBytes += ipBytes;
      f.respWireBytes += wireBytes;
    }
  }

  private static void update(Flow f, PacketView p, boolean fromOrig) {
    count(f, p, fromOrig);
    switch (p.proto) {
      case Flow.TCP:
        if (p.tcpFlags >= 0) {
          f.tcp.packet(fromOrig, p.tcpFlags, p.tcpSeq, p.tcpAck, Math.max(0, p.payloadLen));
          // a first fragment's segment length is unknown, but it surely carries data
          if (p.payloadLen < 0 && p.firstFragment()) f.history.add(fromOrig, 'D');
        }
        break;
      case Flow.UDP:
        f.history.add(fromOrig, 'D');
        addPayload(f, fromOrig, Math.max(0, p.payloadLen));
        break;
      case Flow.ICMP:
      case Flow.ICMPV6:
        addPayload(f, fromOrig, Math.max(0, ipPayload(p) - 8)); // Zeek: the ICMP message after its 8-byte header
        break;
      default:
        addPayload(f, fromOrig, Math.max(0, ipPayload(p)));
    }
    if (p.dnsQname != null) {
      f.dns = true;
      if (f.dnsQname == null) f.dnsQname = p.dnsQname;
    }
    // Each application value is the first the connection's packets show, in time order: a ClientHello
    // without SNI leaves tls_sni to a later one that has it. Only ClientHellos carry these two, over
    // TCP or QUIC.
    if (f.tlsSni == null) f.tlsSni = p.tlsSni;
    if (f.tlsJa4 == null) f.tlsJa4 = p.tlsJa4;
    // HTTP and the tls service only count on TCP (SSDP speaks HTTP over UDP, and is not HTTP; QUIC is not tls)
    if (p.proto != Flow.TCP) return;
    // a ClientHello, with or without SNI (its JA4 is set either way), as Zeek's ssl analyzer finds TLS
    if (p.tlsSni != null || p.tlsJa4 != null) f.ssl = true;
    if (p.httpMethod != null) {
      f.http = true;
      // a request's: a response's User-Agent would be the server's
      if (f.httpHost == null) f.httpHost = p.httpHost;
      if (f.httpUserAgent == null) f.httpUserAgent = p.httpUserAgent;
    }
  }

  private static void addPayload(Flow f, boolean fromOrig, long n) {
    if (fromOrig) f.origPayload += n;
    else f.respPayload += n;
  }

  /**
   * IP payload bytes from the IP length, taking the fixed header (20 bytes IPv4, 40 IPv6): IPv4
   * options and IPv6 extension headers are counted as payload.
   */
  private static int ipPayload(PacketView p) {
    if (p.ipLen < 0) return 0;
    return p.ipLen - (p.ipVersion == 6 ? 40 : 20);
  }

  private static String fragmentKey(PacketView p) {
    return p.srcIp + '|' + p.dstIp + '|' + p.proto + '|' + p.ipId;
  }

  private void attachFragment(Flow f, PacketView p) {
    boolean fromOrig = f.origIp.equals(p.srcIp);
    count(f, p, fromOrig);
    listener.joined(f, p);
    // UDP: the first fragment's UDP length already covers the whole datagram. TCP: sequence numbers size it.
    if (f.proto != Flow.TCP && f.proto != Flow.UDP) addPayload(f, fromOrig, Math.max(0, ipPayload(p)));
  }

  private void claimPending(String fk, Flow f) {
    if (pending.isEmpty()) return;
    for (Iterator<PacketView> it = pending.iterator(); it.hasNext(); ) {
      PacketView q = it.next();
      if (fragmentKey(q).equals(fk) && f.startNs - q.tsNs <= FRAGMENT_TIMEOUT_NS) {
        attachFragment(f, q);
        it.remove();
      }
    }
  }

  /** A later fragment whose first fragment never came: a connection of its own, ports unknown. */
  private void portless(PacketView q) {
    addResolved(q, -1, -1);
  }

  private void emit(Flow f) {
    f.emitted = true;
    out.accept(f);
  }

  /** Closes idle connections and gives up on fragments that waited too long. */
  private void sweep(long now) {
    while (!pending.isEmpty() && now - pending.peek().tsNs > FRAGMENT_TIMEOUT_NS) portless(pending.poll());
    firstFragments.values().removeIf(a -> now - a.tsNs > FRAGMENT_TIMEOUT_NS);
    if (open.size() < 64) return;
    List<Flow> idle = new ArrayList<>();
    for (Iterator<Map.Entry<Key, Flow>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Flow f = it.next().getValue();
      if (now - f.endNs > timeoutNs(f.proto)) {
        idle.add(f);
        it.remove();
      }
    }
    idle.sort((a, b) -> Long.compare(a.startNs, b.startNs));
    for (Flow f : idle) emit(f);
  }
}

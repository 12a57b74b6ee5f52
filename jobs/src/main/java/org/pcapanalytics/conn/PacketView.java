package org.pcapanalytics.conn;

import java.util.List;

/**
 * The fields of one packet that connection assembly uses, as plain values ({@code -1} or
 * {@code null} when absent). Reused from packet to packet by the Spark side; tests build them by
 * hand.
 */
final class PacketView {
  long tsNs;
  String srcIp;
  String dstIp;
  int ipVersion;
  int proto = -1;
  /** IPv4 identification, -1 for IPv6. */
  int ipId = -1;
  /** Fragment offset in bytes, -1 when the packet is not an IP fragment or it is unknown. */
  int fragOffset = -1;
  boolean moreFragments;
  int srcPort = -1;
  int dstPort = -1;
  int tcpFlags = -1;
  long tcpSeq = -1;
  long tcpAck = -1;
  int payloadLen = -1;
  int icmpType = -1;
  int icmpCode = -1;
  int ipLen = -1;
  /** Bytes on the wire ({@code wirelen}). */
  int wireLen = -1;
  String dnsQname;
  String httpMethod;
  String httpHost;
  String tlsSni;
  String tlsJa4;
  /** The packet column holds it for responses too: the assembly takes a request's only. */
  String httpUserAgent;
  /** VLAN ids outermost first, or null. */
  List<Integer> vlanIds;
  /** Where the packet is (extract's listener); the assembly itself ignores them. */
  String file;
  long offset = -1;
  int caplen;

  PacketView clear() {
    tsNs = 0;
    srcIp = dstIp = null;
    ipVersion = 0;
    proto = ipId = fragOffset = srcPort = dstPort = tcpFlags = payloadLen = icmpType = icmpCode = ipLen = wireLen = -1;
    tcpSeq = tcpAck = -1;
    moreFragments = false;
    dnsQname = httpMethod = httpHost = tlsSni = tlsJa4 = httpUserAgent = null;
    vlanIds = null;
    file = null;
    offset = -1;
    caplen = 0;
    return this;
  }

  /** A later fragment of a fragmented IP packet: no transport header, so no ports. */
  boolean laterFragment() {
    return fragOffset > 0;
  }

  /** The first fragment of a fragmented IP packet (it carries the transport header). */
  boolean firstFragment() {
    return fragOffset == 0 && moreFragments;
  }

  PacketView copy() {
    PacketView c = new PacketView();
    c.tsNs = tsNs;
    c.srcIp = srcIp;
    c.dstIp = dstIp;
    c.ipVersion = ipVersion;
    c.proto = proto;
    c.ipId = ipId;
    c.fragOffset = fragOffset;
    c.moreFragments = moreFragments;
    c.srcPort = srcPort;
    c.dstPort = dstPort;
    c.tcpFlags = tcpFlags;
    c.tcpSeq = tcpSeq;
    c.tcpAck = tcpAck;
    c.payloadLen = payloadLen;
    c.icmpType = icmpType;
    c.icmpCode = icmpCode;
    c.ipLen = ipLen;
    c.wireLen = wireLen;
    c.dnsQname = dnsQname;
    c.httpMethod = httpMethod;
    c.httpHost = httpHost;
    c.tlsSni = tlsSni;
    c.tlsJa4 = tlsJa4;
    c.httpUserAgent = httpUserAgent;
    c.vlanIds = vlanIds;
    c.file = file;
    c.offset = offset;
    c.caplen = caplen;
    return c;
  }
}

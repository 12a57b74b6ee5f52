package org.pcapanalytics.decode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Our decoded columns rendered the way tshark prints the golden CSV fields ({@code -T fields},
 * first occurrence), so the two can be compared as strings. An absent value is "".
 */
final class TsharkFields {
  private TsharkFields() {}

  /** tshark field name to our rendering, in the CSV's order. */
  static final Map<String, Function<DecodedPacket, String>> FIELDS = new LinkedHashMap<>();

  static {
    FIELDS.put("eth.src", p -> p.hasEth ? AddressFormat.macString(p.ethSrc) : "");
    FIELDS.put("eth.dst", p -> p.hasEth ? AddressFormat.macString(p.ethDst) : "");
    // tshark's eth.type is the Ethernet header's own field (0x8100 on a tagged frame), which we
    // keep as ethHeaderType; our ethType is the EtherType after the tags (checked in unit tests).
    FIELDS.put("eth.type", p -> p.ethHeaderType < 0 ? "" : hex4(p.ethHeaderType));
    // tshark's vlan.id is the first 802.1Q (0x8100/0x9100) tag: an outer 802.1ad S-tag (0x88a8)
    // is ieee8021ad.id, so behind one vlan.id is the C-tag.
    FIELDS.put("vlan.id", TsharkFields::firstQTag);
    FIELDS.put("ip.src", p -> p.ipVersion == 4 ? AddressFormat.ipv4String(p.srcLo) : "");
    FIELDS.put("ip.dst", p -> p.ipVersion == 4 ? AddressFormat.ipv4String(p.dstLo) : "");
    FIELDS.put("ipv6.src", p -> p.ipVersion == 6 ? AddressFormat.ipv6String(p.srcHi, p.srcLo) : "");
    FIELDS.put("ipv6.dst", p -> p.ipVersion == 6 ? AddressFormat.ipv6String(p.dstHi, p.dstLo) : "");
    FIELDS.put("ip.proto", p -> p.ipVersion == 4 ? num(p.ipProto) : "");
    // ipv6.nxt (first occurrence) is the fixed header's Next Header: our ipNextHeader. Our
    // ipProto is the protocol after the extension headers, checked through the transport
    // fields below (and in the unit tests).
    FIELDS.put("ipv6.nxt", p -> p.ipVersion == 6 ? num(p.ipNextHeader) : "");
    FIELDS.put("ip.ttl", p -> p.ipVersion == 4 ? num(p.ttl) : "");
    FIELDS.put("ipv6.hlim", p -> p.ipVersion == 6 ? num(p.ttl) : "");
    FIELDS.put("ip.id", p -> p.ipVersion == 4 ? hex4(p.ipId) : "");
    FIELDS.put("ip.flags.mf", p -> p.ipVersion == 4 ? (p.moreFragments ? "1" : "0") : "");
    // tshark 4.0 prints the raw 13-bit field (8-byte units); ours is in bytes.
    FIELDS.put("ip.frag_offset", p -> p.ipVersion == 4 ? num(p.fragOffset / 8) : "");
    FIELDS.put("tcp.srcport", p -> p.ipProto == 6 ? num(p.srcPort) : "");
    FIELDS.put("tcp.dstport", p -> p.ipProto == 6 ? num(p.dstPort) : "");
    FIELDS.put("udp.srcport", p -> p.ipProto == 17 ? num(p.srcPort) : "");
    FIELDS.put("udp.dstport", p -> p.ipProto == 17 ? num(p.dstPort) : "");
    FIELDS.put("tcp.flags", p -> p.tcpFlags < 0 ? "" : hex4(p.tcpFlags));
    FIELDS.put("tcp.len", p -> p.ipProto == 6 ? num(p.payloadLen) : "");
    FIELDS.put("tcp.seq_raw", p -> p.tcpSeq < 0 ? "" : Long.toString(p.tcpSeq));
    FIELDS.put("tcp.ack_raw", p -> p.tcpAck < 0 ? "" : Long.toString(p.tcpAck));
    FIELDS.put("tcp.window_size_value", p -> num(p.tcpWindow));
    FIELDS.put("icmp.type", p -> p.ipVersion == 4 ? num(p.icmpType) : "");
    FIELDS.put("icmp.code", p -> p.ipVersion == 4 ? num(p.icmpCode) : "");
    FIELDS.put("icmpv6.type", p -> p.ipVersion == 6 ? num(p.icmpType) : "");
    FIELDS.put("icmpv6.code", p -> p.ipVersion == 6 ? num(p.icmpCode) : "");
    FIELDS.put("dns.id", p -> p.dnsId < 0 ? "" : hex4(p.dnsId));
    FIELDS.put("dns.flags.response", p -> num(p.dnsResponse));
    FIELDS.put("dns.flags.rcode", p -> num(p.dnsRcode));
    FIELDS.put("dns.qry.type", p -> num(p.dnsQtype));
    FIELDS.put("dns.qry.name", p -> p.dnsQnameLen < 0 ? "" : p.dnsQnameString());
    FIELDS.put("tls.handshake.extensions_server_name", p -> text(p.helloBuf, p.sniOff, p.sniLen));
    FIELDS.put("http.request.method", p -> text(p.buf, p.httpMethodOff, p.httpMethodLen));
    FIELDS.put("http.request.uri", p -> text(p.buf, p.httpUriOff, p.httpUriLen));
    FIELDS.put("http.host", p -> text(p.buf, p.httpHostOff, p.httpHostLen));
  }

  static String firstQTag(DecodedPacket p) {
    for (int i = 0; i < p.vlanCount; i++) {
      if (p.vlanTpids[i] != LinkLayer.TPID_8021AD) return Integer.toString(p.vlanIds[i]);
    }
    return "";
  }

  static String num(int v) {
    return v < 0 ? "" : Integer.toString(v);
  }

  static String hex4(int v) {
    return v < 0 ? "" : String.format("0x%04x", v);
  }

  /**
   * Raw bytes as tshark shows an HTTP or TLS string: ASCII, each byte at or above 0x80 as
   * U+FFFD.
   */
  static String text(byte[] b, int off, int len) {
    if (off < 0 || len < 0) return "";
    StringBuilder sb = new StringBuilder(len);
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xFF;
      sb.append(c < 0x80 ? (char) c : '\uFFFD');
    }
    return sb.toString();
  }

  static String utf8(byte[] b, int n) {
    return new String(b, 0, n, StandardCharsets.UTF_8);
  }
}

package org.pcapanalytics.decode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-built frames for the layer unit tests (test helper). */
final class Frames {
  private Frames() {}

  static final byte[] MAC_DST = hex("001122334455");
  static final byte[] MAC_SRC = hex("66778899aabb");
  static final byte[] IP4_SRC = {10, 0, 0, 1};
  static final byte[] IP4_DST = {(byte) 192, (byte) 168, 1, 2};
  static final byte[] IP6_SRC = hex("20010db8000000000000000000000001");
  static final byte[] IP6_DST = hex("fe800000000000000000000000000002");

  /** Decodes a whole frame (caplen = wirelen) with every layer. */
  static DecodedPacket decode(int linkType, byte[] frame) {
    return decode(linkType, frame, frame.length, frame.length);
  }

  /** Decodes the first {@code caplen} bytes of a frame that was {@code wirelen} bytes on the wire. */
  static DecodedPacket decode(int linkType, byte[] frame, int caplen, int wirelen) {
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.ALL).decode(Arrays.copyOf(frame, caplen), 0, caplen, wirelen, linkType, p);
    return p;
  }

  static byte[] hex(String s) {
    s = s.replace(" ", "");
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    return b;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) o.writeBytes(p);
    return o.toByteArray();
  }

  static byte[] u16(int v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  static byte[] u32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
    return b;
  }

  // ---- link ----

  static byte[] eth(int type, byte[] payload) {
    return cat(MAC_DST, MAC_SRC, u16(type), payload);
  }

  /** One 802.1Q/ad tag: TCI then the inner type. */
  static byte[] tag(int vid, int innerType) {
    return cat(u16(0xA000 | vid), u16(innerType));
  }

  // ---- IPv4 ----

  static byte[] ipv4(int proto, byte[] payload) {
    return ipv4(5, 20 + payload.length, 0, proto, new byte[0], payload);
  }

  /** Full control: IHL in words, total length, flags+offset word, protocol, options, payload. */
  static byte[] ipv4(int ihl, int total, int flagsFrag, int proto, byte[] options, byte[] payload) {
    return cat(bytes(0x40 | ihl, 0), u16(total), u16(0x1234), u16(flagsFrag), bytes(64, proto), u16(0), IP4_SRC, IP4_DST,
        options, payload);
  }

  // ---- IPv6 ----

  static byte[] ipv6(int nextHeader, byte[] payload) {
    return ipv6(nextHeader, payload.length, payload);
  }

  static byte[] ipv6(int nextHeader, int payloadLength, byte[] payload) {
    return cat(u32(0x60000000L), u16(payloadLength), bytes(nextHeader, 255), IP6_SRC, IP6_DST, payload);
  }

  /** Hop-by-hop / routing / destination options: (len + 1) * 8 bytes. */
  static byte[] ext(int next, int len) {
    byte[] h = new byte[(len + 1) * 8];
    h[0] = (byte) next;
    h[1] = (byte) len;
    return h;
  }

  /** Authentication header: (len + 2) * 4 bytes. */
  static byte[] ah(int next, int len) {
    byte[] h = new byte[(len + 2) * 4];
    h[0] = (byte) next;
    h[1] = (byte) len;
    return h;
  }

  static byte[] frag6(int next, int offset8, boolean more, long id) {
    return cat(bytes(next, 0), u16((offset8 << 3) | (more ? 1 : 0)), u32(id));
  }

  // ---- transport ----

  static byte[] tcp(int sport, int dport, int flags, byte[] options, byte[] payload) {
    int hlenWords = 5 + options.length / 4;
    return cat(u16(sport), u16(dport), u32(0xDEADBEEFL), u32(0x01020304L),
        bytes((hlenWords << 4) | ((flags >> 8) & 0x0F), flags & 0xFF), u16(65535), u16(0), u16(0), options, payload);
  }

  static byte[] tcp(int sport, int dport, byte[] payload) {
    return tcp(sport, dport, 0x018, new byte[0], payload);
  }

  static byte[] udp(int sport, int dport, byte[] payload) {
    return cat(u16(sport), u16(dport), u16(8 + payload.length), u16(0), payload);
  }

  // ---- DNS ----

  /** A name in wire form from dotted text ("" is the root). */
  static byte[] name(String dotted) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    if (!dotted.isEmpty()) {
      for (String label : dotted.split("\\.")) {
        byte[] l = ascii(label);
        o.write(l.length);
        o.writeBytes(l);
      }
    }
    o.write(0);
    return o.toByteArray();
  }

  /** Header with one question: the raw question name bytes, then type and class IN. */
  static byte[] dns(int id, int flags, byte[] qname, int qtype) {
    return cat(u16(id), u16(flags), u16(1), u16(0), u16(0), u16(0), qname, u16(qtype), u16(1));
  }

  static byte[] udpDns(byte[] dnsMessage) {
    return eth(0x0800, ipv4(17, udp(40000, 53, dnsMessage)));
  }

  // ---- TLS ----

  static byte[] sniExtension(String host) {
    byte[] n = ascii(host);
    byte[] entry = cat(bytes(0), u16(n.length), n);
    byte[] list = cat(u16(entry.length), entry);
    return cat(u16(0), u16(list.length), list);
  }

  /** A TLS 1.2-style record holding a ClientHello with the given extensions. */
  static byte[] clientHello(byte[]... extensions) {
    byte[] ext = cat(extensions);
    byte[] body = cat(u16(0x0303), new byte[32], bytes(0), u16(2), u16(0x1301), bytes(1, 0), u16(ext.length), ext);
    byte[] hs = cat(bytes(1, body.length >> 16, body.length >> 8, body.length), body);
    return cat(bytes(22, 3, 1), u16(hs.length), hs);
  }

  static byte[] tcpPayload(int dport, byte[] payload) {
    return eth(0x0800, ipv4(6, tcp(40000, dport, payload)));
  }
}

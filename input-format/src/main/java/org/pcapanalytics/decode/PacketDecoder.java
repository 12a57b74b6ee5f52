package org.pcapanalytics.decode;

/**
 * Decodes a captured frame layer by layer into a reusable {@link DecodedPacket}, straight from the
 * record bytes: link layer, outer IPv4/IPv6 (with extension headers), TCP/UDP/ICMP/ICMPv6, SCTP
 * ports, the DNS question and answers, TLS hellos (over TCP, and in QUIC Initial packets), and
 * HTTP/1.x request and response lines and headers.
 *
 * <p>Only the layers in the mask given at construction are decoded, so a query pays for what it
 * reads: a {@code count(*)} decodes nothing ({@link #NONE}), a {@code src_ip} query stops after
 * {@link #IP}. Each layer implies the ones below it.
 *
 * <p>Never throws on any input (every read is bounds-checked beforehand, nothing is caught),
 * always ends (every loop advances through bounded bytes), and allocates nothing per frame. A frame
 * cut by the snapshot length is flagged {@link DecodedPacket#truncated}; a frame that contradicts
 * its own length fields gets a constant {@link DecodedPacket#decodeError}.
 *
 * <p>Instances are immutable and thread-safe; the {@code DecodedPacket} is not.
 */
public final class PacketDecoder {
  public static final int NONE = 0;
  /** Ethernet, VLAN tags, Linux cooked, loopback and raw-IP link headers. */
  public static final int LINK = 1;
  /** Outer IPv4/IPv6 header and the IPv6 extension header chain. */
  public static final int IP = 1 << 1;
  /** TCP, UDP, ICMP and ICMPv6 headers, and SCTP ports. */
  public static final int TRANSPORT = 1 << 2;
  /** First DNS question (UDP/TCP 53, mDNS 5353, LLMNR 5355). */
  public static final int DNS = 1 << 3;
  /** Server name of a TLS ClientHello on any TCP port. */
  public static final int TLS = 1 << 4;
  /** HTTP/1.x request line and Host on any TCP port (and SSDP on UDP 1900). */
  public static final int HTTP = 1 << 5;
  /** The whole ClientHello and ServerHello: versions, ALPN, and what the fingerprints read. */
  public static final int TLS_HELLO = 1 << 6;
  /** The ClientHello of QUIC version 1 and 2 Initial packets (decrypted), on any UDP port. */
  public static final int QUIC = 1 << 7;
  /** The DNS answer section. */
  public static final int DNS_ANSWERS = 1 << 8;
  /** HTTP/1.x responses, and the User-Agent and Content-Type headers. */
  public static final int HTTP_HEADERS = 1 << 9;
  public static final int ALL =
      LINK | IP | TRANSPORT | DNS | TLS | HTTP | TLS_HELLO | QUIC | DNS_ANSWERS | HTTP_HEADERS;
  /** Names of the layers, lowest bit first. */
  private static final String[] LAYER_NAMES = {"link", "ip", "transport", "dns", "tls", "http", "tls_hello", "quic",
      "dns_answers", "http_headers"};

  /** The layers above the transport (each of the others implies one of these). */
  private static final int APPLICATION = DNS | TLS | HTTP;

  /** Wire lengths above this (1 GiB, far beyond any link's frame) are taken as this. */
  public static final int MAX_WIRELEN = 1 << 30;

  public static final String FRAME_BOUNDS = "frame: offset or caplen outside the buffer";

  static final int PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMPV6 = 58, PROTO_SCTP = 132;
  static final int PORT_DNS = 53, PORT_MDNS = 5353, PORT_LLMNR = 5355, PORT_SSDP = 1900;

  private final int layers;

  /** @param layers a bitwise OR of the layer constants; lower layers are added as needed */
  public PacketDecoder(int layers) {
    int l = layers & ALL;
    if ((l & (TLS_HELLO | QUIC)) != 0) l |= TLS;
    if ((l & DNS_ANSWERS) != 0) l |= DNS;
    if ((l & HTTP_HEADERS) != 0) l |= HTTP;
    if ((l & (DNS | TLS | HTTP)) != 0) l |= TRANSPORT;
    if ((l & TRANSPORT) != 0) l |= IP;
    if ((l & IP) != 0) l |= LINK;
    this.layers = l;
  }

  /** The layers of a mask, for plans and logs: {@code link+ip}, or {@code none}. */
  public static String layerNames(int layers) {
    if ((layers & ALL) == NONE) return "none";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < LAYER_NAMES.length; i++) {
      if ((layers & (1 << i)) != 0) sb.append(sb.length() == 0 ? "" : "+").append(LAYER_NAMES[i]);
    }
    return sb.toString();
  }

  /** The effective layer mask (the requested layers plus the ones they need). */
  public int layers() {
    return layers;
  }

  /**
   * Decodes {@code buf[off, off + caplen)}, a frame of {@code wirelen} bytes on the wire, into
   * {@code out} (reset first).
   */
  public void decode(byte[] buf, int off, int caplen, int wirelen, int linkType, DecodedPacket out) {
    out.reset();
    out.buf = buf;
    out.decodedLayers = layers;
    if (layers == NONE) return;
    if (buf == null || off < 0 || caplen < 0 || off > buf.length - caplen) {
      out.error(FRAME_BOUNDS);
      return;
    }
    int capEnd = off + caplen;
    // The reported end may lie beyond the buffer: it is only ever compared, never read. Absurd
    // wire lengths are capped so that it stays an int wherever the frame sits in the buffer.
    int reported = Math.min(Math.max(caplen, wirelen), MAX_WIRELEN);
    int wireEnd = (int) Math.min((long) off + reported, Integer.MAX_VALUE);

    int net = LinkLayer.decode(buf, off, capEnd, wireEnd, linkType, out);
    if (net < 0) return;
    if ((layers & IP) == 0) {
      if (capEnd < wireEnd) out.truncated = true; // the undecoded rest was cut
      return;
    }
    int l4 = out.netKind == 4
        ? Ipv4.decode(buf, net, capEnd, wireEnd, out)
        : Ipv6.decode(buf, net, capEnd, wireEnd, out);
    if (l4 < 0 || (layers & TRANSPORT) == 0) return;
    // Bytes past the IP packet (Ethernet padding, trailers) belong to no upper layer.
    int ipEnd = out.payloadWireEnd;
    int l4Cap = Math.min(capEnd, ipEnd);
    switch (out.ipProto) {
      case PROTO_TCP: {
        int p = Tcp.decode(buf, l4, l4Cap, ipEnd, out);
        if (p >= 0 && (layers & APPLICATION) != 0) application(buf, p, l4Cap, true, out);
        break;
      }
      case PROTO_UDP: {
        int p = Udp.decode(buf, l4, l4Cap, ipEnd, out);
        if (p >= 0 && (layers & APPLICATION) != 0) application(buf, p, l4Cap, false, out);
        break;
      }
      case PROTO_ICMP:
        if (out.ipVersion == 4) Icmp.decode(buf, l4, l4Cap, ipEnd, false, out);
        break;
      case PROTO_ICMPV6:
        if (out.ipVersion == 6) Icmp.decode(buf, l4, l4Cap, ipEnd, true, out);
        break;
      case PROTO_SCTP:
        Sctp.decode(buf, l4, l4Cap, ipEnd, out);
        break;
      default:
        break;
    }
  }

  /** DNS by port; TLS, QUIC and HTTP by content. */
  private void application(byte[] buf, int p, int capEnd, boolean tcp, DecodedPacket out) {
    int end = out.payloadWireEnd;
    if (p >= capEnd || p >= end) return; // no payload captured
    if (isDnsPort(out.srcPort, tcp) || isDnsPort(out.dstPort, tcp)) {
      if ((layers & DNS) == 0) return;
      boolean answers = (layers & DNS_ANSWERS) != 0;
      if (tcp) {
        Dns.overTcp(buf, p, capEnd, end, out.firstFragment, answers, out);
      } else {
        Dns.decode(buf, p, capEnd, end, out.firstFragment, answers, out);
      }
      // mDNS keeps its unicast-response bit in the top bit of the class (RFC 6762 5.4): not the class.
      if (out.dnsQclass > 0 && (out.srcPort == PORT_MDNS || out.dstPort == PORT_MDNS)) out.dnsQclass &= 0x7FFF;
    } else if (!tcp) {
      udp(buf, p, capEnd, end, out);
    } else if ((layers & TLS) != 0 && (buf[p] & 0xFF) >= 20 && (buf[p] & 0xFF) <= 23) {
      Tls.decode(buf, p, capEnd, end, (layers & TLS_HELLO) != 0, out);
    } else if ((layers & HTTP) != 0) {
      Http.decode(buf, p, capEnd, end, (layers & HTTP_HEADERS) != 0, out);
    }
  }

  /** QUIC by content on any port, SSDP (HTTP over UDP, which tshark shows as http.*) by port. */
  private void udp(byte[] buf, int p, int capEnd, int end, DecodedPacket out) {
    if ((layers & QUIC) != 0 && Quic.maybeLongHeader(buf, p, Math.min(capEnd, end))) {
      Quic.decode(buf, p, capEnd, end, (layers & TLS_HELLO) != 0, out);
    } else if ((layers & HTTP) != 0 && (out.srcPort == PORT_SSDP || out.dstPort == PORT_SSDP)) {
      Http.decode(buf, p, capEnd, end, (layers & HTTP_HEADERS) != 0, out);
    }
  }

  private static boolean isDnsPort(int port, boolean tcp) {
    return port == PORT_DNS || port == PORT_MDNS || (!tcp && port == PORT_LLMNR);
  }
}

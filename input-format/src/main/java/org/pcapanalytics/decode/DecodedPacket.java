package org.pcapanalytics.decode;

/**
 * The decoded layers of one frame: a flat, mutable, reusable holder of primitives, filled by
 * {@link PacketDecoder#decode}. One instance serves every frame of a partition, so decoding
 * allocates nothing. {@code -1} means "absent" for every int/long field unless stated otherwise.
 *
 * <p>Offsets ({@code *Off}) are indexes into {@link #buf}, the caller's frame buffer (the TLS hello's
 * into {@link #helloBuf}), and are only valid until that buffer is reused. Text fields that point
 * into them hold the raw wire bytes; tshark renders each byte at or above 0x80 of an HTTP or TLS
 * string as U+FFFD.
 *
 * <p>{@link #truncated} and {@link #decodeError} describe only the layers that were asked for.
 */
public final class DecodedPacket {
  /** The buffer the offsets point into (the one given to {@link PacketDecoder#decode}). */
  public byte[] buf;
  /** The {@code PacketDecoder} layer mask this packet was decoded with. */
  public int decodedLayers;

  // ---- link layer ----
  /** An Ethernet header was decoded ({@link #ethSrc}, {@link #ethDst} are valid). */
  public boolean hasEth;
  /** 48-bit MAC addresses in the low bits, first byte most significant. */
  public long ethSrc, ethDst;
  /**
   * EtherType after the VLAN tags (for Linux SLL/SLL2 the protocol field); -1 when there is none:
   * an 802.3 length field, a NULL/loopback or raw-IP link, an unknown link type.
   */
  public int ethType;
  /**
   * The type field of the Ethernet header itself, before any VLAN tag (tshark's {@code eth.type},
   * first occurrence, e.g. 0x8100 on a tagged frame); -1 if not Ethernet or an 802.3 length.
   */
  public int ethHeaderType;
  public int vlanCount;
  /** VLAN ids (12 bits), outermost first; {@link #vlanCount} entries are valid. */
  public final int[] vlanIds = new int[8];
  /** Tag protocol identifier of each tag (0x8100, 0x88a8 or 0x9100), parallel to {@link #vlanIds}. */
  public final int[] vlanTpids = new int[8];

  // ---- network layer (outermost IP header) ----
  /** 4, 6, or 0 when no IP header was decoded. */
  public int ipVersion;
  /** IPv6: address as two big-endian longs. IPv4: address in the low 32 bits of *Lo, *Hi = 0. */
  public long srcHi, srcLo, dstHi, dstLo;
  /** Upper-layer protocol: IPv4 protocol field, IPv6 Next Header after the extension headers. */
  public int ipProto;
  /** IPv4 protocol field, or the IPv6 header's own Next Header (tshark's {@code ipv6.nxt}). */
  public int ipNextHeader;
  /** IPv4 TTL or IPv6 hop limit. */
  public int ttl;
  /** IPv4 identification. */
  public int ipId;
  /** Identification of an IPv6 Fragment header (unsigned 32 bits). */
  public long ipv6FragId;
  /** Fragment offset in bytes (IPv4 always; IPv6 only with a Fragment header). */
  public int fragOffset;
  public boolean moreFragments;
  /** IPv4 total length or IPv6 40 + payload length, as declared (the frame's length for 0/TSO). */
  public int ipTotalLen;
  /** Index in {@link #buf} of the IP header. */
  public int ipOffset;

  // ---- transport layer ----
  /** TCP/UDP/SCTP ports; absent on non-first fragments. */
  public int srcPort, dstPort;
  /** The 12-bit TCP flags field: FIN 0x001 ... CWR 0x080, AE 0x100, reserved 0xE00. */
  public int tcpFlags;
  /** Raw (absolute) TCP sequence and acknowledgement numbers, unsigned 32 bits. */
  public long tcpSeq, tcpAck;
  /** Raw TCP window field (not scaled). */
  public int tcpWindow;
  /** Index in {@link #buf} of the TCP/UDP/SCTP/ICMP header. */
  public int transportOffset;
  /**
   * TCP or UDP payload bytes on the wire, not limited by the snapshot length. TCP: IP payload
   * length minus the TCP header (tshark's {@code tcp.len}, absent on a first IP fragment whose
   * segment length is unknown). UDP: the UDP length field minus 8.
   */
  public int payloadLen;
  /** Index in {@link #buf} of the first payload byte; -1 unless the whole TCP/UDP header was captured. */
  public int payloadOffset;
  /** Payload bytes actually present in {@link #buf} from {@link #payloadOffset} (may be 0), or -1. */
  public int payloadCapLen;
  /** ICMP or ICMPv6 type and code (of the outer message). */
  public int icmpType, icmpCode;

  // ---- DNS (UDP/TCP 53, mDNS 5353, LLMNR 5355) ----
  public int dnsId;
  /** Type of the first question. */
  public int dnsQtype;
  /**
   * Class of the first question (tshark's {@code dns.qry.class}: for mDNS without the top bit, its
   * unicast-response flag).
   */
  public int dnsQclass;
  /** ANCOUNT of the header (tshark's {@code dns.count.answers}). */
  public int dnsAnswerCount;
  /**
   * The answer section ({@link PacketDecoder#DNS_ANSWERS}): null until a packet first needs it, then
   * reused; {@link DnsAnswers#size()} is 0 when this packet has none.
   */
  public DnsAnswers dnsAnswers;
  /** RCODE of the header, responses only (tshark shows no rcode for queries). */
  public int dnsRcode;
  /** QR bit: 0 query, 1 response, -1 absent. */
  public int dnsResponse;
  /**
   * First question name as tshark prints it (UTF-8): labels joined by dots, {@code <Root>} for
   * the root, control bytes as C/octal escapes, invalid UTF-8 as U+FFFD, and tshark's
   * placeholders for names that loop or exceed 255 bytes. {@link #dnsQnameLen} bytes are valid.
   */
  public final byte[] dnsQname = new byte[1024];
  public int dnsQnameLen;

  // ---- TLS ClientHello / ServerHello (raw bytes in helloBuf) ----
  /**
   * The buffer {@link #sniOff} and the {@code tls*Off} offsets index: {@link #buf} for TLS over TCP
   * whole in one segment; a buffer of the decoder or of {@link HandshakeReassembly} for a QUIC
   * ClientHello (decrypted) and for a hello completed from several packets. Valid as long as
   * {@code buf}.
   */
  public byte[] helloBuf;
  /** Server name of a TLS ClientHello. */
  public int sniOff, sniLen;
  /** 1 ClientHello, 2 ServerHello, -1 none ({@link PacketDecoder#TLS_HELLO} for the ServerHello). */
  public int tlsHandshakeType;
  /** The hello came from QUIC CRYPTO frames (JA4's {@code q}). */
  public boolean tlsQuic;
  /** The hello was completed on this packet from bytes of earlier ones ({@link HandshakeReassembly}). */
  public boolean tlsReassembled;
  /** The hello's legacy_version (tshark's {@code tls.handshake.version}). */
  public int tlsLegacyVersion;
  /**
   * The negotiated (ServerHello) or highest offered (ClientHello) version, GREASE ignored: from
   * supported_versions when the hello has it, else legacy_version; -1 unless all extensions were
   * captured.
   */
  public int tlsVersion;
  /**
   * supported_versions data: in a ClientHello the 2-byte versions after the list's length byte, in
   * a ServerHello the selected version.
   */
  public int tlsSupportedVersionsOff, tlsSupportedVersionsLen;
  /** ALPN protocol_name_list after its 2-byte length: names, each after a 1-byte length. */
  public int tlsAlpnOff, tlsAlpnLen;
  /** The ClientHello's cipher suites (2 bytes each), or the one the ServerHello selected. */
  public int tlsCiphersOff, tlsCiphersLen;
  /**
   * The extensions (after their 2-byte length; empty when the hello has none). Set only when the
   * whole hello was captured and is well formed: the fingerprints ({@link TlsFingerprints}) read
   * it.
   */
  public int tlsExtensionsOff, tlsExtensionsLen;

  // ---- HTTP/1.x (raw bytes in buf) ----
  /** HTTP/1.x request line method and URI, and the first Host header value. */
  public int httpMethodOff, httpMethodLen, httpUriOff, httpUriLen, httpHostOff, httpHostLen;
  /** Status code of a response line ({@link PacketDecoder#HTTP_HEADERS}). */
  public int httpStatus;
  /** First User-Agent and Content-Type header values of a request or response. */
  public int httpUserAgentOff, httpUserAgentLen, httpContentTypeOff, httpContentTypeLen;

  // ---- status ----
  /** The snapshot length cut a decoded layer before it ended (not an error). */
  public boolean truncated;
  /** Null when the decoded layers were well formed, else a constant naming layer and problem. */
  public String decodeError;

  // ---- scratch shared between the layer decoders (not part of the contract) ----
  /** Network layer announced by the link layer: 4, 6 or 0. */
  int netKind;
  /** The IP packet is a first fragment: transport header present, segment length unknown. */
  boolean firstFragment;
  /** Reported (wire) end of the transport payload, as a virtual index into buf. */
  int payloadWireEnd;
  /** Raw DNS name before tshark's text escaping (at most 255 bytes are kept). */
  final byte[] nameRaw = new byte[256];
  /**
   * Presentation length (may exceed what nameRaw holds), label count and loop of the name just read
   * (scratch: written before it is read, so never reset).
   */
  int nameLen, nameLabels;
  boolean nameLoops;
  /**
   * Set by the DNS, TLS, QUIC and HTTP decoders before they write a field of {@link
   * #clearApplicationFields}: {@link #reset} clears those only then, so that packets without them
   * (and queries reading no application layer) pay nothing.
   */
  boolean applicationFields = true;
  /** A ClientHello record starts in this TCP segment and continues in later ones. */
  boolean tlsHelloContinues;
  /** What the QUIC layer found for {@link HandshakeReassembly}: see {@link Quic}. */
  int quicFound;
  /** Start of the QUIC Initial packet in {@link #buf}, and its version. */
  int quicPacketOff, quicVersion;
  /** Buffers and ciphers of the QUIC layer, made when a packet first needs them. */
  Quic.Scratch quicScratch;

  public DecodedPacket() {
    reset();
  }

  /** Clears every field to "absent". */
  public void reset() {
    // Kept out of the common path: a query that reads no application layer clears nothing more.
    if (applicationFields) clearApplicationFields();
    buf = null;
    decodedLayers = 0;
    hasEth = false;
    ethSrc = ethDst = 0;
    ethType = -1;
    ethHeaderType = -1;
    vlanCount = 0;
    ipVersion = 0;
    srcHi = srcLo = dstHi = dstLo = 0;
    ipProto = -1;
    ipNextHeader = -1;
    ttl = -1;
    ipId = -1;
    ipv6FragId = -1;
    fragOffset = -1;
    moreFragments = false;
    ipTotalLen = -1;
    ipOffset = -1;
    srcPort = dstPort = -1;
    tcpFlags = -1;
    tcpSeq = tcpAck = -1;
    tcpWindow = -1;
    transportOffset = -1;
    payloadLen = -1;
    payloadOffset = -1;
    payloadCapLen = -1;
    icmpType = icmpCode = -1;
    dnsId = dnsQtype = dnsRcode = dnsResponse = -1;
    dnsQclass = dnsAnswerCount = -1;
    dnsQnameLen = -1;
    sniOff = sniLen = -1;
    httpMethodOff = httpMethodLen = httpUriOff = httpUriLen = httpHostOff = httpHostLen = -1;
    truncated = false;
    decodeError = null;
    netKind = 0;
    firstFragment = false;
    payloadWireEnd = -1;
  }

  /** The fields only the application-layer decoders write (see {@link #applicationFields}). */
  private void clearApplicationFields() {
    if (dnsAnswers != null) dnsAnswers.clear();
    clearTls();
    httpStatus = -1;
    httpUserAgentOff = httpUserAgentLen = httpContentTypeOff = httpContentTypeLen = -1;
    tlsHelloContinues = false;
    quicFound = Quic.NONE;
    quicPacketOff = quicVersion = -1;
    applicationFields = false; // last: clearTls() sets it
  }

  /** Clears the TLS hello fields (before a reassembled hello replaces what the packet alone showed). */
  void clearTls() {
    applicationFields = true;
    helloBuf = null;
    sniOff = sniLen = -1;
    tlsHandshakeType = -1;
    tlsQuic = tlsReassembled = false;
    tlsLegacyVersion = tlsVersion = -1;
    tlsSupportedVersionsOff = tlsSupportedVersionsLen = tlsAlpnOff = tlsAlpnLen = -1;
    tlsCiphersOff = tlsCiphersLen = tlsExtensionsOff = tlsExtensionsLen = -1;
  }

  /**
   * A header of {@code need} bytes at {@code pos} is not all captured: either the snapshot length
   * cut it (the frame was long enough on the wire), or the packet really is too short.
   */
  void shortHeader(int wireEnd, int pos, int need, String malformed) {
    if (need <= wireEnd - pos) {
      truncated = true;
    } else {
      error(malformed);
    }
  }

  /** Records a malformation; the first (outermost) one wins. */
  void error(String message) {
    if (decodeError == null) decodeError = message;
  }

  /** The question name as a String (tests and slow paths), or null. */
  public String dnsQnameString() {
    return dnsQnameLen < 0 ? null : new String(dnsQname, 0, dnsQnameLen, java.nio.charset.StandardCharsets.UTF_8);
  }
}

/**
 * Per-frame packet decoding, straight from the record bytes, with no allocation per packet.
 *
 * <p>{@link org.pcapanalytics.decode.PacketDecoder} runs one small final class per layer
 * ({@link org.pcapanalytics.decode.LinkLayer}, {@link org.pcapanalytics.decode.Ipv4},
 * {@link org.pcapanalytics.decode.Ipv6}, {@link org.pcapanalytics.decode.Tcp},
 * {@link org.pcapanalytics.decode.Udp}, {@link org.pcapanalytics.decode.Sctp},
 * {@link org.pcapanalytics.decode.Icmp}, {@link org.pcapanalytics.decode.Dns},
 * {@link org.pcapanalytics.decode.Tls}, {@link org.pcapanalytics.decode.Quic},
 * {@link org.pcapanalytics.decode.Http}) over {@code (buf, off, capEnd, wireEnd, out)}: the
 * captured bytes end at {@code capEnd}, the packet as it was on the wire at {@code wireEnd}. A read
 * needing bytes past {@code capEnd} but not past {@code wireEnd} means the snapshot length cut the
 * packet ({@code truncated}, not an error); past {@code wireEnd} it means the packet contradicts its
 * own length fields ({@code decodeError}, a constant naming layer and problem, the outermost one
 * winning). Only the layers a query asks for run: the TLS hellos in full, QUIC decryption, DNS
 * answers and HTTP response headers are layers of their own.
 *
 * <p>The decoder sees one packet. What needs several is left to {@link
 * org.pcapanalytics.decode.HandshakeReassembly}, which a reader owns and feeds every decoded packet in
 * order: a TLS ClientHello spread over TCP segments or QUIC Initial packets, and a QUIC server's
 * Initial (encrypted with keys of the client's connection id). <b>What the per-packet fields hold</b>:
 * a hello whole in one packet (a TCP segment, or one client Initial with its CRYPTO frames in any
 * order) is reported on that packet by the decoder, as tshark's per-packet view does; a hello spread
 * over packets is reported on the packet that completes it, and on no other, when the reassembly
 * saw all its pieces (the same split), as tshark with reassembly does; a reader of a split that
 * begins inside a handshake does not see it. The fingerprints ({@link
 * org.pcapanalytics.decode.TlsFingerprints}: JA3, JA3S, JA4) are computed from the hello on demand.
 *
 * <p>tshark 4.0 is the oracle: the golden tests compare every frame of the shared corpus field by
 * field, and the JA4 authors' expected values are matched row by row. Where tshark's behaviour is
 * not obvious it was checked on hand-made frames and is written down where it is implemented (DNS
 * name text, HTTP header parsing, TLS record handling, NULL loopback headers, IPv6 text form).
 *
 * <p>Text the decoder points at ({@code sni*}, {@code http*}, ALPN) is raw wire bytes (the TLS ones
 * in {@code helloBuf}); tshark shows each byte at or above 0x80 of those strings as U+FFFD. DNS names
 * and answer data are already rendered as tshark prints them, as UTF-8.
 */
package org.pcapanalytics.decode;

/**
 * Per-frame packet decoding, straight from the record bytes, with no allocation per packet.
 *
 * <p>{@link org.pcapanalytics.decode.PacketDecoder} runs one small final class per layer
 * ({@link org.pcapanalytics.decode.LinkLayer}, {@link org.pcapanalytics.decode.Ipv4},
 * {@link org.pcapanalytics.decode.Ipv6}, {@link org.pcapanalytics.decode.Tcp},
 * {@link org.pcapanalytics.decode.Udp}, {@link org.pcapanalytics.decode.Sctp},
 * {@link org.pcapanalytics.decode.Icmp}, {@link org.pcapanalytics.decode.Dns},
 * {@link org.pcapanalytics.decode.Tls}, {@link org.pcapanalytics.decode.Http}) over
 * {@code (buf, off, capEnd, wireEnd, out)}: the captured bytes end at {@code capEnd}, the packet
 * as it was on the wire at {@code wireEnd}. A read needing bytes past {@code capEnd} but not past
 * {@code wireEnd} means the snapshot length cut the packet ({@code truncated}, not an error);
 * past {@code wireEnd} it means the packet contradicts its own length fields
 * ({@code decodeError}, a constant naming layer and problem, the outermost one winning).
 *
 * <p>tshark 4.0 is the oracle: the golden test compares every frame of the shared corpus field by
 * field. Where tshark's behaviour is not obvious it was checked on hand-made frames and is written
 * down where it is implemented (DNS name text, HTTP header parsing, TLS record handling, NULL
 * loopback headers, IPv6 text form).
 *
 * <p>Text the decoder points at ({@code sni*}, {@code http*}) is raw wire bytes; tshark shows each
 * byte at or above 0x80 of those strings as U+FFFD. The DNS name is already rendered as tshark
 * prints it, as UTF-8 in {@code dnsQname}.
 */
package org.pcapanalytics.decode;

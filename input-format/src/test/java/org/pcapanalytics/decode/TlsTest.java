package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TlsTest {
  private static final byte[] PADDING = cat(u16(21), u16(300), new byte[300]);
  private static final byte[] ALPN = cat(u16(16), u16(5), u16(3), bytes(2), ascii("h2"));

  static String sni(DecodedPacket p) {
    return TsharkFields.text(p.helloBuf, p.sniOff, p.sniLen);
  }

  @Test
  void serverNameOnAnyPort() {
    for (int port : new int[] {443, 8443, 12345}) {
      DecodedPacket p = decode(1, tcpPayload(port, clientHello(ALPN, sniExtension("www.example.com"), PADDING)));
      assertEquals("www.example.com", sni(p), "port " + port);
      assertNull(p.decodeError);
    }
  }

  @Test
  void overIpv6() {
    DecodedPacket p = decode(1, eth(0x86DD, ipv6(6, tcp(50000, 443, clientHello(sniExtension("v6.example"))))));
    assertEquals("v6.example", sni(p));
  }

  @Test
  void recordsBeforeTheHandshakeAreSkipped() {
    byte[] ccs = hex("140303000101");
    assertEquals("second.rec", sni(decode(1, tcpPayload(443, cat(ccs, clientHello(sniExtension("second.rec")))))));
  }

  @Test
  void firstEntryWhateverItsTypeEmptyNameAndFirstExtension() {
    byte[] typed = cat(u16(0), u16(14), u16(12), bytes(1), u16(2), ascii("ab"), bytes(0), u16(4), ascii("good"));
    assertEquals("ab", sni(decode(1, tcpPayload(443, clientHello(typed)))), "as tshark: the first entry");
    DecodedPacket empty = decode(1, tcpPayload(443, clientHello(sniExtension(""))));
    assertEquals(0, empty.sniLen);
    assertEquals("a.example", sni(decode(1, tcpPayload(443, clientHello(sniExtension("a.example"), sniExtension("b.example"))))));
    DecodedPacket none = decode(1, tcpPayload(443, clientHello(ALPN)));
    assertEquals(-1, none.sniOff);
    assertNull(none.decodeError);
  }

  @Test
  void recordOrMessageContinuingElsewhereShowsNothing() {
    byte[] ch = clientHello(sniExtension("big.example"), PADDING);
    byte[] longer = ch.clone();
    longer[3] += 4; // record length beyond the segment
    DecodedPacket p = decode(1, tcpPayload(443, longer));
    assertEquals(-1, p.sniOff);
    assertNull(p.decodeError);
    byte[] hsLonger = ch.clone();
    hsLonger[7] += 50; // handshake length beyond the record
    DecodedPacket q = decode(1, tcpPayload(443, hsLonger));
    assertEquals(-1, q.sniOff);
    assertNull(q.decodeError);
  }

  @Test
  void bogusInnerLengthsAreMalformed() {
    byte[] badName = cat(u16(0), u16(9), u16(7), bytes(0), u16(50), ascii("abcd")); // name longer than list
    DecodedPacket p = decode(1, tcpPayload(443, clientHello(badName)));
    assertEquals(-1, p.sniOff);
    assertEquals(Tls.BAD_LENGTH, p.decodeError);
    byte[] badExt = cat(u16(0), u16(400), new byte[10]); // extension longer than the block
    assertEquals(Tls.BAD_LENGTH, decode(1, tcpPayload(443, clientHello(badExt))).decodeError);
    byte[] badList = cat(u16(0), u16(6), u16(900), bytes(0), u16(1), ascii("x")); // list longer than extension
    assertEquals(Tls.BAD_LENGTH, decode(1, tcpPayload(443, clientHello(badList))).decodeError);
    byte[] ch = clientHello(sniExtension("x.example"));
    ch[5 + 4 + 34] = (byte) 0xFF; // session id length 255
    assertEquals(Tls.BAD_LENGTH, decode(1, tcpPayload(443, ch)).decodeError);
  }

  @Test
  void snaplenCutBeforeTheNameEndIsTruncation() {
    byte[] f = tcpPayload(443, clientHello(ALPN, sniExtension("cut.example.com"), PADDING));
    int nameEnd = indexOf(f, ascii("cut.example.com")) + 15;
    DecodedPacket cut = decode(1, f, nameEnd - 1, f.length);
    assertEquals(-1, cut.sniOff);
    assertTrue(cut.truncated);
    assertNull(cut.decodeError);
    DecodedPacket whole = decode(1, f, nameEnd, f.length);
    assertEquals("cut.example.com", sni(whole), "the name is all there even if the rest is cut");
    assertTrue(whole.truncated);
  }

  @Test
  void notTls() {
    byte[] v13Record = clientHello(sniExtension("x.example"));
    v13Record[2] = 4; // record version 3.4 is not a TLS record version
    assertEquals(-1, decode(1, tcpPayload(443, v13Record)).sniOff);
    byte[] serverHello = clientHello(sniExtension("x.example"));
    serverHello[5] = 2;
    assertEquals(-1, decode(1, tcpPayload(443, serverHello)).sniOff);
    assertEquals(-1, decode(1, tcpPayload(443, ascii("GET / HTTP/1.1\r\n\r\n"))).sniOff);
    DecodedPacket udp = decode(1, eth(0x0800, ipv4(17, udp(5000, 443, clientHello(sniExtension("quic.example"))))));
    assertEquals(-1, udp.sniOff, "TLS over TCP only");
  }

  @Test
  void tlsLayerOff() {
    byte[] f = tcpPayload(443, clientHello(sniExtension("x.example")));
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.HTTP | PacketDecoder.DNS).decode(f, 0, f.length, f.length, 1, p);
    assertEquals(-1, p.sniOff);
    assertFalse(p.truncated);
  }

  /** A ServerHello record: TLS 1.2 legacy version, cipher 0x1301, supported_versions 1.3 and ALPN h2. */
  static byte[] serverHello() {
    byte[] ext = cat(TlsFingerprintsTest.ext(43, u16(0x0304)), TlsFingerprintsTest.alpn("h2"));
    byte[] body = cat(u16(0x0303), new byte[32], bytes(0), u16(0x1301), bytes(0), u16(ext.length), ext);
    byte[] hs = cat(bytes(2, 0, body.length >> 8, body.length), body);
    return cat(bytes(22, 3, 3), u16(hs.length), hs);
  }

  @Test
  void serverHelloWithTheWholeHelloLayer() {
    DecodedPacket p = decode(1, tcpPayload(50000, serverHello()));
    assertEquals(Tls.SERVER_HELLO, p.tlsHandshakeType);
    assertEquals(0x0303, p.tlsLegacyVersion);
    assertEquals(0x0304, p.tlsVersion, "the negotiated version");
    assertEquals("0x0304", TsharkMoreFields.hexList(p.helloBuf, p.tlsSupportedVersionsOff, p.tlsSupportedVersionsLen));
    assertEquals("0x1301", TsharkMoreFields.hexList(p.helloBuf, p.tlsCiphersOff, p.tlsCiphersLen));
    assertEquals("h2", TsharkMoreFields.alpn(p));
    assertEquals(-1, p.sniOff);
    assertEquals("771,4865,43-16", new TlsFingerprints().ja3FullString(p));
    DecodedPacket sniOnly = new DecodedPacket();
    byte[] f = tcpPayload(50000, serverHello());
    new PacketDecoder(PacketDecoder.TLS).decode(f, 0, f.length, f.length, 1, sniOnly);
    assertEquals(-1, sniOnly.tlsHandshakeType, "TLS alone looks at ClientHellos only");
  }

  @Test
  void offeredVersionAndContinuingHello() {
    byte[] ch = clientHello(TlsFingerprintsTest.versions(0x7a7a, 0x0304, 0x0303), sniExtension("v.example"));
    DecodedPacket p = decode(1, tcpPayload(443, ch));
    assertEquals(0x0304, p.tlsVersion, "the highest offered, GREASE ignored");
    assertEquals("0x7a7a|0x0304|0x0303",
        TsharkMoreFields.hexList(p.helloBuf, p.tlsSupportedVersionsOff, p.tlsSupportedVersionsLen),
        "as tshark lists them");
    byte[] longer = ch.clone();
    longer[3] += 4; // the record continues in the next segment
    DecodedPacket c = decode(1, tcpPayload(443, longer));
    assertEquals(-1, c.tlsHandshakeType);
    assertTrue(c.tlsHelloContinues, "marked for the reassembly");
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
      return i;
    }
    throw new AssertionError("not found: " + Arrays.toString(needle));
  }
}

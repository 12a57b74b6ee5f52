package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.pcapanalytics.decode.Frames.*;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * JA3 and JA4 on hand-built hellos: the JA4 specification's own worked example and its rules
 * (GREASE, counts, ALPN characters, version, empty lists), JA3 with GREASE left out.
 */
class TlsFingerprintsTest {
  static final int GREASE = 0x0a0a;
  static final int[] SPEC_CIPHERS = {GREASE, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
      0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
  static final int[] SIGS = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

  final TlsFingerprints fp = new TlsFingerprints();

  /** An extension of the given type and data. */
  static byte[] ext(int type, byte[] data) {
    return cat(u16(type), u16(data.length), data);
  }

  static byte[] u16s(int... v) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int x : v) o.writeBytes(u16(x));
    return o.toByteArray();
  }

  static byte[] alpn(String... names) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (String n : names) {
      o.write(n.length());
      o.writeBytes(ascii(n));
    }
    byte[] list = o.toByteArray();
    return ext(16, cat(u16(list.length), list));
  }

  static byte[] versions(int... v) {
    return ext(43, cat(bytes(v.length * 2), u16s(v)));
  }

  /** A ClientHello record with this legacy version, cipher suites and extensions, over TCP. */
  static DecodedPacket hello(int version, int[] ciphers, byte[]... extensions) {
    byte[] ext = cat(extensions);
    byte[] cs = u16s(ciphers);
    byte[] body = cat(u16(version), new byte[32], bytes(0), u16(cs.length), cs, bytes(1, 0), u16(ext.length), ext);
    byte[] hs = cat(bytes(1, body.length >> 16, body.length >> 8, body.length), body);
    return decode(1, tcpPayload(443, cat(bytes(22, 3, 1), u16(hs.length), hs)));
  }

  /** The spec's example: its extensions in its order, plus GREASE everywhere. */
  static byte[][] specExtensions(boolean withSigs) {
    return new byte[][] {ext(GREASE, new byte[0]), ext(0x001b, bytes(2, 0, 2)), sniExtension("example.com"),
        ext(0x0033, new byte[0]), alpn("h2", "http/1.1"), ext(0x4469, new byte[0]), ext(0x0017, new byte[0]),
        ext(0x002d, bytes(1, 1)), ext(0x000d, withSigs ? cat(u16(16), u16s(SIGS)) : u16(0)),
        ext(0x0005, new byte[0]), ext(0x0023, new byte[0]), ext(0x0012, new byte[0]), versions(GREASE, 0x0304, 0x0303),
        ext(0xff01, bytes(0)), ext(0x000b, bytes(1, 0)), ext(0x000a, cat(u16(6), u16s(GREASE, 0x001d, 0x0017))),
        ext(0x0015, new byte[3])};
  }

  @Test
  void theSpecificationsExample() {
    assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1",
        fp.ja4String(hello(0x0303, SPEC_CIPHERS, specExtensions(true))));
    // "If there are no signature algorithms in the hello packet, then the string ends without an underscore"
    assertEquals("t13d1516h2_8daaf6152771_6d807ffa2a79",
        fp.ja4String(hello(0x0303, SPEC_CIPHERS, specExtensions(false))));
  }

  @Test
  void emptyListsAndCounts() {
    DecodedPacket none = hello(0x0303, new int[] {GREASE});
    assertEquals("t12i0000" + "00_000000000000_000000000000", fp.ja4String(none));
    int[] many = new int[120];
    for (int i = 0; i < many.length; i++) many[i] = 0x1000 + i;
    assertEquals("t12i9900", fp.ja4String(hello(0x0303, many)).substring(0, 8), "counts stop at 99");
  }

  @Test
  void alpnCharacters() {
    int[] c = {0x1301};
    assertEquals("h1", ja4Alpn(hello(0x0303, c, alpn("http/1.1", "h2"))));
    assertEquals("xx", ja4Alpn(hello(0x0303, c, alpn("x"))));
    assertEquals("00", ja4Alpn(hello(0x0303, c, alpn(""))), "an empty first value");
    assertEquals("00", ja4Alpn(hello(0x0303, c)), "no ALPN");
    byte[] nonAscii = ext(16, cat(u16(3), bytes(2, 0xba, 0xad)));
    assertEquals("99", ja4Alpn(hello(0x0303, c, nonAscii)), "as the reference implementation's test data");
    byte[] mixed = ext(16, cat(u16(4), bytes(3, 'a', 0xad, 'z')));
    assertEquals("az", ja4Alpn(hello(0x0303, c, mixed)));
  }

  private String ja4Alpn(DecodedPacket p) {
    return fp.ja4String(p).substring(8, 10);
  }

  @Test
  void version() {
    int[] c = {0x1301};
    assertEquals("t12", fp.ja4String(hello(0x0303, c)).substring(0, 3), "legacy_version without supported_versions");
    assertEquals("t13", fp.ja4String(hello(0x0303, c, versions(0x0303, 0x0304, GREASE))).substring(0, 3),
        "the highest");
    assertEquals("t12", fp.ja4String(hello(0x0303, c, versions(GREASE))).substring(0, 3),
        "only GREASE: legacy_version");
    assertEquals("ts3", fp.ja4String(hello(0x0300, c)).substring(0, 3));
    assertEquals("t00", fp.ja4String(hello(0x0305, c)).substring(0, 3));
  }

  @Test
  void ja3LeavesGreaseOut() {
    DecodedPacket p = hello(0x0303, new int[] {GREASE, 0x1301, 0x1302}, ext(GREASE, new byte[0]), sniExtension("a.b"),
        ext(10, cat(u16(6), u16s(GREASE, 29, 23))), ext(11, bytes(2, 0, 1)), alpn("h2"));
    assertEquals("771,4865-4866,0-10-11-16,29-23,0-1", fp.ja3FullString(p));
    assertEquals(32, fp.ja3String(p).length());
    DecodedPacket bare = hello(0x0301, new int[] {0x002f});
    assertEquals("769,47,,,", fp.ja3FullString(bare), "no extensions at all");
  }

  @Test
  void onlyAWholeHelloHasFingerprints() {
    byte[] f = tcpPayload(443, clientHello(sniExtension("cut.example"), ext(21, new byte[200])));
    DecodedPacket cut = Frames.decode(1, f, f.length - 50, f.length);
    assertEquals("cut.example", TsharkFields.text(cut.helloBuf, cut.sniOff, cut.sniLen));
    assertNull(fp.ja4String(cut));
    assertNull(fp.ja3String(cut));
    DecodedPacket plain = new DecodedPacket();
    new PacketDecoder(PacketDecoder.TLS).decode(f, 0, f.length, f.length, 1, plain);
    assertNull(fp.ja4String(plain), "TLS alone reads the server name only");
  }
}

package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * QUIC Initial decryption on the RFCs' test vectors (RFC 9001 A.2/A.3, RFC 9369 A.2/A.3), and a real
 * ClientHello (the first of {@code quic_sni.pcap}) re-sent in CRYPTO frames spread over several
 * Initial packets in every order, for version 1 and 2. The packets are protected by this test's
 * own implementation of RFC 9001 5 ({@link #protect}), which reproduces the RFCs' protected
 * packets byte for byte.
 */
class QuicTest {
  static final Properties V = vectors();
  static final byte[] RFC_DCID = hex("8394c8f03e515708");

  @Test
  void rfcClientInitialsDecrypt() {
    for (String v : new String[] {"v1", "v2"}) {
      DecodedPacket p = decodeUdp(hex(V.getProperty(v + ".client")), 54321, 443);
      assertEquals(Quic.CLIENT_INITIAL, p.quicFound, v);
      assertEquals("example.com", TsharkFields.text(p.helloBuf, p.sniOff, p.sniLen), v);
      assertEquals("alpn", TsharkMoreFields.alpn(p), v);
      assertEquals(0x0304, p.tlsVersion, v);
      assertTrue(p.tlsQuic, v);
      assertNull(p.decodeError, v);
      // 2 ciphers, 11 extensions, ALPN "alpn"
      assertTrue(new TlsFingerprints().ja4String(p).startsWith("q13d0211an_"), v);
    }
  }

  @Test
  void theTestsOwnProtectionReproducesTheRfcPackets() throws Exception {
    for (String v : new String[] {"v1", "v2"}) {
      byte[] payload = Arrays.copyOf(hex(V.getProperty(v + ".client.crypto")),
          hex(V.getProperty(v + ".client.crypto")).length + Integer.parseInt(V.getProperty(v + ".client.padding")));
      assertArrayEquals(hex(V.getProperty(v + ".client")), protect(hex(V.getProperty(v + ".client.header")), payload,
          RFC_DCID, false), v + " client");
      assertArrayEquals(hex(V.getProperty(v + ".server")), protect(hex(V.getProperty(v + ".server.header")),
          hex(V.getProperty(v + ".server.payload")), RFC_DCID, true), v + " server");
    }
  }

  @Test
  void serverInitialOpensWithTheClientsConnectionId() {
    for (String v : new String[] {"v1", "v2"}) {
      PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
      HandshakeReassembly r = new HandshakeReassembly();
      DecodedPacket p = new DecodedPacket();
      byte[] client = udpFrame(hex(V.getProperty(v + ".client")), 54321, 443, false);
      byte[] server = udpFrame(hex(V.getProperty(v + ".server")), 443, 54321, true);
      dec.decode(server, 0, server.length, server.length, 1, p);
      assertEquals(Quic.SEALED_INITIAL, p.quicFound, "alone, the server's Initial does not open");
      dec.decode(client, 0, client.length, client.length, 1, p);
      r.accept(p);
      dec.decode(server, 0, server.length, server.length, 1, p);
      r.accept(p);
      assertEquals(Tls.SERVER_HELLO, p.tlsHandshakeType, v);
      assertTrue(p.tlsReassembled && p.tlsQuic, v);
      assertEquals(0x0304, p.tlsVersion, v);
      assertEquals("0x1301", TsharkMoreFields.hexList(p.helloBuf, p.tlsCiphersOff, p.tlsCiphersLen), v);
      assertEquals("771,4865,51-43", new TlsFingerprints().ja3FullString(p), v);
    }
  }

  /** The ClientHello of quic_sni.pcap's first packet, taken out of its CRYPTO frames. */
  static byte[] realClientHello() throws IOException {
    CorpusFrames.Frame f = CorpusFrames.read("quic_sni.pcap").get(0);
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.ALL).decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
    int len = 4 + (((p.helloBuf[1] & 0xFF) << 16) | ((p.helloBuf[2] & 0xFF) << 8) | (p.helloBuf[3] & 0xFF));
    return Arrays.copyOf(p.helloBuf, len);
  }

  @Test
  void helloSpreadOverInitialsInAnyOrder() throws Exception {
    byte[] hello = realClientHello();
    int a = 100, b = 200;
    byte[] dcid = hex("0011223344556677");
    for (int version : new int[] {Quic.V1, Quic.V2}) {
      // Three packets: [a, b) ; [b, end) with [0, 40) ; [40, a) with an overlap into [a, b).
      List<byte[]> packets = List.of(
          initial(version, dcid, 0, crypto(hello, a, b)),
          initial(version, dcid, 1, cat(crypto(hello, b, hello.length), crypto(hello, 0, 40))),
          initial(version, dcid, 2, crypto(hello, 40, a + 10)));
      for (int[] order : permutations(3)) {
        PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
        HandshakeReassembly r = new HandshakeReassembly();
        DecodedPacket p = new DecodedPacket();
        DecodedPacket alone = new DecodedPacket();
        for (int k = 0; k < 3; k++) {
          byte[] f = udpFrame(packets.get(order[k]), 50000, 443, false);
          dec.decode(f, 0, f.length, f.length, 1, alone);
          assertEquals(-1, alone.tlsHandshakeType, "no packet holds the whole hello");
          dec.decode(f, 0, f.length, f.length, 1, p);
          r.accept(p);
          String what = Integer.toHexString(version) + " order " + Arrays.toString(order) + " packet " + k;
          if (k < 2) {
            assertEquals(-1, p.sniOff, what);
            continue;
          }
          assertEquals("www.blogger.com", TsharkFields.text(p.helloBuf, p.sniOff, p.sniLen), what);
          assertTrue(p.tlsReassembled, what);
          assertEquals(Ja4ExpectedTest.CHROME_QUIC_JA4, new TlsFingerprints().ja4String(p), what);
        }
      }
    }
  }

  @Test
  void wholeHelloInOnePacketNeedsNoState() throws Exception {
    byte[] hello = realClientHello();
    // Its frames in reverse order, as Chrome scrambles them.
    byte[] pkt = initial(Quic.V2, hex("a1a2a3a4"), 0, cat(crypto(hello, 200, hello.length), crypto(hello, 100, 200),
        crypto(hello, 0, 100)));
    DecodedPacket p = decodeUdp(pkt, 50000, 443);
    assertEquals("www.blogger.com", TsharkFields.text(p.helloBuf, p.sniOff, p.sniLen));
    assertFalse(p.tlsReassembled);
    assertEquals(Ja4ExpectedTest.CHROME_QUIC_JA4, new TlsFingerprints().ja4String(p));
  }

  @Test
  void wrongKeysCutPacketsAndOtherVersionsShowNothing() throws Exception {
    byte[] hello = realClientHello();
    byte[] pkt = initial(Quic.V1, hex("0102030405060708"), 0, crypto(hello, 0, hello.length));
    byte[] tampered = pkt.clone();
    tampered[tampered.length - 1] ^= 1; // the tag
    assertEquals(Quic.SEALED_INITIAL, decodeUdp(tampered, 1, 443).quicFound);
    assertEquals(-1, decodeUdp(tampered, 1, 443).sniOff);
    byte[] frame = udpFrame(pkt, 50000, 443, false);
    DecodedPacket cut = Frames.decode(1, frame, frame.length - 30, frame.length);
    assertEquals(Quic.SEALED_INITIAL, cut.quicFound);
    assertTrue(cut.truncated);
    byte[] draft = pkt.clone();
    draft[4] = 0x1d; // version 0x0000001d: not 1 or 2
    assertEquals(Quic.NONE, decodeUdp(draft, 1, 443).quicFound);
    DecodedPacket off = new DecodedPacket();
    new PacketDecoder(PacketDecoder.ALL & ~PacketDecoder.QUIC & ~PacketDecoder.TLS_HELLO)
        .decode(frame, 0, frame.length, frame.length, 1, off);
    assertEquals(Quic.NONE, off.quicFound);
    assertEquals(-1, off.sniOff, "QUIC off: nothing decrypted");
  }

  // ---- building packets ----

  static DecodedPacket decodeUdp(byte[] quicPacket, int sport, int dport) {
    return Frames.decode(1, udpFrame(quicPacket, sport, dport, false));
  }

  /** Ethernet/IPv4/UDP around a datagram; the server's direction swaps the addresses. */
  static byte[] udpFrame(byte[] datagram, int sport, int dport, boolean fromServer) {
    byte[] f = eth(0x0800, ipv4(17, udp(sport, dport, datagram)));
    if (fromServer) { // swap IPv4 source and destination
      byte[] src = Arrays.copyOfRange(f, 26, 30);
      System.arraycopy(f, 30, f, 26, 4);
      System.arraycopy(src, 0, f, 30, 4);
    }
    return f;
  }

  /** A CRYPTO frame carrying {@code data[from, to)} at stream offset {@code from}. */
  static byte[] crypto(byte[] data, int from, int to) {
    return cat(bytes(0x06), varint(from), varint(to - from), Arrays.copyOfRange(data, from, to));
  }

  /** A client Initial of {@code version} to {@code dcid} (no source id, no token), padded to 1200 bytes. */
  static byte[] initial(int version, byte[] dcid, int pn, byte[] frames) throws Exception {
    int typeBits = version == Quic.V2 ? 1 : 0;
    int len = 2 + Math.max(frames.length, 1200) + 16; // 2-byte packet number
    byte[] header = cat(bytes(0xC0 | (typeBits << 4) | 1), u32(version), bytes(dcid.length), dcid, bytes(0), bytes(0),
        u16(0x4000 | len), u16(pn));
    return protect(header, Arrays.copyOf(frames, Math.max(frames.length, 1200)), dcid, false);
  }

  /**
   * RFC 9001 5: encrypts {@code payload} under the unprotected long {@code header} (which ends with
   * the packet number) with keys of {@code dcid}, then applies header protection.
   */
  static byte[] protect(byte[] header, byte[] payload, byte[] dcid, boolean server) throws Exception {
    int version = java.nio.ByteBuffer.wrap(header, 1, 4).getInt();
    String p = version == Quic.V2 ? "quicv2 " : "quic ";
    byte[] salt = hex(version == Quic.V2 ? "0dede3def700a6db819381be6e269dcbf9bd2ed9"
        : "38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    byte[] secret = expand(hmac(salt, dcid), server ? "server in" : "client in", 32);
    byte[] key = expand(secret, p + "key", 16), iv = expand(secret, p + "iv", 12), hp = expand(secret, p + "hp", 16);
    int pnLen = (header[0] & 3) + 1;
    long pn = 0;
    for (int i = header.length - pnLen; i < header.length; i++) pn = (pn << 8) | (header[i] & 0xFF);
    byte[] nonce = iv.clone();
    for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (pn >>> (8 * i));
    Cipher gcm = instance("AES/GCM/NoPadding"); // a new one: the JDK refuses a key and nonce twice
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD(header);
    byte[] ct = gcm.doFinal(payload);
    byte[] out = cat(header, ct);
    int pnOff = header.length - pnLen;
    Cipher ecb = ECB.get();
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hp, "AES"));
    byte[] mask = ecb.doFinal(Arrays.copyOfRange(out, pnOff + 4, pnOff + 20));
    out[0] ^= (byte) (mask[0] & 0x0F);
    for (int i = 0; i < pnLen; i++) out[pnOff + i] ^= mask[1 + i];
    return out;
  }

  private static final ThreadLocal<Cipher> ECB = ThreadLocal.withInitial(() -> instance("AES/ECB/NoPadding"));
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  });

  private static Cipher instance(String name) {
    try {
      return Cipher.getInstance(name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac m = HMAC.get();
    m.init(new SecretKeySpec(key, "HmacSHA256"));
    return m.doFinal(data);
  }

  private static byte[] expand(byte[] secret, String label, int len) throws Exception {
    byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(hmac(secret, cat(u16(len), bytes(l.length), l, bytes(0), bytes(1))), len);
  }

  static byte[] varint(long v) {
    if (v < 64) return bytes((int) v);
    if (v < 16384) return u16(0x4000 | (int) v);
    return u32(0x80000000L | v);
  }

  static List<int[]> permutations(int n) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] cur, boolean[] used, int k, List<int[]> out) {
    if (k == cur.length) {
      out.add(cur.clone());
      return;
    }
    for (int i = 0; i < cur.length; i++) {
      if (used[i]) continue;
      used[i] = true;
      cur[k] = i;
      permute(cur, used, k + 1, out);
      used[i] = false;
    }
  }

  private static Properties vectors() {
    Properties p = new Properties();
    try (InputStream in = QuicTest.class.getResourceAsStream("/quic/initial-vectors.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }
}

package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
  private static final byte[] FRAME = tcpPayload(80, ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));

  private static DecodedPacket decodeWith(int layers, byte[] f) {
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(layers).decode(f, 0, f.length, f.length, 1, p);
    return p;
  }

  @Test
  void layersImplyTheLayersBelow() {
    assertEquals(PacketDecoder.LINK | PacketDecoder.IP | PacketDecoder.TRANSPORT | PacketDecoder.HTTP,
        new PacketDecoder(PacketDecoder.HTTP).layers());
    assertEquals(PacketDecoder.LINK | PacketDecoder.IP, new PacketDecoder(PacketDecoder.IP).layers());
    assertEquals(PacketDecoder.ALL, new PacketDecoder(-1).layers());
  }

  @Test
  void decodesOnlyWhatIsAsked() {
    DecodedPacket none = decodeWith(PacketDecoder.NONE, FRAME);
    assertFalse(none.hasEth);
    assertEquals(PacketDecoder.NONE, none.decodedLayers);

    DecodedPacket link = decodeWith(PacketDecoder.LINK, FRAME);
    assertTrue(link.hasEth);
    assertEquals(0x0800, link.ethType);
    assertEquals(0, link.ipVersion);

    DecodedPacket ip = decodeWith(PacketDecoder.IP, FRAME);
    assertEquals(4, ip.ipVersion);
    assertEquals(-1, ip.srcPort);

    DecodedPacket tr = decodeWith(PacketDecoder.TRANSPORT, FRAME);
    assertEquals(80, tr.dstPort);
    assertEquals(-1, tr.httpMethodOff);

    DecodedPacket http = decodeWith(PacketDecoder.HTTP, FRAME);
    assertEquals(14 + 20 + 20, http.httpMethodOff);
    assertEquals(PacketDecoder.LINK | PacketDecoder.IP | PacketDecoder.TRANSPORT | PacketDecoder.HTTP,
        http.decodedLayers);
    assertEquals(PacketDecoder.ALL & ~PacketDecoder.QUIC & ~PacketDecoder.DNS_ANSWERS & ~PacketDecoder.HTTP_HEADERS,
        new PacketDecoder(PacketDecoder.TLS_HELLO | PacketDecoder.DNS | PacketDecoder.HTTP).layers(),
        "each new layer implies the one it extends");
  }

  @Test
  void truncationOfAnUndecodedRestIsStillReported() {
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.LINK).decode(FRAME, 0, 30, FRAME.length, 1, p);
    assertTrue(p.truncated);
  }

  @Test
  void badBoundsAreAnErrorNotAnException() {
    DecodedPacket p = new DecodedPacket();
    PacketDecoder d = new PacketDecoder(PacketDecoder.ALL);
    d.decode(null, 0, 10, 10, 1, p);
    assertEquals(PacketDecoder.FRAME_BOUNDS, p.decodeError);
    d.decode(FRAME, 10, FRAME.length, FRAME.length, 1, p);
    assertEquals(PacketDecoder.FRAME_BOUNDS, p.decodeError);
    d.decode(FRAME, -1, 5, 5, 1, p);
    assertEquals(PacketDecoder.FRAME_BOUNDS, p.decodeError);
    d.decode(FRAME, 0, -5, 5, 1, p);
    assertEquals(PacketDecoder.FRAME_BOUNDS, p.decodeError);
    d.decode(FRAME, 0, 0, 0, 1, p);
    assertEquals(LinkLayer.ETH_SHORT, p.decodeError);
    d.decode(FRAME, 0, FRAME.length, -7, 1, p); // a negative wire length counts as the caplen
    assertNull(p.decodeError);
  }

  @Test
  void frameInsideALargerBuffer() {
    byte[] big = new byte[FRAME.length + 200];
    java.util.Arrays.fill(big, (byte) 0xEE);
    System.arraycopy(FRAME, 0, big, 100, FRAME.length);
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.ALL).decode(big, 100, FRAME.length, FRAME.length, 1, p);
    assertEquals(100 + 14, p.ipOffset);
    assertEquals("h", TsharkFields.text(p.buf, p.httpHostOff, p.httpHostLen));
    assertEquals(big, p.buf);
  }

  @Test
  void resetClearsEverything() {
    DecodedPacket p = decodeWith(PacketDecoder.ALL, udpDns(dns(1, 0x8183, name("a.b"), 1)));
    assertEquals("a.b", p.dnsQnameString());
    p.reset();
    DecodedPacket fresh = new DecodedPacket();
    for (java.lang.reflect.Field f : DecodedPacket.class.getDeclaredFields()) {
      if (f.getType().isArray() || java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
      if (f.getType() == DnsAnswers.class || f.getType() == Quic.Scratch.class) continue; // reused holders
      if (f.getName().startsWith("name")) continue; // the DNS name reader's scratch, written before read
      f.setAccessible(true);
      try {
        assertEquals(f.get(fresh), f.get(p), f.getName());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * The hot path allocates nothing: decoding the whole corpus again and again with every layer but
   * QUIC, reassembling hellos and computing every fingerprint, adds no heap bytes. QUIC decryption
   * goes through the JDK's ciphers, whose initialisation allocates: that is bounded per Initial
   * packet opened.
   */
  @Test
  void decodingAllocatesNothing() throws Exception {
    List<CorpusFrames.Frame> frames = CorpusFrames.all();
    long[] noQuic = allocated(frames, PacketDecoder.ALL & ~PacketDecoder.QUIC);
    System.out.println("decodingAllocatesNothing: " + noQuic[0] + " bytes allocated over " + noQuic[1] + " decodes");
    assertTrue(noQuic[0] < 16 * 1024, noQuic[0] + " bytes over " + noQuic[1] + " decodes");
    long[] all = allocated(frames, PacketDecoder.ALL);
    System.out.println("with QUIC: " + all[0] + " bytes over " + all[2] + " QUIC Initials");
    assertTrue(all[2] > 0 && all[0] < all[2] * 8192L, all[0] + " bytes over " + all[2] + " QUIC Initials");
  }

  /** Heap bytes, decodes and QUIC Initials of three passes over the frames, after three to warm up. */
  private static long[] allocated(List<CorpusFrames.Frame> frames, int layers) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    PacketDecoder d = new PacketDecoder(layers);
    DecodedPacket p = new DecodedPacket();
    HandshakeReassembly r = new HandshakeReassembly();
    TlsFingerprints fp = new TlsFingerprints();
    byte[] out = new byte[TlsFingerprints.JA4_LENGTH];
    long[] counts = new long[3];
    for (int pass = 0; pass < 3; pass++) decodeAll(frames, d, p, r, fp, out, new long[3]); // warm up, class loading
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    for (int pass = 0; pass < 3; pass++) decodeAll(frames, d, p, r, fp, out, counts);
    counts[0] = mx.getThreadAllocatedBytes(tid) - before;
    return counts;
  }

  private static void decodeAll(List<CorpusFrames.Frame> frames, PacketDecoder d, DecodedPacket p,
      HandshakeReassembly r, TlsFingerprints fp, byte[] out, long[] counts) {
    for (int i = 0; i < frames.size(); i++) {
      CorpusFrames.Frame f = frames.get(i);
      d.decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
      r.accept(p);
      fp.ja3(p, out, 0);
      fp.ja4(p, out, 0);
      counts[1]++;
      if (p.quicFound != Quic.NONE) counts[2]++;
    }
  }
}

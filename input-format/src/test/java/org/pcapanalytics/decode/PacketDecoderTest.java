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
    assertEquals(PacketDecoder.ALL & ~PacketDecoder.DNS & ~PacketDecoder.TLS, http.decodedLayers);
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
    assertEquals("h", TsharkFields.text(p, p.httpHostOff, p.httpHostLen));
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
      f.setAccessible(true);
      try {
        assertEquals(f.get(fresh), f.get(p), f.getName());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The hot path allocates nothing: decoding the whole corpus again and again adds no heap bytes. */
  @Test
  void decodingAllocatesNothing() throws Exception {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<CorpusFrames.Frame> frames = CorpusFrames.all();
    PacketDecoder d = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    for (int pass = 0; pass < 3; pass++) decodeAll(frames, d, p); // warm up, class loading
    long tid = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(tid);
    int n = 0;
    for (int pass = 0; pass < 3; pass++) n += decodeAll(frames, d, p);
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    System.out.println("decodingAllocatesNothing: " + allocated + " bytes allocated over " + n + " decodes");
    assertTrue(allocated < 16 * 1024, allocated + " bytes over " + n + " decodes");
  }

  private static int decodeAll(List<CorpusFrames.Frame> frames, PacketDecoder d, DecodedPacket p) {
    int n = 0;
    for (int i = 0; i < frames.size(); i++) {
      CorpusFrames.Frame f = frames.get(i);
      d.decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
      n++;
    }
    return n;
  }
}

package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Bytes;

/**
 * A real TLS ClientHello (the JA4 authors' {@code tls-handshake.pcapng}, connection 5, expected
 * {@code t13d1516h1_8daaf6152771_e5627efa2ab1}) cut into TCP segments, fed through the decoder and a
 * {@link HandshakeReassembly}: the fingerprint appears on the segment that completes the hello and
 * only there, whatever the cuts, retransmissions, reordering after the first segment, or the hello's
 * split over two TLS records; the decoder alone (tshark's per-packet view) shows it on none.
 */
class HandshakeReassemblyTest {
  static final String JA4 = "t13d1516h1_8daaf6152771_e5627efa2ab1";
  static final String SNI = "lp-push-server-452.lastpass.com";

  /** The hello's frame, decoded. */
  static final class Original {
    byte[] frame;
    DecodedPacket p = new DecodedPacket();
  }

  static Original original() throws IOException {
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    for (CorpusFrames.Frame f : CorpusFrames.read("ja4/tls-handshake.pcapng")) {
      Original o = new Original();
      o.frame = Arrays.copyOf(f.data, f.caplen);
      dec.decode(o.frame, 0, o.frame.length, f.wirelen, f.linkType, o.p);
      if (o.p.tlsHandshakeType == Tls.CLIENT_HELLO && o.p.srcPort == 50122) return o;
    }
    throw new AssertionError("hello not found");
  }

  /** The segment carrying payload bytes [from, to) of {@code payload}, source port changed by {@code portDelta}. */
  static byte[] segment(Original o, byte[] payload, int from, int to, int portDelta) {
    DecodedPacket p = o.p;
    byte[] f = Arrays.copyOf(o.frame, p.payloadOffset + (to - from));
    System.arraycopy(payload, from, f, p.payloadOffset, to - from);
    System.arraycopy(Frames.u16(p.payloadOffset - p.ipOffset + (to - from)), 0, f, p.ipOffset + 2, 2);
    long seq = (p.tcpSeq + from) & 0xFFFFFFFFL;
    for (int i = 0; i < 4; i++) f[p.transportOffset + 4 + i] = (byte) (seq >>> (24 - 8 * i));
    System.arraycopy(Frames.u16(p.srcPort + portDelta), 0, f, p.transportOffset, 2);
    return f;
  }

  static byte[] payload(Original o) {
    return Arrays.copyOfRange(o.frame, o.p.payloadOffset, o.p.payloadOffset + o.p.payloadCapLen);
  }

  /** Feeds frames in order; returns, per frame, the JA4 shown (null for none). */
  static List<String> feed(List<byte[]> frames, HandshakeReassembly r) {
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    TlsFingerprints fp = new TlsFingerprints();
    DecodedPacket p = new DecodedPacket();
    DecodedPacket alone = new DecodedPacket();
    List<String> out = new ArrayList<>();
    for (byte[] f : frames) {
      dec.decode(f, 0, f.length, f.length, 1, alone);
      assertEquals(-1, alone.tlsHandshakeType, "the decoder alone sees no whole hello");
      dec.decode(f, 0, f.length, f.length, 1, p);
      r.accept(p);
      String ja4 = fp.ja4String(p);
      if (ja4 != null) {
        assertTrue(p.tlsReassembled);
        assertEquals(SNI, TsharkFields.text(p.helloBuf, p.sniOff, p.sniLen));
        assertNull(p.decodeError);
      }
      out.add(ja4);
    }
    return out;
  }

  static List<String> feed(List<byte[]> frames) {
    return feed(frames, new HandshakeReassembly());
  }

  static List<String> only(int n, int at) {
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) l.add(i == at ? JA4 : null);
    return l;
  }

  @Test
  void theOriginalIsWholeInOneSegment() throws IOException {
    Original o = original();
    assertEquals(JA4, new TlsFingerprints().ja4String(o.p));
    assertFalse(o.p.tlsReassembled);
  }

  @Test
  void completedOnTheLastSegmentInOrderOrNot() throws IOException {
    Original o = original();
    byte[] pl = payload(o);
    byte[] s0 = segment(o, pl, 0, 100, 0), s1 = segment(o, pl, 100, 400, 0), s2 = segment(o, pl, 400, pl.length, 0);
    assertEquals(only(3, 2), feed(List.of(s0, s1, s2)));
    assertEquals(only(3, 2), feed(List.of(s0, s2, s1)), "a later segment before an earlier one");
    assertEquals(only(5, 4), feed(List.of(s0, s0, s1, s1, s2)), "retransmissions");
    assertEquals(only(2, 1), feed(List.of(segment(o, pl, 0, 6, 0), segment(o, pl, 6, pl.length, 0))),
        "the first segment holds only the record header and the message type");
    assertEquals(only(4, 3), feed(List.of(s0, segment(o, pl, 100, 400, 7), s1, s2)),
        "another connection's segment changes nothing");
  }

  @Test
  void whatIsNotCompleted() throws IOException {
    Original o = original();
    byte[] pl = payload(o);
    byte[] s0 = segment(o, pl, 0, 100, 0), s1 = segment(o, pl, 100, 400, 0), s2 = segment(o, pl, 400, pl.length, 0);
    assertEquals(only(3, -1), feed(List.of(s1, s0, s2)), "the start came after a later segment (as tshark)");
    assertEquals(only(2, -1), feed(List.of(s0, s2)), "a segment missing");
    assertEquals(only(2, -1), feed(List.of(segment(o, pl, 0, 5, 0), segment(o, pl, 5, pl.length, 0))),
        "the first segment ends before the message type");
  }

  @Test
  void helloSplitOverTwoRecords() throws IOException {
    Original o = original();
    byte[] pl = payload(o);
    int recLen = Bytes.u16be(pl, 3);
    int cut = 200;
    byte[] two = Frames.cat(Arrays.copyOfRange(pl, 0, 3), Frames.u16(cut), Arrays.copyOfRange(pl, 5, 5 + cut),
        Arrays.copyOfRange(pl, 0, 3), Frames.u16(recLen - cut), Arrays.copyOfRange(pl, 5 + cut, 5 + recLen));
    assertEquals(only(3, 2), feed(List.of(segment(o, two, 0, 150, 0), segment(o, two, 150, cut + 7, 0),
        segment(o, two, cut + 7, two.length, 0))));
    // Both records in one segment: still the decoder alone does not join them (as tshark per packet).
    assertEquals(only(2, 1), feed(List.of(segment(o, two, 0, 100, 0), segment(o, two, 100, two.length, 0))));
  }

  @Test
  void boundedLeastRecentlyUsedTable() throws IOException {
    Original o = original();
    byte[] pl = payload(o);
    HandshakeReassembly r = new HandshakeReassembly(4);
    assertEquals(4, r.capacity());
    List<byte[]> frames = new ArrayList<>();
    for (int c = 1; c <= 5; c++) frames.add(segment(o, pl, 0, 100, c)); // five connections, one set of four
    for (int c = 1; c <= 5; c++) frames.add(segment(o, pl, 100, pl.length, c));
    List<String> ja4 = feed(frames, r);
    assertEquals(Arrays.asList(null, null, null, null, null, null, JA4, JA4, JA4, JA4), ja4,
        "the oldest connection gave way to the fifth");
  }
}

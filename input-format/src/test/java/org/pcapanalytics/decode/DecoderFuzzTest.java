package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing over real frames from the shared captures (and the JA4 authors' TLS captures):
 * random bit flips, random cuts (of the captured and the reported length), splices of two frames,
 * overwritten length fields and random link types, and QUIC Initials whose decrypted payload was
 * mutated and encrypted again (so the frame and hello parsers behind the decryption get garbage
 * too). The decoder, the fingerprints and a {@link HandshakeReassembly} fed every frame must
 * return without throwing, flag only real cuts as truncated, use only their constant error
 * messages, keep every offset inside the captured bytes (or their own buffers), read nothing
 * outside {@code [off, off + caplen)}, and finish each frame quickly (a loop guard). A second test
 * cuts real ClientHellos (TCP and QUIC) into mutated pieces fed in random order and repeats.
 *
 * <p>The seed is printed; rerun one with {@code -Ddecoder.fuzz.seed=N}; a longer campaign with
 * {@code -Ddecoder.fuzz.frames=N}.
 */
class DecoderFuzzTest {
  private static final int FRAMES = Integer.getInteger("decoder.fuzz.frames", 120_000);
  private static final int[] LINK_TYPES = {0, 1, 12, 14, 101, 113, 127, 228, 229, 276, 9999};
  /** A generous bound for one frame, far above the microseconds a frame takes, far below a loop. */
  private static final long MAX_NANOS_PER_FRAME = 50_000_000L;

  @Test
  void mutatedFramesNeverBreakTheDecoder() throws Exception {
    long seed = Long.getLong("decoder.fuzz.seed", System.nanoTime());
    System.out.println("DecoderFuzzTest seed " + seed + " (rerun with -Ddecoder.fuzz.seed=" + seed + ")");
    List<CorpusFrames.Frame> corpus = corpus();
    Set<String> messages = errorConstants();
    assertTimeoutPreemptively(Duration.ofSeconds(60L * Math.max(1, FRAMES / 120_000)), () -> run(seed, corpus, messages));
  }

  /** The shared corpus and the JA4 authors' captures (more TLS and QUIC hellos). */
  static List<CorpusFrames.Frame> corpus() throws java.io.IOException {
    List<CorpusFrames.Frame> c = new java.util.ArrayList<>(CorpusFrames.all());
    for (String f : new String[] {"tls-handshake.pcapng", "latest.pcapng", "tls12.pcap", "badcurveball.pcap",
        "tls-non-ascii-alpn.pcapng", "browsers-x509.pcapng"}) {
      c.addAll(CorpusFrames.read("ja4/" + f));
    }
    return c;
  }

  /** A client Initial's version, connection id and decrypted payload, to mutate and encrypt again. */
  static final class QuicPlain {
    final int version;
    final byte[] dcid, plain;

    QuicPlain(DecodedPacket p) {
      version = p.quicVersion;
      int c = Quic.dcidOffset(p);
      dcid = Arrays.copyOfRange(p.buf, c, c + (p.buf[c - 1] & 0xFF));
      plain = Arrays.copyOf(p.quicScratch.plain, p.quicScratch.plainLen);
    }
  }

  static List<QuicPlain> quicInitials(List<CorpusFrames.Frame> corpus) {
    List<QuicPlain> out = new java.util.ArrayList<>();
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    for (CorpusFrames.Frame f : corpus) {
      dec.decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
      if (p.quicFound == Quic.CLIENT_INITIAL) out.add(new QuicPlain(p));
    }
    return out;
  }

  /** A QUIC client Initial of the corpus with its plaintext mutated, protected again. */
  static byte[] mutateQuic(SplittableRandom rnd, List<QuicPlain> initials) {
    QuicPlain q = initials.get(rnd.nextInt(initials.size()));
    byte[] plain = q.plain.clone();
    int span = Math.min(plain.length, 400);
    for (int n = 1 + rnd.nextInt(6); n > 0; n--) {
      int at = rnd.nextInt(span);
      switch (rnd.nextInt(4)) {
        case 0: plain[at] ^= (byte) (1 << rnd.nextInt(8)); break;
        case 1: plain[at] = (byte) (0x40 * rnd.nextInt(4) | rnd.nextInt(64)); break; // varint length prefixes
        case 2: plain[at] = (byte) rnd.nextInt(256); break;
        default: plain = Arrays.copyOf(plain, at); span = Math.max(1, Math.min(span, at)); break;
      }
      if (plain.length == 0) break;
    }
    try {
      return QuicTest.udpFrame(QuicTest.initial(q.version, q.dcid, rnd.nextInt(4), plain), 40000 + rnd.nextInt(4), 443,
          false);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(long seed, List<CorpusFrames.Frame> corpus, Set<String> messages) {
    SplittableRandom rnd = new SplittableRandom(seed);
    PacketDecoder all = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    DecodedPacket q = new DecodedPacket();
    HandshakeReassembly reassembly = new HandshakeReassembly(64);
    TlsFingerprints fp = new TlsFingerprints();
    List<QuicPlain> initials = quicInitials(corpus);
    long maxNanos = 0;
    int errors = 0, truncated = 0, names = 0, snis = 0, requests = 0, hellos = 0, ja4s = 0, answers = 0, quic = 0;
    java.util.Map<String, Integer> byError = new java.util.TreeMap<>();
    for (int i = 0; i < FRAMES; i++) {
      boolean quicMutant = rnd.nextInt(32) == 0;
      byte[] frame = quicMutant ? mutateQuic(rnd, initials) : mutate(rnd, corpus);
      int caplen = frame.length;
      int wirelen = wirelen(rnd, caplen);
      int linkType = rnd.nextInt(10) < 8 ? corpus.get(rnd.nextInt(corpus.size())).linkType
          : LINK_TYPES[rnd.nextInt(LINK_TYPES.length)];
      if (rnd.nextInt(4) == 0 || quicMutant) linkType = 1;
      PacketDecoder dec = rnd.nextInt(8) == 0 ? new PacketDecoder(rnd.nextInt(PacketDecoder.ALL + 1)) : all;
      final int it = i, lt = linkType;
      final byte[] fr = frame;
      Supplier<String> what = () -> "iteration " + it + " (seed " + seed + "), linktype " + lt + ", caplen " + caplen
          + ", wirelen " + wirelen + ", bytes " + hex(fr);

      long t0 = System.nanoTime();
      try {
        dec.decode(frame, 0, caplen, wirelen, linkType, p);
        fingerprints(p, fp);
      } catch (RuntimeException e) {
        throw new AssertionError("decoder threw on " + what.get(), e);
      }
      long took = System.nanoTime() - t0;
      // A slow frame is timed again: JIT compilation and GC pauses vanish, a loop does not.
      for (int again = 0; again < 3 && took > MAX_NANOS_PER_FRAME / 10; again++) {
        long t1 = System.nanoTime();
        dec.decode(frame, 0, caplen, wirelen, linkType, p);
        fingerprints(p, fp);
        took = Math.min(took, System.nanoTime() - t1);
      }
      maxNanos = Math.max(maxNanos, took);
      check(p, 0, caplen, wirelen, messages, what);
      if (p.decodeError != null) {
        errors++;
        byError.merge(p.decodeError, 1, Integer::sum);
      }
      if (p.dnsQnameLen >= 0) names++;
      if (p.sniOff >= 0) snis++;
      if (p.httpMethodOff >= 0) requests++;
      if (p.truncated) truncated++;
      if (p.tlsHandshakeType > 0) hellos++;
      if (p.dnsAnswers != null && p.dnsAnswers.size() > 0) answers++;
      if (p.quicFound == Quic.CLIENT_INITIAL) quic++;

      // The same frame inside a larger buffer of junk: the result must be the same, shifted.
      if ((i & 1) == 0) {
        int off = rnd.nextInt(64);
        byte[] big = new byte[off + caplen + rnd.nextInt(64)];
        for (int k = 0; k < big.length; k++) big[k] = (byte) rnd.nextInt(256);
        System.arraycopy(frame, 0, big, off, caplen);
        dec.decode(big, off, caplen, wirelen, linkType, q);
        check(q, off, caplen, wirelen, messages, what);
        sameDecode(p, q, off, what);
      }

      // Then the reader's state: whatever the frame, the reassembly takes it in bounded time. It
      // cannot be timed again, so this thread's CPU time is measured: GC and JIT run elsewhere.
      long t2 = cpuNanos();
      try {
        reassembly.accept(p);
        if (fingerprints(p, fp) == TlsFingerprints.JA4_LENGTH) ja4s++;
      } catch (RuntimeException e) {
        throw new AssertionError("reassembly threw on " + what.get(), e);
      }
      long tookR = cpuNanos() - t2;
      if (i > 1000) assertTrue(tookR < MAX_NANOS_PER_FRAME, () -> "reassembly took " + tookR + " ns on " + what.get());
      check(p, 0, caplen, wirelen, messages, what);
    }
    System.out.printf("DecoderFuzzTest: %d frames, %d with decode_error, %d truncated, %d DNS names, %d SNIs,"
        + " %d HTTP requests, %d hellos, %d JA4, %d answer sections, %d QUIC Initials opened, slowest frame %.3f ms%n",
        FRAMES, errors, truncated, names, snis, requests, hellos, ja4s, answers, quic, maxNanos / 1e6);
    byError.forEach((e, n) -> System.out.printf("  %7d x %s%n", n, e));
    assertTrue(maxNanos < MAX_NANOS_PER_FRAME, "a frame took " + maxNanos + " ns: possible loop");
  }

  /**
   * Real ClientHellos (over TCP, and QUIC's) cut into two to five pieces, a few bytes mutated, sent
   * as segments / Initials in random order with repeats: the reassembly never throws, stays fast,
   * and every hello it reports lies inside its buffer.
   */
  @Test
  void helloPiecesInAnyOrderNeverBreakTheReassembly() throws Exception {
    long seed = Long.getLong("decoder.fuzz.seed", System.nanoTime());
    System.out.println("DecoderFuzzTest reassembly seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<CorpusFrames.Frame> corpus = corpus();
    Set<String> messages = errorConstants();
    List<HandshakeReassemblyTest.Original> tcp = new java.util.ArrayList<>();
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    for (CorpusFrames.Frame f : corpus) {
      HandshakeReassemblyTest.Original o = new HandshakeReassemblyTest.Original();
      o.frame = Arrays.copyOf(f.data, f.caplen);
      dec.decode(o.frame, 0, o.frame.length, o.frame.length, f.linkType, o.p);
      if (f.linkType == 1 && o.p.ipVersion == 4 && o.p.tlsHandshakeType == Tls.CLIENT_HELLO && o.p.helloBuf == o.p.buf
          && o.p.payloadCapLen == o.p.payloadLen) {
        tcp.add(o);
      }
    }
    List<QuicPlain> quic = quicInitials(corpus);
    List<byte[]> quicHellos = new java.util.ArrayList<>();
    DecodedPacket p = new DecodedPacket();
    for (QuicPlain q : quic) {
      byte[] f = QuicTest.udpFrame(QuicTest.initial(q.version, q.dcid, 0, q.plain), 1, 443, false);
      dec.decode(f, 0, f.length, f.length, 1, p);
      if (p.tlsHandshakeType == Tls.CLIENT_HELLO) {
        quicHellos.add(Arrays.copyOf(p.quicScratch.crypto.data, p.quicScratch.crypto.contiguous()));
      }
    }
    assertTrue(tcp.size() > 50 && quicHellos.size() >= 11,
        tcp.size() + " TCP and " + quicHellos.size() + " QUIC hellos");
    HandshakeReassembly r = new HandshakeReassembly(16);
    TlsFingerprints fp = new TlsFingerprints();
    int completed = 0;
    for (int it = 0; it < 3000; it++) {
      boolean isQuic = rnd.nextInt(3) == 0;
      byte[] data = isQuic ? quicHellos.get(rnd.nextInt(quicHellos.size())).clone() : null;
      HandshakeReassemblyTest.Original o = isQuic ? null : tcp.get(rnd.nextInt(tcp.size()));
      if (!isQuic) data = HandshakeReassemblyTest.payload(o);
      for (int n = rnd.nextInt(4); n > 0; n--) data[rnd.nextInt(data.length)] = (byte) rnd.nextInt(256);
      int pieces = 2 + rnd.nextInt(4);
      int[] cuts = new int[pieces + 1];
      cuts[pieces] = data.length;
      for (int k = 1; k < pieces; k++) cuts[k] = rnd.nextInt(data.length + 1);
      Arrays.sort(cuts);
      List<byte[]> frames = new java.util.ArrayList<>();
      byte[] dcid = {(byte) it, (byte) (it >> 8), 7, 7};
      for (int k = 0; k < pieces; k++) {
        if (isQuic) {
          frames.add(QuicTest.udpFrame(QuicTest.initial(rnd.nextBoolean() ? Quic.V1 : Quic.V2, dcid, k,
              QuicTest.crypto(data, cuts[k], cuts[k + 1])), 50000 + it % 7, 443, false));
        } else {
          frames.add(HandshakeReassemblyTest.segment(o, data, cuts[k], cuts[k + 1], it % 7));
        }
      }
      for (int k = rnd.nextInt(3); k > 0; k--) frames.add(frames.get(rnd.nextInt(frames.size())));
      for (int k = frames.size() - 1; k > 0; k--) { // shuffle, keeping the first piece first half the time
        int j = rnd.nextInt(k + 1);
        if (rnd.nextBoolean() && (j == 0 || k == 0)) continue;
        byte[] t = frames.get(k);
        frames.set(k, frames.get(j));
        frames.set(j, t);
      }
      for (byte[] f : frames) {
        final byte[] fr = f;
        Supplier<String> what = () -> "reassembly seed " + seed + ", frame " + hex(fr);
        long t0 = cpuNanos();
        dec.decode(f, 0, f.length, f.length, 1, p);
        r.accept(p);
        if (fingerprints(p, fp) > 0 && p.tlsReassembled) completed++;
        long took = cpuNanos() - t0;
        if (it > 300) assertTrue(took < MAX_NANOS_PER_FRAME, () -> took + " ns (after warming up) on " + what.get());
        check(p, 0, f.length, f.length, messages, what);
      }
    }
    System.out.println("DecoderFuzzTest: 3000 hellos in pieces, " + completed + " completed with a JA4");
    assertTrue(completed > 300, "pieces rarely make a hello again: " + completed);
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static long cpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static final byte[] PAYLOAD_BYTES = {0, 1, 2, 3, 12, 0x16, 0x3F, 0x40, (byte) 0x80, (byte) 0xC0,
      (byte) 0xFF, ' ', ':', '\r', '\n'};
  private static final PacketDecoder SCRATCH = new PacketDecoder(PacketDecoder.TRANSPORT);
  private static final DecodedPacket SCRATCH_OUT = new DecodedPacket();

  /** One of the mutations, applied to a copy of a corpus frame. */
  private static byte[] mutate(SplittableRandom rnd, List<CorpusFrames.Frame> corpus) {
    CorpusFrames.Frame base = corpus.get(rnd.nextInt(corpus.size()));
    byte[] f = base.data.clone();
    int kinds = 1 + rnd.nextInt(3);
    for (int k = 0; k < kinds; k++) {
      switch (rnd.nextInt(6)) {
        case 0: // flip a few bits, biased towards the headers
          for (int n = 1 + rnd.nextInt(8); n > 0 && f.length > 0; n--) {
            int at = rnd.nextInt(4) == 0 ? rnd.nextInt(f.length) : rnd.nextInt(Math.min(f.length, 96));
            f[at] ^= (byte) (1 << rnd.nextInt(8));
          }
          break;
        case 1: // cut
          f = Arrays.copyOf(f, rnd.nextInt(f.length + 1));
          break;
        case 2: { // splice: head of this frame, tail of another
          byte[] g = corpus.get(rnd.nextInt(corpus.size())).data;
          int a = rnd.nextInt(f.length + 1);
          int b = rnd.nextInt(g.length + 1);
          byte[] s = Arrays.copyOf(f, a + g.length - b);
          System.arraycopy(g, b, s, a, g.length - b);
          f = s;
          break;
        }
        case 3: // a length-like field set to an extreme
          if (f.length >= 2) {
            int at = rnd.nextInt(Math.min(f.length - 1, 120));
            int v = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(3) == 0 ? 0xFF : rnd.nextInt(256);
            f[at] = (byte) v;
            f[at + 1] = (byte) (rnd.nextBoolean() ? v : rnd.nextInt(256));
          }
          break;
        case 4: { // application payload: bytes that look like lengths, labels, pointers, record types
          SCRATCH.decode(f, 0, f.length, f.length, base.linkType, SCRATCH_OUT);
          int from = SCRATCH_OUT.payloadOffset;
          if (from < 0 || from >= f.length) break;
          for (int n = 1 + rnd.nextInt(12); n > 0; n--) {
            int at = from + rnd.nextInt(Math.min(f.length - from, 300));
            f[at] = PAYLOAD_BYTES[rnd.nextInt(PAYLOAD_BYTES.length)];
            if (rnd.nextInt(4) == 0) f[at] = (byte) (0xC0 | rnd.nextInt(64));
          }
          break;
        }
        default: // random bytes over a window
          if (f.length > 0) {
            int at = rnd.nextInt(f.length);
            for (int n = rnd.nextInt(16); n > 0 && at < f.length; n--) f[at++] = (byte) rnd.nextInt(256);
          }
          break;
      }
    }
    return f;
  }

  private static int wirelen(SplittableRandom rnd, int caplen) {
    switch (rnd.nextInt(6)) {
      case 0: return caplen + rnd.nextInt(2000);
      case 1: return rnd.nextInt(caplen + 1); // bogus: shorter than captured
      case 2: return Integer.MAX_VALUE - rnd.nextInt(3);
      default: return caplen;
    }
  }

  /** Every fingerprint of the packet; returns what JA4 returned. */
  private static int fingerprints(DecodedPacket p, TlsFingerprints fp) {
    byte[] out = new byte[TlsFingerprints.JA4_LENGTH];
    int ja3 = fp.ja3(p, out, 0);
    if (ja3 != -1 && ja3 != TlsFingerprints.JA3_LENGTH) fail("ja3 length " + ja3);
    int ja4 = fp.ja4(p, out, 0);
    if (ja4 != -1 && ja4 != TlsFingerprints.JA4_LENGTH) fail("ja4 length " + ja4);
    return ja4;
  }

  private static void check(DecodedPacket p, int off, int caplen, int wirelen, Set<String> messages, Supplier<String> what) {
    int end = off + caplen;
    if (p.decodeError != null && !messages.contains(p.decodeError)) fail("not a constant message: " + p.decodeError + " on " + what.get());
    if (p.truncated && caplen >= wirelen) fail("truncated although caplen >= wirelen on " + what.get());
    // Hello offsets index the frame, or the decoder's / reassembly's own buffer.
    boolean inFrame = p.helloBuf == p.buf;
    int hOff = inFrame ? off : 0, hEnd = inFrame ? end : p.helloBuf == null ? 0 : p.helloBuf.length;
    if (p.tlsHandshakeType > 0 && p.helloBuf == null) fail("a hello without its buffer on " + what.get());
    inside(p.sniOff, p.sniLen, hOff, hEnd, "sni", what);
    inside(p.tlsSupportedVersionsOff, p.tlsSupportedVersionsLen, hOff, hEnd, "supported versions", what);
    inside(p.tlsAlpnOff, p.tlsAlpnLen, hOff, hEnd, "alpn", what);
    inside(p.tlsCiphersOff, p.tlsCiphersLen, hOff, hEnd, "ciphers", what);
    inside(p.tlsExtensionsOff, p.tlsExtensionsLen, hOff, hEnd, "extensions", what);
    inside(p.httpMethodOff, p.httpMethodLen, off, end, "http method", what);
    inside(p.httpUriOff, p.httpUriLen, off, end, "http uri", what);
    inside(p.httpHostOff, p.httpHostLen, off, end, "http host", what);
    inside(p.httpUserAgentOff, p.httpUserAgentLen, off, end, "http user agent", what);
    inside(p.httpContentTypeOff, p.httpContentTypeLen, off, end, "http content type", what);
    if (p.dnsAnswers != null) {
      DnsAnswers a = p.dnsAnswers;
      if (a.size() > DnsAnswers.MAX || a.size() > Math.max(p.dnsAnswerCount, 0)) {
        fail("answers " + a.size() + " on " + what.get());
      }
      for (int i = 0; i < a.size(); i++) {
        inside(a.nameOff(i), a.nameLen(i), 0, a.text().length, "answer name", what);
        inside(a.dataOff(i), a.dataLen(i), 0, a.text().length, "answer data", what);
      }
    }
    if (p.payloadOffset >= 0) inside(p.payloadOffset, Math.max(p.payloadCapLen, 0), off, end, "payload", what);
    if (p.dnsQnameLen > p.dnsQname.length || p.vlanCount > 8) fail("field overflow on " + what.get());
    if (p.ipVersion != 0 && p.ipVersion != 4 && p.ipVersion != 6) fail("ip version " + p.ipVersion + " on " + what.get());
  }

  private static void inside(int o, int len, int off, int end, String field, Supplier<String> what) {
    if (o < 0 && len < 0) return;
    if (o < off || len < 0 || o > end || len > end - o) fail(field + " [" + o + "+" + len + "] outside the frame on " + what.get());
  }

  /** Decoding at offset {@code off} must give the decode at 0, with every buffer offset shifted. */
  private static void sameDecode(DecodedPacket a, DecodedPacket b, int off, Supplier<String> what) {
    if (same(a, b, off)) return;
    String ctx = " differs inside a larger buffer on " + what.get();
    assertEquals(a.decodeError, b.decodeError, "error" + ctx);
    assertEquals(a.truncated, b.truncated, "truncated" + ctx);
    assertEquals(a.ethType, b.ethType, "ethType" + ctx);
    assertEquals(a.ethSrc, b.ethSrc, "ethSrc" + ctx);
    assertEquals(a.vlanCount, b.vlanCount, "vlans" + ctx);
    assertEquals(a.ipVersion, b.ipVersion, "ip version" + ctx);
    assertEquals(a.srcLo ^ a.srcHi ^ a.dstLo ^ a.dstHi, b.srcLo ^ b.srcHi ^ b.dstLo ^ b.dstHi, "addresses" + ctx);
    assertEquals(a.ipProto, b.ipProto, "ipProto" + ctx);
    assertEquals(a.srcPort, b.srcPort, "srcPort" + ctx);
    assertEquals(a.dstPort, b.dstPort, "dstPort" + ctx);
    assertEquals(a.tcpFlags, b.tcpFlags, "tcpFlags" + ctx);
    assertEquals(a.payloadLen, b.payloadLen, "payloadLen" + ctx);
    assertEquals(a.payloadCapLen, b.payloadCapLen, "payloadCapLen" + ctx);
    assertEquals(shift(a.payloadOffset, off), b.payloadOffset, "payloadOffset" + ctx);
    assertEquals(a.icmpType, b.icmpType, "icmpType" + ctx);
    assertEquals(a.dnsId, b.dnsId, "dnsId" + ctx);
    assertEquals(a.dnsQtype, b.dnsQtype, "dnsQtype" + ctx);
    assertEquals(a.dnsQnameString(), b.dnsQnameString(), "dnsQname" + ctx);
    assertEquals(helloShift(a, a.sniOff, off), b.sniOff, "sniOff" + ctx);
    assertEquals(a.sniLen, b.sniLen, "sniLen" + ctx);
    assertEquals(a.tlsHandshakeType, b.tlsHandshakeType, "hello type" + ctx);
    assertEquals(a.tlsLegacyVersion, b.tlsLegacyVersion, "legacy version" + ctx);
    assertEquals(a.tlsVersion, b.tlsVersion, "version" + ctx);
    assertEquals(helloShift(a, a.tlsAlpnOff, off), b.tlsAlpnOff, "alpn" + ctx);
    assertEquals(a.tlsAlpnLen, b.tlsAlpnLen, "alpnLen" + ctx);
    assertEquals(helloShift(a, a.tlsExtensionsOff, off), b.tlsExtensionsOff, "extensions" + ctx);
    assertEquals(a.tlsExtensionsLen, b.tlsExtensionsLen, "extensionsLen" + ctx);
    assertEquals(a.tlsCiphersLen, b.tlsCiphersLen, "ciphersLen" + ctx);
    assertEquals(a.dnsQclass, b.dnsQclass, "dnsQclass" + ctx);
    assertEquals(a.dnsAnswerCount, b.dnsAnswerCount, "dnsAnswerCount" + ctx);
    assertEquals(answersText(a), answersText(b), "answers" + ctx);
    assertEquals(a.httpStatus, b.httpStatus, "httpStatus" + ctx);
    assertEquals(shift(a.httpUserAgentOff, off), b.httpUserAgentOff, "httpUserAgentOff" + ctx);
    assertEquals(a.httpUserAgentLen, b.httpUserAgentLen, "httpUserAgentLen" + ctx);
    assertEquals(shift(a.httpContentTypeOff, off), b.httpContentTypeOff, "httpContentTypeOff" + ctx);
    assertEquals(a.httpContentTypeLen, b.httpContentTypeLen, "httpContentTypeLen" + ctx);
    assertEquals(shift(a.httpMethodOff, off), b.httpMethodOff, "httpMethodOff" + ctx);
    assertEquals(a.httpUriLen, b.httpUriLen, "httpUriLen" + ctx);
    assertEquals(shift(a.httpHostOff, off), b.httpHostOff, "httpHostOff" + ctx);
    assertEquals(a.httpHostLen, b.httpHostLen, "httpHostLen" + ctx);
  }

  private static boolean same(DecodedPacket a, DecodedPacket b, int off) {
    return a.decodeError == b.decodeError && a.truncated == b.truncated && a.ethType == b.ethType && a.ethSrc == b.ethSrc
        && a.vlanCount == b.vlanCount && a.ipVersion == b.ipVersion && a.srcLo == b.srcLo && a.srcHi == b.srcHi
        && a.dstLo == b.dstLo && a.dstHi == b.dstHi && a.ipProto == b.ipProto && a.srcPort == b.srcPort
        && a.dstPort == b.dstPort && a.tcpFlags == b.tcpFlags && a.payloadLen == b.payloadLen
        && a.payloadCapLen == b.payloadCapLen && shift(a.payloadOffset, off) == b.payloadOffset
        && a.icmpType == b.icmpType && a.dnsId == b.dnsId && a.dnsQtype == b.dnsQtype && a.dnsQnameLen == b.dnsQnameLen
        && Arrays.equals(a.dnsQname, 0, Math.max(a.dnsQnameLen, 0), b.dnsQname, 0, Math.max(b.dnsQnameLen, 0))
        && helloShift(a, a.sniOff, off) == b.sniOff && a.sniLen == b.sniLen
        && shift(a.httpMethodOff, off) == b.httpMethodOff
        && a.httpUriLen == b.httpUriLen && shift(a.httpHostOff, off) == b.httpHostOff && a.httpHostLen == b.httpHostLen
        && a.tlsHandshakeType == b.tlsHandshakeType && a.tlsLegacyVersion == b.tlsLegacyVersion
        && a.tlsVersion == b.tlsVersion && helloShift(a, a.tlsAlpnOff, off) == b.tlsAlpnOff
        && a.tlsAlpnLen == b.tlsAlpnLen
        && helloShift(a, a.tlsExtensionsOff, off) == b.tlsExtensionsOff && a.tlsExtensionsLen == b.tlsExtensionsLen
        && a.tlsCiphersLen == b.tlsCiphersLen && a.dnsQclass == b.dnsQclass && a.dnsAnswerCount == b.dnsAnswerCount
        && answersText(a).equals(answersText(b)) && a.httpStatus == b.httpStatus
        && shift(a.httpUserAgentOff, off) == b.httpUserAgentOff && a.httpUserAgentLen == b.httpUserAgentLen
        && shift(a.httpContentTypeOff, off) == b.httpContentTypeOff && a.httpContentTypeLen == b.httpContentTypeLen;
  }

  private static int shift(int o, int off) {
    return o < 0 ? o : o + off;
  }

  /** A hello offset moves with the frame only when it indexes the frame (not a decrypted hello). */
  private static int helloShift(DecodedPacket p, int o, int off) {
    return p.helloBuf == p.buf ? shift(o, off) : o;
  }

  private static String answersText(DecodedPacket p) {
    if (p.dnsAnswers == null) return "";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.dnsAnswers.size(); i++) {
      sb.append(p.dnsAnswers.name(i)).append(' ').append(p.dnsAnswers.type(i)).append(' ').append(p.dnsAnswers.ttl(i))
          .append(' ').append(p.dnsAnswers.data(i)).append('\n');
    }
    return sb.toString();
  }

  /** Every public constant String of the decoder classes: the only allowed decode_error values. */
  static Set<String> errorConstants() {
    Set<String> s = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Class<?> c : new Class<?>[] {PacketDecoder.class, LinkLayer.class, Ipv4.class, Ipv6.class, Tcp.class, Udp.class,
        Icmp.class, Sctp.class, Dns.class, Tls.class, Http.class, Quic.class}) {
      for (Field f : c.getDeclaredFields()) {
        int m = f.getModifiers();
        if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
          try {
            s.add((String) f.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return s;
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xFF));
    return sb.toString();
  }
}

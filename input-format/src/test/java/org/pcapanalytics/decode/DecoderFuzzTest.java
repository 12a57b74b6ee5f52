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
 * Mutation fuzzing over real frames from the shared captures: random bit flips, random cuts (of
 * the captured and the reported length), splices of two frames, overwritten length fields and
 * random link types. The decoder must return without throwing, flag only real cuts as truncated,
 * use only its constant error messages, keep every offset inside the captured bytes, read nothing
 * outside {@code [off, off + caplen)}, and finish each frame quickly (a loop guard).
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
    List<CorpusFrames.Frame> corpus = CorpusFrames.all();
    Set<String> messages = errorConstants();
    assertTimeoutPreemptively(Duration.ofSeconds(60L * Math.max(1, FRAMES / 120_000)), () -> run(seed, corpus, messages));
  }

  private static void run(long seed, List<CorpusFrames.Frame> corpus, Set<String> messages) {
    SplittableRandom rnd = new SplittableRandom(seed);
    PacketDecoder all = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    DecodedPacket q = new DecodedPacket();
    long maxNanos = 0;
    int errors = 0, truncated = 0, names = 0, snis = 0, requests = 0;
    java.util.Map<String, Integer> byError = new java.util.TreeMap<>();
    for (int i = 0; i < FRAMES; i++) {
      byte[] frame = mutate(rnd, corpus);
      int caplen = frame.length;
      int wirelen = wirelen(rnd, caplen);
      int linkType = rnd.nextInt(10) < 8 ? corpus.get(rnd.nextInt(corpus.size())).linkType
          : LINK_TYPES[rnd.nextInt(LINK_TYPES.length)];
      if (rnd.nextInt(4) == 0) linkType = 1;
      PacketDecoder dec = rnd.nextInt(8) == 0 ? new PacketDecoder(rnd.nextInt(64)) : all;
      final int it = i, lt = linkType;
      final byte[] fr = frame;
      Supplier<String> what = () -> "iteration " + it + " (seed " + seed + "), linktype " + lt + ", caplen " + caplen
          + ", wirelen " + wirelen + ", bytes " + hex(fr);

      long t0 = System.nanoTime();
      try {
        dec.decode(frame, 0, caplen, wirelen, linkType, p);
      } catch (RuntimeException e) {
        throw new AssertionError("decoder threw on " + what.get(), e);
      }
      long took = System.nanoTime() - t0;
      // A slow frame is timed again: JIT compilation and GC pauses vanish, a loop does not.
      for (int again = 0; again < 3 && took > MAX_NANOS_PER_FRAME / 10; again++) {
        long t1 = System.nanoTime();
        dec.decode(frame, 0, caplen, wirelen, linkType, p);
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
    }
    System.out.printf("DecoderFuzzTest: %d frames, %d with decode_error, %d truncated, %d DNS names, %d SNIs,"
        + " %d HTTP requests, slowest frame %.3f ms%n", FRAMES, errors, truncated, names, snis, requests, maxNanos / 1e6);
    byError.forEach((e, n) -> System.out.printf("  %7d x %s%n", n, e));
    assertTrue(maxNanos < MAX_NANOS_PER_FRAME, "a frame took " + maxNanos + " ns: possible loop");
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

  private static void check(DecodedPacket p, int off, int caplen, int wirelen, Set<String> messages, Supplier<String> what) {
    int end = off + caplen;
    if (p.decodeError != null && !messages.contains(p.decodeError)) fail("not a constant message: " + p.decodeError + " on " + what.get());
    if (p.truncated && caplen >= wirelen) fail("truncated although caplen >= wirelen on " + what.get());
    inside(p.sniOff, p.sniLen, off, end, "sni", what);
    inside(p.httpMethodOff, p.httpMethodLen, off, end, "http method", what);
    inside(p.httpUriOff, p.httpUriLen, off, end, "http uri", what);
    inside(p.httpHostOff, p.httpHostLen, off, end, "http host", what);
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
    assertEquals(shift(a.sniOff, off), b.sniOff, "sniOff" + ctx);
    assertEquals(a.sniLen, b.sniLen, "sniLen" + ctx);
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
        && shift(a.sniOff, off) == b.sniOff && a.sniLen == b.sniLen && shift(a.httpMethodOff, off) == b.httpMethodOff
        && a.httpUriLen == b.httpUriLen && shift(a.httpHostOff, off) == b.httpHostOff && a.httpHostLen == b.httpHostLen;
  }

  private static int shift(int o, int off) {
    return o < 0 ? o : o + off;
  }

  /** Every public constant String of the decoder classes: the only allowed decode_error values. */
  static Set<String> errorConstants() {
    Set<String> s = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Class<?> c : new Class<?>[] {PacketDecoder.class, LinkLayer.class, Ipv4.class, Ipv6.class, Tcp.class, Udp.class,
        Icmp.class, Dns.class, Tls.class, Http.class}) {
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

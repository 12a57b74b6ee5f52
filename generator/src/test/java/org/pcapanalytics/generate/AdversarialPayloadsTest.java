package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * The fake container structures in payloads, found the way a boundary finder that starts inside a record
 * would find them: plausible headers chained by their lengths, ending exactly where the next real record begins.
 */
class AdversarialPayloadsTest {
  private static final long MB = 1 << 20;

  static Stream<Arguments> pcapFiles() {
    return Stream.of(
        Arguments.of("pcap LE", Generated.options(MB, 1)),
        Arguments.of("pcap BE", Generated.options(MB, 2).byteOrder(ByteOrder.BIG_ENDIAN)),
        Arguments.of("pcap-ns LE", Generated.options(MB, 3).format(CaptureFormat.PCAP_NS)),
        Arguments.of("pcap-ns BE SLL", Generated.options(MB, 4).format(CaptureFormat.PCAP_NS).linkType(113)
            .byteOrder(ByteOrder.BIG_ENDIAN)),
        Arguments.of("pcap snaplen 128", Generated.options(MB, 5).snaplen(128)));
  }

  static Stream<Arguments> pcapngFiles() {
    return Stream.of(
        Arguments.of("pcapng LE", Generated.options(MB, 6).format(CaptureFormat.PCAPNG)),
        Arguments.of("pcapng BE", Generated.options(MB, 7).format(CaptureFormat.PCAPNG)
            .byteOrder(ByteOrder.BIG_ENDIAN)),
        Arguments.of("pcapng mixed sections", Generated.options(2 * MB, 8).format(CaptureFormat.PCAPNG)
            .interfaces(4).sections(3).alternateSectionByteOrder(true)),
        Arguments.of("pcapng snaplen 200", Generated.options(MB, 9).format(CaptureFormat.PCAPNG).snaplen(200)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pcapFiles")
  void pcapRecordChainsEndExactlyAtRealRecordBoundaries(String name, GeneratorOptions.Builder b) {
    Generated g = Generated.of(b.build());
    CaptureWalker.Result w = g.walk();
    Set<Long> boundaries = new HashSet<>();
    w.records.forEach(r -> boundaries.add(r.blockOffset()));
    int found = 0;
    for (int i = 0; i < w.records.size(); i++) {
      CaptureWalker.Rec r = w.records.get(i);
      int start = pcapChainStart(g.bytes(), r, w);
      if (start < 0) {
        continue;
      }
      found++;
      assertFalse(boundaries.contains((long) start), "a fake chain starts inside the record");
      if (i + 1 < w.records.size()) {
        // the finder walks from the fake chain straight into the next real records
        int q = start;
        int hops = 0;
        while (q + 16 <= g.bytes().length && plausiblePcap(g.bytes(), q, r, w) && hops < 1000) {
          q += 16 + ByteBuffer.wrap(g.bytes()).order(r.order()).getInt(q + 8);
          hops++;
          if (q == w.records.get(Math.min(i + 3, w.records.size() - 1)).blockOffset()) {
            break;
          }
        }
        assertTrue(boundaries.contains((long) q), "lands on a real record boundary: record " + i + " at "
            + r.blockOffset() + " chain " + start + " stopped at " + q + " after " + hops);
      }
    }
    GenerationSummary s = g.summary();
    assertEquals(s.count(Counter.ADVERSARIAL_CHAINS_AT_RECORD_END), found);
    assertTrue(found >= 24, "dozens of adversarial records per MB: " + found);
    assertTrue(s.count(Counter.FAKE_RECORDS) >= found);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pcapngFiles")
  void pcapngBlockChainsAreFileAlignedAndEndAtCapturedEnd(String name, GeneratorOptions.Builder b) {
    Generated g = Generated.of(b.build());
    CaptureWalker.Result w = g.walk();
    int found = 0;
    for (CaptureWalker.Rec r : w.records) {
      if (pcapngChainStart(g.bytes(), r, w.interfaces.get(r.section()).size()) >= 0) {
        found++;
      }
    }
    GenerationSummary s = g.summary();
    assertEquals(s.count(Counter.ADVERSARIAL_CHAINS_AT_RECORD_END), found);
    assertTrue(found >= 24, "dozens of adversarial records per MB: " + found);
  }

  @Test
  void fakeFileHeadersAppearInPayloads() {
    for (CaptureFormat f : CaptureFormat.values()) {
      Generated g = Generated.of(Generated.options(2 * MB, 11).format(f).build());
      long magics = 0;
      for (CaptureWalker.Rec r : g.walk().records) {
        FrameView v = new FrameView(g.bytes(), r);
        if (v.payloadOff < 0) {
          continue;
        }
        for (int p = v.payloadOff; p + 4 <= v.payloadOff + v.payloadLen; p++) {
          int x = ByteBuffer.wrap(g.bytes()).order(ByteOrder.BIG_ENDIAN).getInt(p);
          if (x == 0xa1b2c3d4 || x == 0xd4c3b2a1 || x == 0xa1b23c4d || x == 0x4d3cb2a1 || x == 0x0A0D0D0A) {
            magics++;
          }
        }
      }
      long expected = g.summary().count(Counter.FAKE_FILE_HEADERS);
      assertTrue(expected > 0, f.cliName());
      assertTrue(magics >= expected, f.cliName() + ": " + magics + " < " + expected);
    }
  }

  @Test
  void noFakeStructuresWhenDisabled() {
    for (CaptureFormat f : CaptureFormat.values()) {
      Generated g = Generated.of(Generated.options(MB, 12).format(f).adversarial(false).build());
      for (Counter c : new Counter[] {Counter.ADVERSARIAL_RECORDS, Counter.ADVERSARIAL_CHAINS_AT_RECORD_END,
        Counter.FAKE_RECORDS, Counter.FAKE_FILE_HEADERS}) {
        assertEquals(0, g.summary().count(c), c.name());
      }
      CaptureWalker.Result w = g.walk();
      long chains = w.records.stream().filter(r -> f == CaptureFormat.PCAPNG
          ? pcapngChainStart(g.bytes(), r, w.interfaces.get(r.section()).size()) >= 0
          : pcapChainStart(g.bytes(), r, w) >= 0).count();
      assertEquals(0, chains, f.cliName());
    }
  }

  @Test
  void chainsFillAnyRangeExactly() {
    SplittableRandom r = new SplittableRandom(3);
    byte[] pool = new byte[1 << 16];
    r.nextBytes(pool);
    List<CaptureInterface> ifaces = List.of(new CaptureInterface(0, 1, -1, 0, "a"),
        new CaptureInterface(1, 113, 9, 0, "b"));
    for (CaptureFormat f : CaptureFormat.values()) {
      for (int snaplen : new int[] {64, 96, 1500, 262144}) {
        AdversarialPayloads adv = new AdversarialPayloads(f, snaplen, 1, ifaces, pool);
        for (int k = 0; k < 2000; k++) {
          int start = 4 * r.nextInt(100);
          int end = start + 4 * r.nextInt(3000);
          byte[] b = new byte[end + 16];
          boolean little = r.nextBoolean();
          int n = adv.chain(b, start, end, little, 1_772_409_600_000_000_000L, r);
          assertEquals(end - start >= adv.minChainBytes(), n > 0, f + " " + start + ".." + end);
          if (n == 0) {
            continue;
          }
          ByteBuffer bb = ByteBuffer.wrap(b).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
          int p = start;
          int count = 0;
          while (p < end) {
            int len;
            if (f == CaptureFormat.PCAPNG) {
              len = bb.getInt(p + 4);
              assertEquals(6, bb.getInt(p));
              assertEquals(len, bb.getInt(p + len - 4));
              assertTrue(bb.getInt(p + 20) <= snaplen);
            } else {
              len = 16 + bb.getInt(p + 8);
              assertTrue(bb.getInt(p + 8) <= snaplen && bb.getInt(p + 8) <= bb.getInt(p + 12));
            }
            p += len;
            count++;
          }
          assertEquals(end, p);
          assertEquals(n, count);
        }
      }
    }
  }

  // ------------------------------------------------------------------ a naive boundary finder

  /** Whether a 16-byte pcap record header at {@code p} is plausible for this file. */
  static boolean plausiblePcap(byte[] f, int p, CaptureWalker.Rec near, CaptureWalker.Result w) {
    if (p + 16 > f.length) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(f).order(near.order());
    long sec = b.getInt(p) & 0xFFFF_FFFFL;
    long frac = b.getInt(p + 4) & 0xFFFF_FFFFL;
    int cap = b.getInt(p + 8);
    int wire = b.getInt(p + 12);
    return Math.abs(sec - near.tsNs() / CaptureWalker.NS) <= 2 * 86400
        && frac < (w.nanos ? 1_000_000_000L : 1_000_000L)
        && cap > 0 && cap <= w.snaplen && cap <= wire && wire <= GeneratorOptions.MAX_SNAPLEN;
  }

  /** Offset of the first plausible header chain inside the record that ends exactly at its end, or -1. */
  static int pcapChainStart(byte[] f, CaptureWalker.Rec r, CaptureWalker.Result w) {
    ByteBuffer b = ByteBuffer.wrap(f).order(r.order());
    for (int p = r.dataOffset(); p + 16 <= r.dataEnd(); p++) {
      int q = p;
      while (q + 16 <= r.dataEnd() && plausiblePcap(f, q, r, w)) {
        q += 16 + b.getInt(q + 8);
      }
      if (q == r.dataEnd() && q != p) {
        return p;
      }
    }
    return -1;
  }

  /** Offset of the first file-aligned chain of valid EPBs inside the record that ends at its captured end. */
  static int pcapngChainStart(byte[] f, CaptureWalker.Rec r, int interfaces) {
    ByteBuffer b = ByteBuffer.wrap(f).order(r.order());
    int end = r.dataEnd();
    if (end % 4 != 0) {
      return -1;
    }
    for (int p = (r.dataOffset() + 3) & ~3; p + 32 <= end; p += 4) {
      int q = p;
      while (q + 32 <= end) {
        int len = b.getInt(q + 4);
        int cap = b.getInt(q + 20);
        boolean ok = b.getInt(q) == 6 && len >= 32 && len % 4 == 0 && q + len <= end
            && b.getInt(q + len - 4) == len && b.getInt(q + 8) >= 0 && b.getInt(q + 8) < interfaces
            && cap >= 0 && 32 + ((cap + 3) & ~3) == len && cap <= b.getInt(q + 24);
        if (!ok) {
          break;
        }
        q += len;
      }
      if (q == end && q != p) {
        return p;
      }
    }
    return -1;
  }
}

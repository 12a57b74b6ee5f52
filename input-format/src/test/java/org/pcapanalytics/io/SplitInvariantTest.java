package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * records(split 1) + records(split 2) + … == records(whole file), for every shared capture.
 * Small files: every split size from 1 byte to the file length. Larger files: a set of sizes
 * including odd ones. Each with the shortest safe lookback and the default.
 */
class SplitInvariantTest {
  /** Files up to this size are split at every size from 1 to their length. */
  private static final int EXHAUSTIVE_MAX = 8 << 10;

  static Stream<String> captures() {
    return Captures.names().stream().filter(n -> !n.endsWith(".gz"));
  }

  @ParameterizedTest
  @MethodSource("captures")
  void anySplitSizeGivesTheWholeFile(String name) throws Exception {
    byte[] data = Files.readAllBytes(Captures.file(name));
    List<Rec> whole = Captures.read(data, 0, data.length, Captures.small());
    assertEquals(Captures.readFile(Captures.file(name), new CaptureReader.Options()), whole, "in-memory vs file");
    TreeSet<Long> sizes = new TreeSet<>();
    if (data.length <= EXHAUSTIVE_MAX) {
      for (long s = 1; s <= data.length; s++) sizes.add(s);
    } else {
      for (long s : new long[] {997, 1000, 1517, 4093, 65_549, data.length / 2, data.length / 3 + 1, data.length - 1}) {
        if (s > 0 && s <= data.length) sizes.add(s);
      }
    }
    // 0 asks for the shortest safe lookback (twice the longest possible record): on files with a
    // small snapshot length that exercises the boundary search; -1 is the default.
    for (long lookback : new long[] {0, -1}) {
      CaptureReader.Options opts = Captures.small().lookback(lookback);
      for (long s : sizes) {
        List<Rec> split = Captures.readInSplits(data, s, opts);
        if (!whole.equals(split)) fail(name + " split size " + s + " lookback " + lookback + ": " + Rec.diff(whole, split));
      }
    }
    assertTrue(sizes.size() > 0);
  }
}


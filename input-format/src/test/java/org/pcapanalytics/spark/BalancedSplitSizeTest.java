package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** The default split size gives a number of splits that is a multiple of the cores. */
class BalancedSplitSizeTest {
  private static final long MB = 1L << 20;

  private static FileStatus file(long len) {
    return new FileStatus(len, false, 1, 128 * MB, 0, new Path("/f" + len));
  }

  private static long splits(long total, long size) {
    return (total + size - 1) / size;
  }

  @Test
  void splitsAreAMultipleOfTheCores() {
    long total = 1_153_436_099L; // the bench capture: 9 splits of 128 MiB
    long size = PcapScan.balancedSplitSize(List.of(file(total)), 128 * MB, 2);
    assertEquals(10, splits(total, size));
    assertEquals(12, splits(total, PcapScan.balancedSplitSize(List.of(file(total)), 128 * MB, 4)));
    assertEquals(128 * MB, PcapScan.balancedSplitSize(List.of(file(total)), 128 * MB, 1), "one core: as configured");
    assertEquals(128 * MB, PcapScan.balancedSplitSize(List.of(file(1024 * MB)), 128 * MB, 2), "8 splits already");
  }

  @Test
  void smallCapturesAreSplitForEveryCoreButNotIntoCrumbs() {
    assertEquals(50 * MB, PcapScan.balancedSplitSize(List.of(file(100 * MB)), 128 * MB, 2));
    assertEquals(16 * MB, PcapScan.balancedSplitSize(List.of(file(10 * MB)), 128 * MB, 2));
  }
}

package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CaptureInterfaceTest {
  @Test
  void timestampsRoundTripAsReadersDecodeThem() {
    long day = 1772409600L;
    CaptureInterface[] all = {
      new CaptureInterface(0, 1, CaptureInterface.TSRESOL_ABSENT, 0, "a"),
      new CaptureInterface(1, 1, CaptureInterface.TSRESOL_NS, 0, "b"),
      new CaptureInterface(2, 1, CaptureInterface.TSRESOL_POW2_20, 0, "c"),
      new CaptureInterface(3, 1, CaptureInterface.TSRESOL_US, day, "d"),
    };
    SplittableRandom r = new SplittableRandom(7);
    for (int k = 0; k < 10_000; k++) {
      long ns = day * 1_000_000_000L + r.nextLong(7 * 86_400_000_000_000L);
      for (CaptureInterface i : all) {
        long seen = i.fromUnits(i.toUnits(ns));
        assertTrue(seen <= ns && ns - seen < 1000, i + " " + ns + " -> " + seen);
        CaptureWalker.Iface w = new CaptureWalker.Iface(1, 0,
            i.tsresol() == CaptureInterface.TSRESOL_ABSENT ? 6 : i.tsresol(), i.tsOffsetSec());
        assertEquals(seen, CaptureWalker.toNs(i.toUnits(ns), w));
      }
      assertEquals(ns, all[1].fromUnits(all[1].toUnits(ns)));
    }
  }

  @Test
  void binaryResolutionCountsTwoToTheTwentiethPerSecond() {
    CaptureInterface i = new CaptureInterface(0, 1, CaptureInterface.TSRESOL_POW2_20, 0, "x");
    assertEquals(1L << 20, i.toUnits(1_000_000_000L));
    assertEquals(3L << 19, i.toUnits(1_500_000_000L));
  }
}

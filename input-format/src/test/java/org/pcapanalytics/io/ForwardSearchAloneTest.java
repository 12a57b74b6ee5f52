package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Why a split reader walks from well before its start: searching forward from the split start
 * alone accepts chains of header-like bytes in real payloads. NFS/RPC payloads are full of small
 * big-endian integers and length fields; some runs of them look like record headers whose
 * lengths land exactly on the next real record. This test pins that down so the lookback is
 * never "optimised" away, and shows the reader (search + walk) is right at every offset.
 */
class ForwardSearchAloneTest {
  @Test
  void forwardSearchFromTheSplitStartIsFooledByRealPayloads() throws Exception {
    byte[] data = Files.readAllBytes(Captures.file("nfs_usec_bigendian.pcap"));
    List<Rec> whole = Captures.read(data, 0, data.length, Captures.small());
    assertEquals(128, whole.size());
    TreeSet<Long> boundaries = new TreeSet<>();
    for (Rec r : whole) boundaries.add(r.offset);

    PcapFramer framer = PcapFramer.fromHeader("nfs", data, 0);
    int fooled = 0;
    try (ByteWindow w = new ByteWindow(SeekableBytes.stream(data), 0, data.length, 4096)) {
      for (long s = 24; s < data.length; s++) {
        long q = framer.findBoundary(w, s, 24);
        Long truth = boundaries.ceiling(s);
        if (truth == null || q != truth) fooled++;
      }
    }
    assertTrue(fooled > 0, "forward search alone was never fooled");
    List<Rec> split = Captures.readInSplits(data, 1, Captures.small().lookback(0));
    assertTrue(whole.equals(split), () -> Rec.diff(whole, split));
  }
}

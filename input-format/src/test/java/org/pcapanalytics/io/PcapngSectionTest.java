package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pcapng splits that start mid-section: with no walk from before the split start at all, a
 * reader must still know the section's byte order and interfaces (link type, timestamp
 * resolution and offset) from the file head, or recover them by walking back to the SHB.
 */
class PcapngSectionTest {
  @ParameterizedTest
  @ValueSource(strings = {"pcapng_many_interfaces.pcapng", "pcapng_comments_eth_sll.pcapng",
      "pcapng_testgen_multisection_le.pcapng", "pcapng_testgen_allblocks_be.pcapng", "http_espn.pcapng"})
  void splitsWithoutLookbackKnowTheSection(String name) throws Exception {
    byte[] data = Files.readAllBytes(Captures.file(name));
    List<Rec> whole = Captures.read(data, 0, data.length, Captures.small());
    CaptureReader.Options noWalk = Captures.small().lookback(0);
    noWalk.clampLookback = false;
    int limit = data.length > 32_768 ? 0 : Math.min(data.length, 2048);
    for (int size = limit > 0 ? 1 : 997; size <= data.length; size += size < limit ? 1 : (data.length > 32_768 ? 4093 : 997)) {
      List<Rec> split = Captures.readInSplits(data, size, noWalk);
      if (!whole.equals(split)) fail(name + " split size " + size + ": " + Rec.diff(whole, split));
    }
    if (name.equals("pcapng_many_interfaces.pcapng")) {
      Set<Integer> linkTypes = new HashSet<>();
      for (Rec r : whole) linkTypes.add(r.iface * 1000 + r.linkType);
      assertEquals(Set.of(1, 10_000), linkTypes, "interface 0 is Ethernet, interface 10 NULL/loopback");
      assertTrue(whole.size() == 64);
    }
  }
}

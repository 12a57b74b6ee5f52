package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared capture read whole: record count, timestamp (ns), caplen, wirelen and interface
 * id equal tshark's golden CSV frame by frame. Deliberate differences, each named:
 * <ul>
 *   <li>pcapng Custom Blocks are frames for tshark (rows with neither timestamp nor interface);
 *       they carry no packet, so they are not records here (capinfos agrees with us).</li>
 *   <li>Timestamps past year 2262 (garbage on interface 1 of pcapng_comments_eth_sll) do not fit
 *       a signed 64-bit nanosecond count: tshark prints the wrapped unsigned value, we report no
 *       timestamp.</li>
 *   <li>Damaged files (a golden stderr file exists): tshark stops at the damage; we return at
 *       least every record it returns, then resynchronise.</li>
 * </ul>
 */
class GoldenFramingTest {
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  static Stream<String> captures() {
    return Captures.names().stream();
  }

  @ParameterizedTest
  @MethodSource("captures")
  void recordsMatchTshark(String name) throws Exception {
    List<Rec> ours = Captures.readFile(Captures.file(name), new CaptureReader.Options());
    boolean pcapng = !ours.isEmpty() && isPcapng(name);
    List<Map<String, String>> expected = new ArrayList<>();
    for (Map<String, String> row : GoldenCsv.of(name).rows()) {
      boolean customBlock = pcapng && row.get("frame.time_epoch").isEmpty() && row.get("frame.interface_id").isEmpty();
      if (!customBlock) expected.add(row);
    }
    boolean damaged = Files.exists(Captures.dir().resolve("golden").resolve(name + ".stderr.txt"));
    if (damaged) {
      assertTrue(ours.size() >= expected.size(), name + ": " + ours.size() + " records, tshark " + expected.size());
    } else {
      assertEquals(expected.size(), ours.size(), name + ": record count");
    }
    for (int i = 0; i < expected.size(); i++) {
      Map<String, String> row = expected.get(i);
      Rec r = ours.get(i);
      String where = name + " frame " + row.get("frame.number");
      assertEquals(Integer.parseInt(row.get("frame.cap_len")), r.caplen, where + " caplen");
      assertEquals(Integer.parseInt(row.get("frame.len")), r.wirelen, where + " wirelen");
      String iface = row.get("frame.interface_id");
      assertEquals(iface.isEmpty() ? 0 : Integer.parseInt(iface), r.iface, where + " interface");
      String t = row.get("frame.time_epoch");
      if (t.isEmpty()) {
        assertNull(r.ts, where + ": tshark shows no timestamp (simple packet block)");
      } else if (Long.parseLong(t.substring(0, t.indexOf('.'))) > MAX_SECONDS) {
        assertNull(r.ts, where + ": timestamp beyond 2262 is reported as absent");
      } else {
        assertEquals(GoldenCsv.epochNanos(t), r.ts, where + " timestamp");
      }
    }
  }

  static boolean isPcapng(String name) {
    try {
      byte[] head = new byte[4];
      try (var in = Files.newInputStream(Captures.file(name))) {
        if (in.read(head) < 4) return false;
      }
      return Bytes.i32be(head, 0) == PcapngFramer.SHB;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

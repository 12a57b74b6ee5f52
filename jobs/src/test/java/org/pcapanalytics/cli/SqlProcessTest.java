package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;

/**
 * {@code sql} in a process of its own, with the session the command builds: a count that the
 * readers compute (aggregate pushdown) over no packet is 0, not null, whether no packet passes the
 * filter or the capture has none.
 */
class SqlProcessTest {
  @TempDir
  Path tmp;

  @Test
  void aCountOfNothingIsZero() throws Exception {
    DayCaptures.Run r = CommandProcess.run(tmp, Map.of(), "sql", "--input", Captures.file("http_espn.pcapng").toString(),
        "--input", Captures.file("empty_header_only.pcap").toString(),
        "SELECT count(*) AS n, sum(wirelen) AS b FROM packets WHERE src_ip = '203.0.113.77'");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("| 0 ") && r.out().contains("| NULL"), r.out());
  }
}

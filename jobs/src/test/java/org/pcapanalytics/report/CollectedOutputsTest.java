package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;

/**
 * A one-file output is collected by the driver when it is small ({@link ReportRun#collectedRows})
 * and written by a task from a persisted plan when it is not: both ways write the same file, rows
 * in the same order, and the same summary entry.
 */
class CollectedOutputsTest {
  @TempDir
  Path tmp;

  private ObjectNode run(String dir) throws IOException {
    ReportOptions o = ReportOptions.builder().inputs(List.of(Captures.file("dns_packets.pcap").toString()))
        .outputDir(tmp.resolve(dir).toString()).format("csv").build();
    return ReportRunner.run(JobsTests.spark(), "dns", o, new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void smallAndLargeOneFileOutputsAreWrittenAlike() throws IOException {
    int collected = ReportRun.collectedRows;
    ObjectNode small;
    ObjectNode large;
    try {
      small = run("collected");
      // dns (100 rows), dns-new-names (176) now exceed it; dns-failures (1 row) does not
      ReportRun.collectedRows = 50;
      large = run("persisted");
    } finally {
      ReportRun.collectedRows = collected;
    }
    for (Output output : new DnsReport().outputs()) {
      if (!output.oneFile()) continue; // dns-transactions: written by its tasks either way
      String name = output.name();
      JsonNode a = entry(small, name);
      JsonNode b = entry(large, name);
      assertEquals(a, b, name);
      assertEquals(csv(tmp.resolve("collected").resolve(name)), csv(tmp.resolve("persisted").resolve(name)), name);
    }
    assertTrue(entry(small, DnsReport.DNS.name()).path("rows").asLong() > 50);
    assertTrue(entry(small, DnsReport.DNS_NEW_NAMES.name()).path("rows").asLong() > 50);
    assertEquals(1, entry(small, DnsReport.DNS_FAILURES.name()).path("rows").asLong());
    assertEquals(small.path("readStats"), large.path("readStats"));
    assertTrue(small.path("readStats").path("records").asLong() > 0, small.path("readStats").toString());
  }

  /** An output's summary entry without what differs between runs (path, time). */
  private static JsonNode entry(JsonNode summary, String output) {
    ObjectNode e = summary.path("reports").path(output).deepCopy();
    e.remove(List.of("path", "seconds"));
    return e;
  }

  /** The output's one CSV file, as written. */
  private static String csv(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
      assertEquals(1, files.size(), dir + ": " + files);
      return Files.readString(files.get(0));
    }
  }
}

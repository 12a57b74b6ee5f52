package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.Captures;

/**
 * A user's error is one line on stderr, in a real process with the project's logging
 * configuration: a failed read (exit 1) shows neither Spark's task failure reports nor stack
 * traces, which go to the log file and, with --verbose, to stderr; a bad value is exit 2.
 */
class OneLineErrorsTest {
  @TempDir
  Path tmp;

  private static final String CORRUPT = Captures.file("tls_sni_corrupt_record10_header.pcap").toString();

  @Test
  void failedReadIsOneLineAndTheLogFileHasTheRest() throws Exception {
    Path log = tmp.resolve("run.log");
    DayCaptures.Run r = CommandProcess.run(tmp, Map.of("PCAP_ANALYTICS_LOG_FILE", log.toString()), "report",
        "top-talkers", "--input", CORRUPT, "--option", "mode=FAILFAST", "--output", tmp.resolve("o").toString());
    assertEquals(1, r.status(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("pcap-analytics report: file:" + CORRUPT + " at offset 2321: "), r.err());
    assertEquals("", r.out());
    String logged = Files.readString(log);
    assertTrue(logged.contains("ERROR Executor: Exception in task"), logged);
    assertTrue(logged.contains("ERROR Failure: " + lines.get(0)), logged);
    assertTrue(logged.contains("\tat org.pcapanalytics."), logged);
  }

  @Test
  void verboseShowsSparksLinesAndTheStackTrace() throws Exception {
    DayCaptures.Run r = CommandProcess.run(tmp, Map.of(), "report", "top-talkers", "--verbose", "--input", CORRUPT,
        "--option", "mode=FAILFAST", "--output", tmp.resolve("o").toString());
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("ERROR Executor: Exception in task"), r.err());
    assertTrue(r.err().contains("WARN  TaskSetManager: Lost task"), r.err());
    assertTrue(r.err().contains("\tat org.pcapanalytics."), r.err());
    assertTrue(r.err().contains("\npcap-analytics report: file:" + CORRUPT + " at offset 2321: "), r.err());
  }

  @Test
  void badValuesAreStatusTwoBeforeSparkStarts() throws Exception {
    String[][] cases = {
        {"sql", "--max-rows", "abc", "--input", CORRUPT, "SELECT 1"},
        {"demo", "--seed", "abc"},
        {"sql", "--conf", "spark.sql.shuffle.partitions=abc", "--input", CORRUPT, "SELECT 1"},
        {"sql", "--option", "splitSize=abc", "--input", CORRUPT, "SELECT 1"}};
    for (String[] c : cases) {
      DayCaptures.Run r = CommandProcess.run(tmp, Map.of(), c);
      assertEquals(2, r.status(), String.join(" ", c) + ": " + r.err());
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), r.err());
      assertTrue(lines.get(0).startsWith("pcap-analytics " + c[0] + ": --"), r.err());
      assertFalse(r.err().contains("SparkContext"), r.err());
    }
  }
}

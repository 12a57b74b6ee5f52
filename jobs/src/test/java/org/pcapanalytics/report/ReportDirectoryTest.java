package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output directory of {@code report}: refused when it holds what no report writes; a run
 * published whole, also when the run that published it was killed at any step of it.
 */
class ReportDirectoryTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  /** A run's entries: output directories with a part file, and _summary.json naming the run. */
  private static void run(Path dir, String label, String... outputs) throws IOException {
    for (String o : outputs) {
      Files.createDirectories(dir.resolve(o));
      Files.writeString(dir.resolve(o).resolve("part-0"), label);
    }
    Files.writeString(dir.resolve("_summary.json"), label);
  }

  /** Every file under dir (relative path -> content). */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString(), Files.readString(p));
    }
    return m;
  }

  @Test
  void refusesWhatNoReportWrites() throws IOException {
    Path dir = tmp.resolve("out");
    ReportDirectory.check(conf, hadoop(dir)); // absent
    run(dir, "old", "dns", "dns-failures");
    Files.writeString(dir.resolve("report.html"), "page");
    Files.writeString(dir.resolve(".report.html.crc"), "crc");
    ReportDirectory.check(conf, hadoop(dir));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    IOException e = assertThrows(ReportDirectory.ForeignContentException.class,
        () -> ReportDirectory.open(conf, hadoop(dir)));
    assertTrue(e.getMessage().contains(" holds 'notes.txt', which no report writes"), e.getMessage());
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    Files.writeString(tmp.resolve("file"), "x");
    assertTrue(assertThrows(ReportDirectory.ForeignContentException.class,
        () -> ReportDirectory.check(conf, hadoop(tmp.resolve("file")))).getMessage().endsWith("is a file, not a directory"));
  }

  @Test
  void publishesWholeAndReplacesWhole() throws IOException {
    Path dir = tmp.resolve("out");
    run(dir, "all", "connections", "dns", "summary");
    Files.writeString(dir.resolve("report.html"), "all");
    ReportDirectory d = ReportDirectory.open(conf, hadoop(dir));
    run(Path.of(d.work().toUri()), "dns", "dns", "dns-failures");
    d.publish();
    assertEquals(Map.of("_summary.json", "dns", "dns/part-0", "dns", "dns-failures/part-0", "dns"), files(dir));
  }

  @Test
  void aRunKilledWhileComputingLeavesThePreviousOneAndIsCleanedUp() throws IOException {
    Path dir = tmp.resolve("out");
    run(dir, "old", "dns");
    run(dir.resolve("_tmp/run-killed"), "half", "connections");
    Files.delete(dir.resolve("_tmp/run-killed/_summary.json"));
    Map<String, String> before = files(dir);
    before.keySet().removeIf(k -> k.startsWith("_tmp"));
    ReportDirectory.open(conf, hadoop(dir));
    assertEquals(before, files(dir));
    assertFalse(Files.exists(dir.resolve("_tmp")));
  }

  /**
   * The states a publication killed after each of its steps leaves; the next run finishes it:
   * the new run whole, nothing of the old one.
   */
  @Test
  void aPublicationKilledAtAnyStepIsFinishedByTheNextRun() throws IOException {
    Map<String, String> expected = Map.of("_summary.json", "new", "dns/part-0", "new", "top-talkers/part-0", "new");
    for (int step = 0; step <= 5; step++) {
      Path dir = tmp.resolve("step" + step);
      run(dir, "old", "dns", "connections");
      Files.writeString(dir.resolve("report.html"), "old");
      Path pub = dir.resolve("_tmp/publish-x");
      run(pub, "new", "dns", "top-talkers");
      Files.writeString(pub.resolve("_entries"), "dns\ntop-talkers");
      Path old = dir.resolve("_tmp/replaced-x");
      Files.createDirectories(old);
      // 1: the old summary moved aside; 2: the old entries too; 3, 4: new entries moved in; 5: committed
      if (step >= 1) Files.move(dir.resolve("_summary.json"), old.resolve("_summary.json"));
      if (step >= 2) {
        for (String n : Set.of("dns", "connections", "report.html")) Files.move(dir.resolve(n), old.resolve(n));
      }
      if (step >= 3) Files.move(pub.resolve("dns"), dir.resolve("dns"));
      if (step >= 4) Files.move(pub.resolve("top-talkers"), dir.resolve("top-talkers"));
      if (step >= 5) Files.move(pub.resolve("_summary.json"), dir.resolve("_summary.json"));
      ReportDirectory.open(conf, hadoop(dir));
      assertEquals(expected, files(dir), "killed after step " + step);
    }
  }
}

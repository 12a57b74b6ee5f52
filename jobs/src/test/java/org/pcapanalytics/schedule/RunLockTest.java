package org.pcapanalytics.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.cli.LogLines;

/**
 * A lock left by a run that is gone: taken over, with a warning, when it names this host and a
 * process that no longer runs (or a process started after the lock: its id was reused); kept,
 * with the message naming its holder, in every other case.
 */
class RunLockTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  private static String lock(String host, long pid, String started) {
    return "{\"host\": \"" + host + "\", \"pid\": " + pid + ", \"started\": \"" + started + "\", \"command\": \"nightly\"}";
  }

  private RunLock acquire(Path dir) throws IOException {
    return RunLock.acquire(conf, new org.apache.hadoop.fs.Path(dir.toUri()), "test", false);
  }

  private static long exitedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void staleLocksOfThisHostAreTakenOver() throws Exception {
    String here = InetAddress.getLocalHost().getHostName();
    long gone = exitedPid();
    long me = ProcessHandle.current().pid();
    String[][] stale = {
        {lock(here, gone, "2026-03-01T02:00:00Z"), "no process " + gone + " runs on this host"},
        // our pid, but we started long after: the id was reused
        {lock(here, me, "2000-01-01T00:00:00Z"), "process " + me + " on this host started at "}};
    for (String[] s : stale) {
      Path dir = Files.createTempDirectory(tmp, "d");
      Files.writeString(dir.resolve(RunLock.NAME), s[0]);
      try (LogLines log = LogLines.of(RunLock.class.getName()); RunLock l = acquire(dir)) {
        assertTrue(Files.readString(dir.resolve(RunLock.NAME)).contains("\"pid\":" + me), "ours now");
        List<String> lines = log.lines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("WARN taking over ") && lines.get(0).contains(s[1]), lines.get(0));
        assertTrue(lines.get(0).contains("it was held by pid "), lines.get(0));
      }
      try (var files = Files.list(dir)) {
        assertEquals(List.of(), files.filter(f -> !f.getFileName().toString().startsWith(".")).toList());
      }
    }
  }

  @Test
  void otherLocksAreKept() throws Exception {
    String here = InetAddress.getLocalHost().getHostName();
    String[] held = {
        lock("another-host", exitedPid(), "2026-03-01T02:00:00Z"), // gone, maybe: not seen from here
        lock(here, ProcessHandle.current().pid(), java.time.Instant.now().toString()), // running
        "{not json"};
    for (String content : held) {
      Path dir = Files.createTempDirectory(tmp, "d");
      Files.writeString(dir.resolve(RunLock.NAME), content);
      RunLock.HeldException e = assertThrows(RunLock.HeldException.class, () -> acquire(dir));
      assertTrue(e.getMessage().contains(" is locked by ") && e.getMessage().endsWith(" or pass --break-lock"),
          e.getMessage());
      assertEquals(content, Files.readString(dir.resolve(RunLock.NAME)));
    }
  }
}

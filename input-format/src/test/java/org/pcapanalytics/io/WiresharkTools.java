package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * tshark and capinfos as test oracles. A test needing one is skipped when it is not installed,
 * except in CI (environment variable {@code CI} set), where that fails the build.
 */
public final class WiresharkTools {
  private WiresharkTools() {}

  /** The tool's path; aborts the test (skipped) when absent outside CI. */
  public static Path require(String name) {
    Path p = onPath(name);
    if (p == null) {
      if (System.getenv("CI") != null) fail(name + " is not on the PATH, but CI is set: install it (Debian 'tshark')");
      Assumptions.abort(name + " is not on the PATH");
    }
    return p;
  }

  /**
   * Runs a tool with an empty Wireshark profile, UTC and C.UTF-8; asserts exit status 0 and no
   * message on stderr (apart from the running-as-root notice). Returns stdout's lines.
   */
  public static List<String> run(Path workDir, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path config = Files.createDirectories(workDir.resolve("wireshark-config"));
    pb.environment().put("WIRESHARK_CONFIG_DIR", config.toString());
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().put("TZ", "UTC");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    List<String> out = new ArrayList<>();
    try (var r = p.inputReader(StandardCharsets.UTF_8)) {
      r.lines().forEach(out::add);
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", cmd));
    }
    String stderr = Files.readString(err).lines().filter(l -> !l.contains("Running as user"))
        .reduce("", (a, l) -> a + l + "\n");
    Files.delete(err);
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + stderr);
    assertEquals("", stderr.trim(), "no warnings from " + String.join(" ", cmd));
    return out;
  }

  /** The tool's path, or null when it is not installed. */
  public static Path find(String name) {
    return onPath(name);
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }
}

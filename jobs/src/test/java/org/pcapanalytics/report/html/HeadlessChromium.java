package org.pcapanalytics.report.html;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium} run headless on a local file, offline and with a fresh profile. When
 * it is missing, a test that needs it fails under CI ({@code CI} or {@code PCAP_REQUIRE_BROWSER}
 * set: {@code .ci/run} installs it) and is skipped elsewhere.
 */
final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 90;

  /** What one run printed. */
  record Result(String stdout, String stderr, long millis) {}

  private HeadlessChromium() {}

  /** Skips (or, under CI, fails) the calling test when there is no browser. */
  static void require() {
    if (Files.isExecutable(BINARY)) return;
    String why = BINARY + " is missing (apt-get install chromium)";
    if (System.getenv("CI") != null || System.getenv("PCAP_REQUIRE_BROWSER") != null) {
      fail(why + "; CI/PCAP_REQUIRE_BROWSER is set, so the browser test must run");
    }
    Assumptions.assumeTrue(false, why + ": browser test skipped");
  }

  /** Runs chromium with these extra arguments on {@code page}, in {@code work} (profile, output files). */
  static Result run(Path work, Path page, List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--enable-logging=stderr", "--v=0",
        "--user-data-dir=" + profile));
    cmd.addAll(args);
    cmd.add(page.toUri().toString());
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    // remember its helpers while it runs: once it exits they can no longer be found through it
    Set<ProcessHandle> helpers = new LinkedHashSet<>();
    boolean done = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!done && System.nanoTime() < deadline) {
      p.descendants().forEach(helpers::add);
      done = p.waitFor(200, TimeUnit.MILLISECONDS);
    }
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    if (!done) fail("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + stderr);
    if (p.exitValue() != 0) fail("chromium exit status " + p.exitValue() + ": " + stderr);
    return new Result(stdout, stderr, millis);
  }
}

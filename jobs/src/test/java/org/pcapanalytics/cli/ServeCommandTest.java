package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code serve}'s arguments, checked before Spark starts: help on stdout with status 0, a bad
 * argument as one line on stderr with status 2. The server itself: {@code ServeCommandIT}.
 */
class ServeCommandTest {
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void helpNamesTheDefaultsAndTheSecurityNote() {
    String[] r = run("serve", "--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].startsWith("usage: pcap-analytics serve [--port N] [--host ADDRESS]"), r[1]);
    assertTrue(r[1].contains("default 15002") && r[1].contains("default 127.0.0.1")
        && r[1].contains("docs/interactive.md"), r[1]);
    assertEquals("", r[2]);
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    String[][] cases = {
        {"--port", "65536", "--port must be a port number (0-65535), not '65536'"},
        {"--port", "x", "--port must be a port number (0-65535), not 'x'"},
        {"--host", "no-such-host.invalid", "--host no-such-host.invalid: unknown host"},
        {"--bind", "x", "unknown option --bind"},
        {"extra", "", "unexpected argument 'extra'"},
    };
    for (String[] c : cases) {
      String[] r = c[1].isEmpty() ? run("serve", c[0]) : run("serve", c[0], c[1]);
      assertEquals("2", r[0], String.join(" ", c) + ": " + r[2]);
      assertEquals("", r[1]);
      assertEquals("pcap-analytics serve: " + c[2] + "\n", r[2]);
    }
  }
}

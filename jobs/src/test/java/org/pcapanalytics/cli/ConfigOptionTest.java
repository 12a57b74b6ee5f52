package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that takes {@code --config} answers a bad or missing file as a bad argument: one line, exit 2. */
class ConfigOptionTest {
  @TempDir
  Path tmp;

  @Test
  void badConfigIsABadArgumentForEveryCommand() throws IOException {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{ \"internalNetworks\": [\"10.0.0.0/33\"] }");
    String missing = tmp.resolve("missing.json").toString();
    for (String config : List.of(bad.toString(), missing)) {
      List<String[]> commands = List.of(
          new String[] {"sql", "--input", "x", "--config", config, "SELECT 1"},
          new String[] {"shell", "--input", "x", "--config", config},
          new String[] {"serve", "--port", "0", "--config", config},
          new String[] {"report", "all", "--input", "x", "--output", "y", "--config", config},
          new String[] {"nightly", "--input", "x", "--output", "y", "--config", config},
          new String[] {"convert", "--input", "x", "--output", "y", "--config", config});
      for (String[] args : commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, String.join(" ", args) + ": " + e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(e.startsWith("pcap-analytics " + args[0] + ": ") && e.indexOf('\n') == e.length() - 1, e);
        assertTrue(e.contains(config.equals(missing) ? "file not found" : "internalNetworks"), e);
      }
    }
  }
}

package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/submit's arguments, against a stand-in spark-submit that prints what it was given. */
class SubmitScriptIT {
  @TempDir
  Path tmp;

  private final Path root = Path.of(System.getProperty("pcap.project.root", "..")).toAbsolutePath();
  private final String jar = Path.of(System.getProperty("pcap.app.jar", "missing.jar")).toAbsolutePath().toString();

  private record Run(int status, List<String> args, String stdout, String stderr) {}

  private Run submit(String... args) throws Exception {
    Path fake = tmp.resolve("spark-submit");
    if (!Files.exists(fake)) {
      Files.writeString(fake, "#!/bin/sh\necho \"OPTS=$SPARK_SUBMIT_OPTS\"\nfor a in \"$@\"; do echo \"ARG $a\"; done\n");
      Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/submit").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile())
        .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
    pb.environment().put("PCAP_ANALYTICS_SPARK_SUBMIT", fake.toString());
    pb.environment().put("PCAP_ANALYTICS_NO_BUILD", "1");
    pb.environment().remove("PCAP_ANALYTICS_CONF_DIR");
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scripts/submit finished");
    String out = Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8);
    List<String> a = out.lines().filter(l -> l.startsWith("ARG ")).map(l -> l.substring(4)).toList();
    return new Run(p.exitValue(), a, out, Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void optionsBeforeSeparatorGoToSparkSubmitCommandAfterIt() throws Exception {
    Run r = submit("--master", "spark://h:7077", "--files", "a.txt", "--conf", "spark.x=1", "--",
        "report", "all", "--input", "hdfs:///c", "--files", "not-ours");
    assertEquals(0, r.status, r.stderr);
    String conf = root.resolve("conf").toString();
    assertEquals(List.of("--class", "org.pcapanalytics.cli.Main",
        "--files", conf + "/pcap-analytics.json,a.txt",
        "--properties-file", conf + "/spark-defaults.conf",
        "--master", "spark://h:7077", "--conf", "spark.x=1",
        jar, "report", "all", "--input", "hdfs:///c", "--files", "not-ours"), r.args);
    assertTrue(r.stdout.contains("OPTS=-Dlog4j2.configurationFile=" + conf + "/log4j2.properties"), r.stdout);
  }

  @Test
  void ownPropertiesFileReplacesOursAndCommandAloneNeedsNoSeparator() throws Exception {
    Run r = submit("--properties-file=my.conf", "--files=b.txt", "--", "summary", "--input", "x");
    assertEquals(0, r.status, r.stderr);
    assertEquals(List.of("--class", "org.pcapanalytics.cli.Main",
        "--files", root.resolve("conf") + "/pcap-analytics.json,b.txt", "--properties-file=my.conf",
        jar, "summary", "--input", "x"), r.args);
    Run plain = submit("summary", "--input", "x");
    assertEquals(0, plain.status, plain.stderr);
    assertEquals(List.of(jar, "summary", "--input", "x"), plain.args.subList(plain.args.size() - 4, plain.args.size()));
  }

  @Test
  void helpAndUsageErrors() throws Exception {
    Run help = submit("--help");
    assertEquals(0, help.status);
    assertTrue(help.stdout.startsWith("usage: scripts/submit [SPARK-SUBMIT OPTIONS] -- COMMAND [ARGS]"), help.stdout);
    Run none = submit();
    assertEquals(2, none.status);
    assertTrue(none.stderr.contains("usage:"), none.stderr);
    Run noSeparator = submit("--master", "yarn", "report", "all");
    assertEquals(2, noSeparator.status);
    assertTrue(noSeparator.stderr.contains("put -- between"), noSeparator.stderr);
    Run noCommand = submit("--master", "yarn", "--");
    assertEquals(2, noCommand.status);
    Run missingValue = submit("--files", "--", "report");
    assertEquals(2, missingValue.status);
    assertTrue(missingValue.stderr.contains("--files needs a value"), missingValue.stderr);
  }
}

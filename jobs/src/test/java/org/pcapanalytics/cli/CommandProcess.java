package org.pcapanalytics.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code pcap-analytics COMMAND ...} in a JVM of its own, as the launcher starts it: the project's
 * JVM flags and {@code conf/log4j2.properties}, the tests' class path. For what only a real
 * process shows: its stderr as log4j writes it, its exit status, being killed.
 */
final class CommandProcess {
  static final Path ROOT = Path.of(System.getProperty("pcap.project.root", "..")).toAbsolutePath().normalize();

  final Process process;
  final Path stdout;
  final Path stderr;

  private CommandProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts the command; stdout and stderr go to files in {@code dir}. */
  static CommandProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(java, "@" + ROOT.resolve("conf/jvm-flags.txt"), "-Xmx1g",
        "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"), "-cp", cp,
        Main.class.getName()));
    cmd.addAll(List.of(args));
    Files.createDirectories(dir);
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    return new CommandProcess(pb.start(), out, err);
  }

  /** Runs the command to its end (at most 3 minutes). */
  static DayCaptures.Run run(Path dir, Map<String, String> env, String... args) throws Exception {
    CommandProcess p = start(dir, env, args);
    return p.waitFor();
  }

  DayCaptures.Run waitFor() throws InterruptedException, IOException {
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("still running after 3 minutes: " + Files.readString(stderr));
    }
    return new DayCaptures.Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }
}

package org.pcapanalytics.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output (stdout and stderr together) goes to a log file, stopped with its
 * own children (a Spark worker's executors) by {@link #close()}: politely, then forcibly.
 */
final class LoggedProcess implements AutoCloseable {
  final String name;
  final Path log;
  private final Process process;

  private LoggedProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  static LoggedProcess start(String name, List<String> command, Map<String, String> env, Path dir, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    return new LoggedProcess(name, log, pb.start());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status, or fails when the process runs longer than the timeout (it is then stopped). */
  int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      close();
      throw new AssertionError(name + " did not finish within " + unit.toSeconds(timeout) + " s (log: " + log + ")");
    }
    return process.exitValue();
  }

  /** Sends SIGTERM and returns the exit status, or fails when the process outlives the timeout. */
  int terminate(long timeout, TimeUnit unit) throws InterruptedException {
    process.destroy();
    return waitFor(timeout, unit);
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The last lines of the log, for a failure message. */
  void printTail(PrintStream out, int lines) {
    List<String> all = output().lines().toList();
    out.println("----- " + name + " (" + log + "), last " + Math.min(lines, all.size()) + " of " + all.size() + " lines");
    all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out::println);
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    stop(process.toHandle());
    for (ProcessHandle c : children) stop(c); // left over when the parent could not stop them
  }

  private static void stop(ProcessHandle p) {
    if (!p.isAlive()) return;
    p.destroy();
    try {
      p.onExit().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // nothing more to do
      }
    }
  }
}

package org.pcapanalytics.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per directory: {@code DIR/_lock}, created only if absent, holding the host,
 * process id, start time and command of the holder, deleted when the run ends (also when it
 * fails). A run killed hard (kill -9, a lost machine) leaves the lock behind. A lock of this host
 * (by host name) whose process is gone — no process has its id, or the one that has it started
 * after the lock was taken — is taken over, with a warning. Any other lock stays until its file
 * is deleted or {@code --break-lock} is passed, once that run is known to be gone: a process on
 * another host cannot be seen from here.
 *
 * <p>Atomicity: HDFS creates a file only if absent in one NameNode operation; on the local file
 * system the file is created with O_EXCL. Object stores (s3a://) have no such operation in
 * general: Hadoop checks, then writes, so two runs started at the same moment can both succeed —
 * schedule one run per output there.
 */
public final class RunLock implements AutoCloseable {
  public static final String NAME = "_lock";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

  private final FileSystem fs;
  private final Path path;
  private boolean released;

  /** Another run holds the lock. */
  public static final class HeldException extends IOException {
    public final String holder;

    HeldException(Path path, String holder) {
      super(path.getParent() + " is locked by " + holder + "; if that run is gone, delete " + path
          + " or pass --break-lock");
      this.holder = holder;
    }
  }

  private RunLock(FileSystem fs, Path path) {
    this.fs = fs;
    this.path = path;
  }

  /**
   * Takes the lock of {@code dir} (created if missing) for {@code command}.
   *
   * @param breakLock delete an existing lock first (the caller has made sure its run is gone)
   * @throws HeldException when another run holds it
   */
  public static RunLock acquire(Configuration conf, Path dir, String command, boolean breakLock) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    fs.mkdirs(dir);
    Path path = new Path(dir, NAME);
    if (breakLock) fs.delete(path, false);
    try {
      return create(fs, path, command);
    } catch (HeldException e) {
      String content = read(fs, path);
      String gone = content == null ? null : goneHere(content);
      if (gone == null) throw e;
      // moved aside, then compared: a run that took it over meanwhile keeps its lock
      Path aside = new Path(dir, NAME + ".stale-" + UUID.randomUUID());
      if (fs.rename(path, aside)) {
        if (!content.equals(read(fs, aside))) {
          fs.rename(aside, path);
          throw new HeldException(path, holder(fs, path));
        }
        fs.delete(aside, false);
        LOG.warn("taking over {}: it was held by {}, and {}", path, e.holder, gone);
      }
      return create(fs, path, command);
    }
  }

  private static String read(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static RunLock create(FileSystem fs, Path path, String command) throws IOException {
    ObjectNode who = JSON.createObjectNode();
    who.put("host", host());
    who.put("pid", ProcessHandle.current().pid());
    who.put("started", Instant.now().toString());
    who.put("command", command);
    byte[] content = (JSON.writeValueAsString(who) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        // Hadoop's local create checks, then opens; java.nio creates with O_EXCL
        java.nio.file.Path p = java.nio.file.Path.of(fs.makeQualified(path).toUri());
        Files.write(p, content, java.nio.file.StandardOpenOption.CREATE_NEW);
      } else {
        try (OutputStream os = fs.create(path, false)) {
          os.write(content);
        }
      }
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      throw new HeldException(path, holder(fs, path));
    } catch (IOException e) {
      // HDFS reports an existing file in a RemoteException wrapping FileAlreadyExistsException
      if (fs.exists(path)) throw new HeldException(path, holder(fs, path));
      throw e;
    }
    return new RunLock(fs, path);
  }

  /**
   * Why the holder of the lock is known to be gone ("no process 123 runs on this host"), or null:
   * the lock is another host's, unreadable, or its process still runs.
   */
  static String goneHere(String lock) {
    JsonNode n;
    try {
      n = JSON.readTree(lock);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (n == null || !host().equals(n.path("host").asText(null)) || !n.path("pid").canConvertToLong()) return null;
    long pid = n.path("pid").asLong();
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) return "no process " + pid + " runs on this host";
    Optional<Instant> start = p.get().info().startInstant();
    try {
      Instant locked = Instant.parse(n.path("started").asText(""));
      if (start.isPresent() && start.get().isAfter(locked)) {
        return "process " + pid + " on this host started at " + start.get() + ", after the lock was taken";
      }
    } catch (DateTimeParseException e) {
      return null;
    }
    return null;
  }

  /** "pid 123 on host h since 2026-03-03T02:00:00Z (nightly ...)", or what could be read of it. */
  static String holder(FileSystem fs, Path path) {
    try (InputStream in = fs.open(path)) {
      JsonNode n = JSON.readTree(in);
      return "pid " + n.path("pid").asText("?") + " on host " + n.path("host").asText("?") + " since "
          + n.path("started").asText("?") + " (" + n.path("command").asText("?") + ")";
    } catch (IOException | RuntimeException e) {
      return "another run (" + path + " unreadable: " + e.getClass().getSimpleName() + ")";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (released) return;
    released = true;
    fs.delete(path, false);
  }
}

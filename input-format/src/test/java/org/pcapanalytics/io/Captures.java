package org.pcapanalytics.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/** The shared capture corpus and helpers to read captures in tests. */
public final class Captures {
  private Captures() {}

  /** {@code ../shared/captures} (the build passes its absolute path as a system property). */
  public static Path dir() {
    String p = System.getProperty("pcap.shared.captures");
    Path d = p != null ? Paths.get(p) : Paths.get("..", "..", "shared", "captures");
    if (!Files.isDirectory(d)) d = Paths.get("..", "shared", "captures");
    if (!Files.isDirectory(d)) throw new IllegalStateException("shared captures not found (looked at " + p + ")");
    return d.toAbsolutePath().normalize();
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  /** Every capture of the corpus (files with a golden CSV). */
  public static List<String> names() {
    try (Stream<Path> s = Files.list(dir().resolve("golden"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Configuration conf() {
    Configuration c = new Configuration(false);
    c.set("fs.file.impl.disable.cache", "false");
    return c;
  }

  /** For in-memory reads, which only look at codecs: made once, as thousands of readers are opened. */
  private static final Configuration MEMORY_CONF = conf();

  /** All records of bytes [start, start+length) of an in-memory capture. */
  public static List<Rec> read(byte[] data, long start, long length, CaptureReader.Options opts) throws IOException {
    List<Rec> out = new ArrayList<>();
    try (CaptureReader r = CaptureReader.open(SeekableBytes.stream(data), MEMORY_CONF,
        new org.apache.hadoop.fs.Path("mem:/capture"), start, length, data.length, opts)) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) out.add(new Rec(rec));
    }
    return out;
  }

  /** The records of an in-memory capture read in splits of {@code splitSize} bytes. */
  public static List<Rec> readInSplits(byte[] data, long splitSize, CaptureReader.Options opts) throws IOException {
    List<Rec> out = new ArrayList<>();
    for (long s = 0; s < data.length; s += splitSize) {
      out.addAll(read(data, s, Math.min(splitSize, data.length - s), opts));
    }
    if (data.length == 0) out.addAll(read(data, 0, 0, opts));
    return out;
  }

  /** All records of a file on disk, through Hadoop's local file system. */
  public static List<Rec> readFile(Path file, CaptureReader.Options opts) throws IOException {
    List<Rec> out = new ArrayList<>();
    long len = Files.size(file);
    try (CaptureReader r = CaptureReader.open(conf(), new org.apache.hadoop.fs.Path(file.toUri()), 0, len, len, opts)) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) out.add(new Rec(rec));
    }
    return out;
  }

  public static CaptureReader.Options small() {
    return new CaptureReader.Options().bufferSize(4096);
  }
}

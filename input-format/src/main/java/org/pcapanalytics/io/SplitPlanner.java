package org.pcapanalytics.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns capture files into splits, shared by the Hadoop InputFormat and the Spark data source.
 * A file is cut into ranges of {@code splitSize} bytes (the last may be up to 10% larger, as in
 * Hadoop's FileInputFormat); compressed files stay whole. Files smaller than {@code packBytes}
 * are then packed together, largest first, each costing its length plus {@code openCost}
 * (Spark's {@code maxPartitionBytes}/{@code openCostInBytes} scheme).
 */
public final class SplitPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(SplitPlanner.class);
  private static final double SPLIT_SLOP = 1.1;

  private final Configuration conf;
  private final long splitSize;
  private final long packBytes;
  private final long openCost;
  private boolean indexSections;

  /**
   * @param splitSize target bytes per range of one file; {@code <= 0} means the file's block size
   */
  public SplitPlanner(Configuration conf, long splitSize, long packBytes, long openCost) {
    this.conf = conf;
    this.splitSize = splitSize;
    this.packBytes = Math.max(1, packBytes);
    this.openCost = Math.max(0, openCost);
  }

  /**
   * Walk the block headers of each pcapng file that is split, once, to index where its sections
   * start (see {@link PcapInputFormat#SECTION_SCAN}); default off.
   */
  public SplitPlanner indexSections(boolean on) {
    this.indexSections = on;
    return this;
  }

  private static final class Chunk {
    final String path;
    final long start;
    final long length;
    final long fileLength;
    final String[] hosts;
    SectionIndex sections;

    Chunk(String path, long start, long length, long fileLength, String[] hosts) {
      this.path = path;
      this.start = start;
      this.length = length;
      this.fileLength = fileLength;
      this.hosts = hosts;
    }
  }

  public List<CaptureSplit> plan(List<FileStatus> files) throws IOException {
    List<Chunk> big = new ArrayList<>();
    List<Chunk> small = new ArrayList<>();
    for (FileStatus f : files) {
      if (f.isDirectory()) continue;
      List<Chunk> cs = chunks(f);
      // Ranges of a file that was split are tasks of their own; whole small files are packed.
      for (Chunk c : cs) (cs.size() > 1 || c.length >= packBytes ? big : small).add(c);
    }
    List<CaptureSplit> out = new ArrayList<>();
    for (Chunk c : big) out.add(split(List.of(c)));
    small.sort(Comparator.comparingLong((Chunk c) -> -c.length).thenComparing(c -> c.path).thenComparingLong(c -> c.start));
    List<Chunk> current = new ArrayList<>();
    long currentBytes = 0;
    for (Chunk c : small) {
      long cost = c.length + openCost;
      if (!current.isEmpty() && currentBytes + cost > packBytes) {
        out.add(split(current));
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(c);
      currentBytes += cost;
    }
    if (!current.isEmpty()) out.add(split(current));
    return out;
  }

  private List<Chunk> chunks(FileStatus f) throws IOException {
    Path path = f.getPath();
    long len = f.getLen();
    String p = path.toString();
    long size = splitSize > 0 ? splitSize : Math.max(f.getBlockSize(), 1 << 20);
    List<Chunk> out = new ArrayList<>();
    byte[] magic = len <= size * SPLIT_SLOP ? null : magic(path);
    if (magic == null || Decompression.isCompressed(magic, magic.length, path, conf)) {
      out.add(new Chunk(p, 0, len, len, hosts(f, 0, len)));
      return out;
    }
    long start = 0;
    while ((len - start) > size * SPLIT_SLOP) {
      out.add(new Chunk(p, start, size, len, hosts(f, start, size)));
      start += size;
    }
    out.add(new Chunk(p, start, len - start, len, hosts(f, start, len - start)));
    if (indexSections && magic.length == 4 && Bytes.i32be(magic, 0) == PcapngFramer.SHB) {
      SectionIndex index = scanSections(path, len);
      for (Chunk c : out) c.sections = index;
    }
    return out;
  }

  /** The first bytes of a file (read only for files large enough to split): is it compressed, is it pcapng? */
  private byte[] magic(Path path) throws IOException {
    byte[] m = new byte[4];
    int n = 0;
    FileSystem fs = path.getFileSystem(conf);
    try (FSDataInputStream in = fs.open(path)) {
      while (n < m.length) {
        int r = in.read(m, n, m.length - n);
        if (r < 0) break;
        n += r;
      }
    }
    return n == m.length ? m : java.util.Arrays.copyOf(m, n);
  }

  private SectionIndex scanSections(Path path, long len) throws IOException {
    long t0 = System.nanoTime();
    try (ByteWindow w = new ByteWindow(path.getFileSystem(conf).open(path), 0, len, CaptureReader.DEFAULT_BUFFER)) {
      w.sequential(true);
      SectionIndex index = PcapngFramer.scanSections(w);
      LOG.info("{}: {} pcapng section(s){} indexed in {} ms", path, index.sections(),
          index.complete() ? "" : " (scan stopped at a damaged block)", (System.nanoTime() - t0) / 1_000_000);
      return index;
    }
  }

  private String[] hosts(FileStatus f, long start, long length) throws IOException {
    BlockLocation[] blocks;
    if (f instanceof LocatedFileStatus) {
      blocks = ((LocatedFileStatus) f).getBlockLocations();
    } else {
      if (!"hdfs".equals(f.getPath().toUri().getScheme())) return new String[0];
      blocks = f.getPath().getFileSystem(conf).getFileBlockLocations(f, start, length);
    }
    if (blocks == null) return new String[0];
    for (BlockLocation b : blocks) {
      if (start >= b.getOffset() && start < b.getOffset() + b.getLength()) return b.getHosts();
    }
    return new String[0];
  }

  private static CaptureSplit split(List<Chunk> chunks) {
    int n = chunks.size();
    String[] paths = new String[n];
    long[] starts = new long[n];
    long[] lengths = new long[n];
    long[] fileLengths = new long[n];
    SectionIndex[] sections = new SectionIndex[n];
    Map<String, Long> hostBytes = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Chunk c = chunks.get(i);
      paths[i] = c.path;
      starts[i] = c.start;
      lengths[i] = c.length;
      fileLengths[i] = c.fileLength;
      sections[i] = c.sections;
      for (String h : c.hosts) hostBytes.merge(h, c.length, Long::sum);
    }
    String[] hosts = hostBytes.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(3).map(Map.Entry::getKey).toArray(String[]::new);
    return new CaptureSplit(paths, starts, lengths, fileLengths, hosts, sections);
  }
}

package org.pcapanalytics.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;

/**
 * One unit of work: byte ranges of one or more capture files. A large file gives one range per
 * split; small files are packed together so thousands of them do not become thousands of tasks.
 * Writable for Hadoop and Serializable for Spark partitions.
 */
public final class CaptureSplit extends InputSplit implements Writable, Serializable {
  private static final long serialVersionUID = 1L;

  private String[] paths;
  private long[] starts;
  private long[] lengths;
  private long[] fileLengths;
  /** Per chunk: where the file's pcapng sections start, when the planner scanned for them; else null. */
  private SectionIndex[] sections;
  private transient String[] hosts;

  /** For Writable deserialization. */
  public CaptureSplit() {
    this(new String[0], new long[0], new long[0], new long[0], new String[0]);
  }

  public CaptureSplit(String[] paths, long[] starts, long[] lengths, long[] fileLengths, String[] hosts) {
    this(paths, starts, lengths, fileLengths, hosts, new SectionIndex[paths.length]);
  }

  public CaptureSplit(String[] paths, long[] starts, long[] lengths, long[] fileLengths, String[] hosts,
      SectionIndex[] sections) {
    this.paths = paths;
    this.starts = starts;
    this.lengths = lengths;
    this.fileLengths = fileLengths;
    this.hosts = hosts;
    this.sections = sections;
  }

  public int chunks() { return paths.length; }

  public String path(int i) { return paths[i]; }

  public long start(int i) { return starts[i]; }

  public long length(int i) { return lengths[i]; }

  public long fileLength(int i) { return fileLengths[i]; }

  /** The section index of chunk i's file, or null when none was made. */
  public SectionIndex sections(int i) { return sections[i]; }

  @Override
  public long getLength() {
    long sum = 0;
    for (long l : lengths) sum += l;
    return sum;
  }

  @Override
  public String[] getLocations() {
    return hosts == null ? new String[0] : hosts.clone();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(paths.length);
    for (int i = 0; i < paths.length; i++) {
      Text.writeString(out, paths[i]);
      out.writeLong(starts[i]);
      out.writeLong(lengths[i]);
      out.writeLong(fileLengths[i]);
      SectionIndex s = sections[i];
      out.writeInt(s == null ? -1 : s.offsets.length);
      if (s != null) {
        for (long o : s.offsets) out.writeLong(o);
        out.writeBoolean(s.complete);
      }
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = in.readInt();
    paths = new String[n];
    starts = new long[n];
    lengths = new long[n];
    fileLengths = new long[n];
    sections = new SectionIndex[n];
    for (int i = 0; i < n; i++) {
      paths[i] = Text.readString(in);
      starts[i] = in.readLong();
      lengths[i] = in.readLong();
      fileLengths[i] = in.readLong();
      int k = in.readInt();
      if (k >= 0) {
        long[] offsets = new long[k];
        for (int j = 0; j < k; j++) offsets[j] = in.readLong();
        sections[i] = new SectionIndex(offsets, in.readBoolean());
      }
    }
    hosts = new String[0];
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CaptureSplit[");
    for (int i = 0; i < paths.length; i++) {
      if (i > 0) sb.append(", ");
      sb.append(paths[i]).append(':').append(starts[i]).append('+').append(lengths[i]);
    }
    return sb.append(']').toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CaptureSplit)) return false;
    CaptureSplit s = (CaptureSplit) o;
    return Arrays.equals(paths, s.paths) && Arrays.equals(starts, s.starts) && Arrays.equals(lengths, s.lengths);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(paths) * 31 + Arrays.hashCode(starts);
  }
}

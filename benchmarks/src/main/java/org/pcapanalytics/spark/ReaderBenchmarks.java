package org.pcapanalytics.spark;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.PacketRecord;

/**
 * The reader's hot paths on a 64 MiB generated capture (page cache warm): framing the whole file,
 * and finding the first record of a split that starts mid-file (the lookback walk). Scores are
 * time per operation: divide the capture's bytes by the framing time for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ReaderBenchmarks {
  BenchCapture capture;
  long[] splitStarts;
  int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    capture = BenchCapture.create(64L << 20);
    splitStarts = new long[64];
    for (int i = 0; i < splitStarts.length; i++) splitStarts[i] = (capture.bytes / 65) * (i + 1) + 12345 * i;
    System.out.printf("%ncapture: %d bytes, %d records%n", capture.bytes, capture.records.size());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    capture.delete();
  }

  /** Frames every record of the file (the InputFormat reader, no decoding). */
  @Benchmark
  public long frameWholeFile() throws IOException {
    long sum = 0;
    try (CaptureReader r = capture.open(0)) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) sum += rec.wirelen();
    }
    return sum;
  }

  /** Opens a split at an arbitrary offset and returns its first record: the boundary search. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void firstRecordOfASplit(Blackhole bh) throws IOException {
    long start = splitStarts[next++ & (splitStarts.length - 1)];
    try (CaptureReader r = capture.open(start)) {
      PacketRecord rec = new PacketRecord();
      bh.consume(r.next(rec));
      bh.consume(rec.offset());
    }
  }
}

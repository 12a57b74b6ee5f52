package org.pcapanalytics.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.PacketRecord;

/**
 * Single-thread throughput of framing (and optionally decoding) one capture file:
 * {@code FramingBench FILE [RUNS] [LAYERS]}. Prints one line per run and the median; the first
 * run is a warm-up and is not counted.
 */
public final class FramingBench {
  private FramingBench() {}

  public static void main(String[] args) throws Exception {
    Path file = Paths.get(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int layers = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    long len = Files.size(file);
    Configuration conf = new Configuration();
    if (System.getProperty("bench.checksumFs") == null) conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    double[] mbps = new double[runs];
    long records = 0;
    PacketDecoder decoder = layers == 0 ? null : new PacketDecoder(layers);
    DecodedPacket d = new DecodedPacket();
    for (int run = -1; run < runs; run++) {
      long t0 = System.nanoTime();
      long n = 0;
      long sink = 0;
      try (CaptureReader r = CaptureReader.open(conf, new org.apache.hadoop.fs.Path(file.toUri()), 0, len, len,
          new CaptureReader.Options())) {
        PacketRecord rec = new PacketRecord();
        while (r.next(rec)) {
          n++;
          sink += rec.wirelen();
          if (decoder != null) {
            decoder.decode(rec.buffer(), rec.dataOffset(), rec.caplen(), rec.wirelen(), rec.linkType(), d);
            sink += d.srcLo;
          }
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      records = n;
      if (run >= 0) mbps[run] = len / 1e6 / s;
      System.out.printf("%s run %d: %d records, %.2f s, %.0f MB/s, %.2f M records/s (checksum %d)%n",
          run < 0 ? "warm-up" : "measured", run, n, s, len / 1e6 / s, n / 1e6 / s, sink);
    }
    java.util.Arrays.sort(mbps);
    double median = mbps[runs / 2];
    System.out.printf("median: %.0f MB/s, %.2f M records/s (%d records, %d bytes, layers %d)%n", median,
        records / (len / 1e6 / median) / 1e6, records, len, layers);
  }
}

package org.pcapanalytics.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GeneratorOptions;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.PacketRecord;

/**
 * The benchmarks' input: a generated capture with the small-packet mix (~300-byte frames) in a
 * temporary file, and its records framed once into memory for the decoding and row benchmarks.
 */
final class BenchCapture {
  final Path file;
  final long bytes;
  /** Each record's frame bytes, caplen, wirelen, link type and timestamp, framed once. */
  final List<PacketRecord> records = new ArrayList<>();

  private BenchCapture(Path file) {
    this.file = file;
    this.bytes = file.toFile().length();
  }

  static BenchCapture create(long size) throws IOException {
    Path f = Files.createTempFile("pcap-jmh-", ".pcap");
    f.toFile().deleteOnExit();
    CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(size).seed(7).mix(GeneratorOptions.Mix.SMALL)
        .build(), f);
    BenchCapture c = new BenchCapture(f);
    try (CaptureReader r = c.open(0)) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) {
        PacketRecord copy = new PacketRecord();
        copy.set(rec.file(), rec.offset(), rec.timestampNanos(), rec.hasTimestamp(), rec.caplen(), rec.wirelen(),
            rec.interfaceId(), rec.linkType(), rec.copyData(), 0);
        c.records.add(copy);
      }
    }
    return c;
  }

  static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    return conf;
  }

  /** A reader of the split {@code [start, end of file)}. */
  CaptureReader open(long start) throws IOException {
    return CaptureReader.open(conf(), new org.apache.hadoop.fs.Path(file.toUri()), start, bytes - start, bytes,
        new CaptureReader.Options());
  }

  void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}

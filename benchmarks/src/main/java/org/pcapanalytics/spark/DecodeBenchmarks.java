package org.pcapanalytics.spark;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pcapanalytics.decode.AddressFormat;
import org.pcapanalytics.decode.AddressTextCache;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.decode.TlsFingerprints;
import org.pcapanalytics.io.PacketRecord;

/**
 * Per-packet costs on 100 000 framed packets of the small mix: decoding up to each layer
 * ({@link Layers}), IP address text (formatted every time vs the reader's cache), and building
 * the Spark row of a column set ({@link Columns}). Scores are nanoseconds per packet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class DecodeBenchmarks {
  static final int PACKETS = 100_000;

  /**
   * Decoder layers: link, link+ip, ..+transport, the six original layers (DNS question, TLS server
   * name, HTTP request), everything (+ whole TLS hellos, QUIC, DNS answers, HTTP headers).
   */
  @State(Scope.Thread)
  public static class Layers {
    @Param({"1", "3", "7", "63", "1023"})
    public int layers;
    PacketDecoder decoder;

    @Setup(Level.Trial)
    public void setUp() {
      decoder = new PacketDecoder(layers);
    }
  }

  /** Column sets of the row benchmark. */
  @State(Scope.Thread)
  public static class Columns {
    @Param({"wirelen", "src_ip,dst_ip,wirelen", "all"})
    public String columns;
    PacketRowWriter writer;

    @Setup(Level.Trial)
    public void setUp() {
      PacketColumn[] selected;
      if (columns.equals("all")) {
        selected = PacketColumn.values();
      } else {
        String[] names = columns.split(",");
        selected = new PacketColumn[names.length];
        for (int i = 0; i < names.length; i++) selected[i] = PacketColumn.byName(names[i]);
      }
      writer = new PacketRowWriter(selected);
    }
  }

  BenchCapture capture;
  List<PacketRecord> records;
  final DecodedPacket decoded = new DecodedPacket();
  DecodedPacket[] decodedAll;
  final byte[] scratch = new byte[64];
  final AddressTextCache cache = new AddressTextCache();
  final TlsFingerprints fingerprints = new TlsFingerprints();
  final byte[] fingerprint = new byte[TlsFingerprints.JA4_LENGTH];

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    capture = BenchCapture.create(40L << 20);
    records = capture.records.subList(0, Math.min(PACKETS, capture.records.size()));
    PacketDecoder all = new PacketDecoder(PacketDecoder.ALL);
    decodedAll = new DecodedPacket[records.size()];
    for (int i = 0; i < decodedAll.length; i++) {
      PacketRecord r = records.get(i);
      decodedAll[i] = new DecodedPacket();
      all.decode(r.buffer(), r.dataOffset(), r.caplen(), r.wirelen(), r.linkType(), decodedAll[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    capture.delete();
  }

  /** Decoding up to {@code layers} (depends on layers only). */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void decode(Layers l, Blackhole bh) {
    for (PacketRecord r : records) {
      l.decoder.decode(r.buffer(), r.dataOffset(), r.caplen(), r.wirelen(), r.linkType(), decoded);
      bh.consume(decoded.srcLo);
    }
  }

  /** Both addresses formatted as text every time. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void addressTextFormatted(Blackhole bh) {
    for (DecodedPacket d : decodedAll) {
      if (d.ipVersion == 0) continue;
      bh.consume(AddressFormat.srcIp(d, scratch, 0) + AddressFormat.dstIp(d, scratch, 0));
    }
  }

  /** Both addresses through the reader's cache of recent addresses. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void addressTextCached(Blackhole bh) {
    for (DecodedPacket d : decodedAll) {
      if (d.ipVersion == 0) continue;
      bh.consume(cache.src(d));
      bh.consume(cache.dst(d));
    }
  }

  /** JA3/JA3S and JA4 of every decoded packet (most have no hello and return at once). */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void fingerprints(Blackhole bh) {
    for (DecodedPacket d : decodedAll) {
      bh.consume(fingerprints.ja3(d, fingerprint, 0));
      bh.consume(fingerprints.ja4(d, fingerprint, 0));
    }
  }

  /** The UnsafeRow of {@code columns} from a decoded packet (depends on columns only). */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void buildRow(Columns c, Blackhole bh) {
    for (int i = 0; i < decodedAll.length; i++) bh.consume(c.writer.write(records.get(i), decodedAll[i]));
  }
}

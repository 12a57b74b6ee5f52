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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.pcapanalytics.decode.CommunityId;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.PacketRecord;

/**
 * Community ID per packet on 100 000 decoded packets of the small mix, beside decoding up to the
 * transport layer (what a {@code community_id} column needs first): as ASCII bytes into a scratch
 * array (what a row writer uses) and as a String. Scores are nanoseconds per packet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"})
public class CommunityIdBenchmarks {
  static final int PACKETS = 100_000;

  BenchCapture capture;
  List<PacketRecord> records;
  DecodedPacket[] decoded;
  final DecodedPacket scratchPacket = new DecodedPacket();
  final PacketDecoder transport = new PacketDecoder(PacketDecoder.TRANSPORT);
  final CommunityId communityId = new CommunityId(0);
  final byte[] scratch = new byte[CommunityId.LENGTH];

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    capture = BenchCapture.create(40L << 20);
    records = capture.records.subList(0, Math.min(PACKETS, capture.records.size()));
    decoded = new DecodedPacket[records.size()];
    for (int i = 0; i < decoded.length; i++) {
      PacketRecord r = records.get(i);
      decoded[i] = new DecodedPacket();
      transport.decode(r.buffer(), r.dataOffset(), r.caplen(), r.wirelen(), r.linkType(), decoded[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    capture.delete();
  }

  /** The reference: decoding link, IP and transport headers. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void decodeTransport(Blackhole bh) {
    for (PacketRecord r : records) {
      transport.decode(r.buffer(), r.dataOffset(), r.caplen(), r.wirelen(), r.linkType(), scratchPacket);
      bh.consume(scratchPacket.srcPort);
    }
  }

  /** The ID as ASCII bytes into a reused array: no allocation. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void communityIdBytes(Blackhole bh) {
    for (DecodedPacket d : decoded) bh.consume(communityId.write(d, scratch, 0));
  }

  /** The ID as a String (one allocation per packet). */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public void communityIdString(Blackhole bh) {
    for (DecodedPacket d : decoded) bh.consume(communityId.of(d));
  }
}

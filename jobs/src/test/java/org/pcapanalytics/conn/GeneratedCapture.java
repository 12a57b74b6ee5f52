package org.pcapanalytics.conn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GenerationSummary;
import org.pcapanalytics.generate.GeneratorOptions;

/**
 * One small generated capture (3 MiB, a simulated week) shared by the tests of a run, with its
 * generation summary, packets and detailed connections (both cached once).
 */
public final class GeneratedCapture {
  private static GeneratedCapture instance;

  public final Path dir;
  public final Path file;
  public final GenerationSummary summary;
  public final Dataset<Row> packets;
  public final Dataset<Row> connections;

  private GeneratedCapture() throws IOException {
    dir = Files.createTempDirectory("pcap-analytics-jobs-test");
    Runtime.getRuntime().addShutdownHook(new Thread(GeneratedCapture::delete));
    file = dir.resolve("generated.pcap");
    summary = CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(3L << 20).seed(11).build(), file);
    packets = JobsTests.spark().read().format("pcap").load(file.toString()).persist(StorageLevel.MEMORY_AND_DISK());
    connections = Connections.detailed(packets, Config.defaults()).persist(StorageLevel.MEMORY_AND_DISK());
  }

  public static synchronized GeneratedCapture get() {
    if (instance == null) {
      try {
        instance = new GeneratedCapture();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  /** The connections with the contract columns. */
  public Dataset<Row> contract() {
    return Connections.contract(connections);
  }

  private static void delete() {
    if (instance == null) return;
    try (Stream<Path> s = Files.walk(instance.dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}

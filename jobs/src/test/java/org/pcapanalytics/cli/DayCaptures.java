package org.pcapanalytics.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.generate.CaptureGenerator;
import org.pcapanalytics.generate.GeneratorOptions;
import org.pcapanalytics.spark.LocalSpark;

/**
 * Generated captures of 12 hours each over two UTC days (2026-03-02 and -03): one in the morning
 * of the first day, one across midnight, one in the day of the second; and a way to run commands
 * through {@link Main} on the tests' SparkSession.
 */
final class DayCaptures {
  static final String[][] FILES = {
      {"a-0302-0200.pcap", "2026-03-02T02:00:00Z", "1"},
      {"b-0302-1800.pcap", "2026-03-02T18:00:00Z", "2"},
      {"c-0303-1000.pcap", "2026-03-03T10:00:00Z", "3"}};

  private DayCaptures() {}

  /** Writes capture {@code i} of {@link #FILES} into {@code dir}. */
  static Path write(Path dir, int i) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(FILES[i][0]);
    CaptureGenerator.generate(GeneratorOptions.builder().targetBytes(400L << 10).seed(Long.parseLong(FILES[i][2]))
        .start(Instant.parse(FILES[i][1])).duration(Duration.ofHours(12)).build(), f);
    return f;
  }

  static SparkSession spark() {
    return LocalSpark.get();
  }

  /** The packets of the files, read directly, in {@code [from, to)} (ISO instants). */
  static Dataset<Row> packets(List<Path> files, String from, String to) {
    List<String> paths = new ArrayList<>();
    for (Path p : files) paths.add(p.toString());
    return spark().read().format("pcap").load(paths.toArray(new String[0]))
        .where("ts >= TIMESTAMP '" + from + "' AND ts < TIMESTAMP '" + to + "'");
  }

  /** Bytes on the wire per address, sent or received (what top-talkers' bytes_total counts). */
  static Map<String, Long> bytesPerAddress(Dataset<Row> packets) {
    packets.createOrReplaceTempView("direct_packets");
    Map<String, Long> m = new HashMap<>();
    for (Row r : spark().sql("SELECT ip, sum(wirelen) FROM (SELECT src_ip AS ip, wirelen FROM direct_packets "
        + "WHERE src_ip IS NOT NULL UNION ALL SELECT dst_ip, wirelen FROM direct_packets WHERE dst_ip IS NOT NULL) "
        + "GROUP BY ip").collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  /** A command's status, stdout and stderr. */
  record Run(int status, String out, String err) {}

  /** Runs through {@link Main#run}; the command finds the tests' session and leaves it open. */
  static Run main(String... args) {
    spark();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}

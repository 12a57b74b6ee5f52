package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.ReadCounter;

/**
 * {@code ignoreCorruptFiles} through {@code spark.read.format("pcap")}: beside a good capture, a
 * truncated gzip capture, a pcapng whose section header is damaged and a text file are skipped
 * (the gzip one after its readable records), counted and named in {@link PcapReadStats}; without
 * the option the error names the file.
 */
class IgnoreCorruptFilesTest {
  @TempDir
  static Path tmp;
  static Path dir;
  static Path gz;
  static Path shb;
  /** Records of the truncated gzip capture before the cut. */
  static long gzRecords;

  private static SparkSession spark() {
    return LocalSpark.get();
  }

  @BeforeAll
  static void directory() throws Exception {
    dir = Files.createDirectories(tmp.resolve("night"));
    Files.copy(Captures.file("dns_packets.pcap"), dir.resolve("good.pcap"));
    byte[] z = Files.readAllBytes(Captures.file("sll_mixed.pcap.gz"));
    gz = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(z, 40_000)); // as `head -c 40000`
    byte[] ng = Files.readAllBytes(Captures.file("http_espn.pcapng"));
    ng[4] += 4; // the first SHB's total length no longer matches its trailing copy
    shb = Files.write(dir.resolve("damaged.pcapng"), ng);
    Files.writeString(dir.resolve("notes.txt"), "not a capture\n");
    gzRecords = Captures.readFile(gz, new CaptureReader.Options().ignoreCorruptFiles(true)).size();
    assertTrue(gzRecords > 100 && gzRecords < 518, gzRecords + " records before the cut");
  }

  @Test
  void theOptionSkipsWhatCannotBeReadAndNamesTheFiles() {
    // count(*) is computed by the readers (pushed aggregation); ts is read row by row. In 64 KiB
    // splits the damaged pcapng is 11 splits and the good capture 2: each file is counted once.
    for (String query : new String[] {"SELECT count(*) FROM night", "SELECT count(ts) FROM (SELECT ts FROM night)",
        "SELECT count(*) FROM night_in_splits"}) {
      spark().read().format("pcap").option("ignoreCorruptFiles", "true").load(dir.toString())
          .createOrReplaceTempView("night");
      spark().read().format("pcap").option("ignoreCorruptFiles", "true").option("splitSize", "65536")
          .load(dir.toString()).createOrReplaceTempView("night_in_splits");
      Dataset<Row> df = spark().sql(query);
      assertEquals(464 + gzRecords, df.collectAsList().get(0).getLong(0), query);
      PcapReadStats stats = PcapReadStats.of(df);
      assertEquals(464 + gzRecords, stats.get(ReadCounter.RECORDS), stats.toString());
      assertEquals(1, stats.get(ReadCounter.FILES_NOT_CAPTURE), stats.toString());
      assertEquals(2, stats.get(ReadCounter.CORRUPT_FILES), stats.toString());
      Map<String, String> skipped = stats.skippedFiles();
      assertEquals(new TreeSet<>(java.util.List.of("cut.pcap.gz", "damaged.pcapng", "notes.txt")),
          new TreeSet<>(skipped.keySet().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList()), query);
      String gzWhy = skipped.get(gz.toUri().toString().replace("file:///", "file:/"));
      assertTrue(gzWhy != null && gzWhy.matches("at offset \\d+: truncated gzip stream after \\d+ bytes of capture .*"),
          skipped.toString());
      String shbWhy = skipped.get(shb.toUri().toString().replace("file:///", "file:/"));
      assertTrue(shbWhy != null && shbWhy.startsWith("at offset 0: bad pcapng section header: block total length"),
          skipped.toString());
    }
  }

  @Test
  void sparksOwnSettingDoesTheSame() {
    spark().conf().set("spark.sql.files.ignoreCorruptFiles", "true");
    try {
      assertEquals(464 + gzRecords, spark().read().format("pcap").load(dir.toString()).count());
    } finally {
      spark().conf().unset("spark.sql.files.ignoreCorruptFiles");
    }
  }

  @Test
  void withoutTheOptionTheErrorNamesTheFile() {
    Exception e = assertThrows(Exception.class, () -> spark().read().format("pcap").load(gz.toString()).count());
    String m = DataSourceSqlTest.rootMessage(e);
    assertTrue(m.contains("cut.pcap.gz at offset ") && m.contains("truncated gzip stream after "), m);
    e = assertThrows(Exception.class, () -> spark().read().format("pcap").load(shb.toString()).count());
    m = DataSourceSqlTest.rootMessage(e);
    assertTrue(m.contains("damaged.pcapng at offset 0: bad pcapng section header"), m);
    e = assertThrows(Exception.class, () -> spark().read().format("pcap").load(dir.toString()).count());
    m = DataSourceSqlTest.rootMessage(e);
    assertTrue(m.contains("cut.pcap.gz") || m.contains("damaged.pcapng") || m.contains("notes.txt"), m);
  }
}

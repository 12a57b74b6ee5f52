package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.ReadCounter;
import org.pcapanalytics.spark.PcapReadStats;

/**
 * The {@code readStats} of every report are what a plain read of the input counts, also for
 * reports whose outputs come out empty (adaptive execution then drops the scans from the final
 * plan), or absent with a reason, never zeros that claim a clean or empty input.
 */
class ReadStatsTest {
  @TempDir
  Path tmp;

  /** A TLS capture (no DNS) with a damaged record header: 43 records, 76 bytes skipped. */
  private static final String CORRUPT = Captures.file("tls_sni_corrupt_record10_header.pcap").toString();

  private ObjectNode run(String report, Config config) throws IOException {
    ReportOptions o = ReportOptions.builder().inputs(List.of(CORRUPT)).config(config)
        .outputDir(tmp.resolve(report).toString()).build();
    return ReportRunner.run(JobsTests.spark(), report, o, new PrintStream(OutputStream.nullOutputStream()));
  }

  /** What reading the capture whole counts. */
  private static PcapReadStats direct() {
    Dataset<Row> d = JobsTests.spark().read().format("pcap").option("pushAggregates", "false").load(CORRUPT)
        .selectExpr("count(decode_error)");
    d.collectAsList();
    return PcapReadStats.of(d);
  }

  @Test
  void everyReportCountsWhatWasRead() throws IOException {
    PcapReadStats expected = direct();
    assertEquals(43, expected.get(ReadCounter.RECORDS), expected.toString());
    assertEquals(76, expected.get(ReadCounter.SKIPPED_BYTES), expected.toString());
    Config watching = Config.fromJson("{ \"watchlist\": { \"domains\": [\"example.org\"] } }");
    for (String report : List.of("dns", "watchlist", "top-talkers")) {
      JsonNode stats = run(report, watching).path("readStats");
      for (ReadCounter c : ReadCounter.values()) {
        if (c.jsonKey() == null || c == ReadCounter.DECODE_ERRORS) continue; // decode errors: of the layers decoded
        assertEquals(expected.get(c), stats.path(c.jsonKey()).asLong(-1), report + " " + c + ": " + stats);
      }
    }
  }

  @Test
  void absentWithAReasonWhenNothingReadTheCaptures() throws IOException {
    // no watch list: the report has nothing to look for and reads nothing
    ObjectNode s = run("watchlist", Config.defaults());
    assertTrue(s.path("readStats").isNull(), s.toString());
    assertEquals("no output of this run read the captures", s.path("readStatsAbsent").asText());
  }
}

package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.GeneratedCapture;
import org.pcapanalytics.conn.JobsTests;
import org.pcapanalytics.generate.GenerationSummary.Counter;
import org.pcapanalytics.generate.GenerationSummary;

/** Reports over a generated capture against what the generator knows it wrote. */
class ReportsGeneratedTest {
  private final GeneratedCapture g = GeneratedCapture.get();
  @TempDir
  Path tmp;

  @Test
  void topTalkersAreTheGeneratorsEndpoints() {
    Dataset<Row> t = TopTalkersReport.topTalkers(TopTalkersReport.directedPairs(g.packets), g.contract(), 0);
    Map<String, GenerationSummary.EndpointStats> expected = g.summary.endpoints();
    List<Row> rows = t.collectAsList();
    assertEquals(expected.size(), rows.size());
    List<String> problems = new ArrayList<>();
    for (Row r : rows) {
      GenerationSummary.EndpointStats e = expected.get((String) r.getAs("ip"));
      if (e == null || e.bytesSent() != (long) r.getAs("bytes_sent")
          || e.bytesReceived() != (long) r.getAs("bytes_received") || e.framesSent() != (long) r.getAs("packets_sent")
          || e.framesReceived() != (long) r.getAs("packets_received")) {
        problems.add(r + " vs " + e);
      }
    }
    assertEquals(List.of(), problems);
    // the top one by bytes, and the ranking keeps topN rows
    long max = expected.values().stream().mapToLong(GenerationSummary.EndpointStats::bytes).max().orElseThrow();
    assertEquals(max, (long) rows.get(0).getAs("bytes_total"));
    assertEquals(5, TopTalkersReport.topTalkers(TopTalkersReport.directedPairs(g.packets), g.contract(), 5).count());
  }

  @Test
  void afterHoursInUtcMatchTheHourOfWeekBuckets() {
    // default business hours: Monday to Friday, 08:00-18:00 UTC; the generator counts connection
    // starts (TCP, UDP flows, pings) per UTC hour of the week
    long[] starts = g.summary.connectionStartsByHourOfWeek();
    long expected = 0;
    for (int how = 0; how < 168; how++) {
      int day = how / 24;
      int hour = how % 24;
      if (day >= 5 || hour < 8 || hour >= 18) expected += starts[how];
    }
    Dataset<Row> ah = AfterHoursReport.afterHours(g.contract(), Config.defaults()).cache();
    assertTrue(expected > 20, "after-hours starts: " + expected);
    // ICMP errors (unreachable) are connections of their own that the generator does not count as starts
    assertEquals(expected, ah.where("NOT (proto = 'icmp' AND orig_port NOT IN (8, 128))").count());
    // the planned large uploads after hours are among the internal -> external ones
    long uploads = g.summary.count(Counter.AFTER_HOURS_UPLOADS);
    assertTrue(uploads > 0);
    assertTrue(ah.where("internal_to_external AND bytes_out >= 10000 AND resp_port = 443").count() >= uploads);
    Row r = ah.selectExpr("min(local_start = CAST(start_ts AS TIMESTAMP_NTZ))", "count(*)").first();
    assertEquals(true, r.get(0), "UTC wall clock");
    ah.unpersist();
  }

  @Test
  void errorsAndDnsFailuresCountWhatWentWrong() throws IOException {
    GenerationSummary s = g.summary;
    Row e = ErrorsReport.errors(g.packets, g.packets, g.connections).selectExpr("sum(s0)", "sum(rej)", "sum(resets)",
        "sum(icmp_unreachable)", "sum(dns_nxdomain)", "sum(dns_servfail)", "sum(failures)").first();
    assertEquals(s.count(Counter.TCP_S0), e.getLong(0));
    assertEquals(s.count(Counter.TCP_REJ), e.getLong(1));
    assertEquals(s.count(Counter.TCP_RSTO) + s.count(Counter.TCP_RSTR), e.getLong(2));
    assertEquals(s.count(Counter.ICMP_UNREACHABLE), e.getLong(3));
    assertEquals(s.count(Counter.DNS_NXDOMAIN), e.getLong(4));
    assertEquals(s.count(Counter.DNS_SERVFAIL), e.getLong(5));
    assertTrue(e.getLong(4) > 0 && e.getLong(1) > 0 && e.getLong(3) > 0);
    // the report run takes the ICMP unreachables and the DNS answers from its one read of the sparse packets
    ReportOptions o = ReportOptions.builder().inputs(List.of(g.file.toString()))
        .outputDir(tmp.resolve("errors").toString()).format("json").build();
    ReportRunner.run(JobsTests.spark(), ErrorsReport.ERRORS.name(), o, new PrintStream(OutputStream.nullOutputStream()));
    Row w = JobsTests.spark().read().schema(ErrorsReport.errors(g.packets, g.packets, g.connections).schema())
        .json(tmp.resolve("errors").resolve(ErrorsReport.ERRORS.name()).toString())
        .selectExpr("sum(s0)", "sum(rej)", "sum(resets)", "sum(icmp_unreachable)", "sum(dns_nxdomain)",
            "sum(dns_servfail)", "sum(failures)").first();
    assertEquals(e, w);

    Row d = DnsReport.dnsFailures(g.packets).selectExpr("sum(nxdomain)", "sum(servfail)", "sum(failures)").first();
    assertEquals(s.count(Counter.DNS_NXDOMAIN), d.getLong(0));
    assertEquals(s.count(Counter.DNS_SERVFAIL), d.getLong(1));
    assertEquals(d.getLong(0) + d.getLong(1), d.getLong(2));
    Row q = DnsReport.dnsTopNames(g.packets, 0).selectExpr("sum(queries)", "sum(nxdomain)").first();
    assertEquals(s.count(Counter.DNS_TRANSACTIONS), q.getLong(0));
    assertEquals(s.count(Counter.DNS_NXDOMAIN), q.getLong(1));
  }

  @Test
  void summaryTotals() {
    Row t = SummaryReport.summaryTotals(g.packets).first();
    assertEquals(g.summary.records(), (long) t.getAs("packets"));
    assertEquals(g.summary.wireBytes(), (long) t.getAs("bytes"));
    assertEquals(g.summary.ipFrames(), (long) t.getAs("ip_packets"));
    assertEquals(g.summary.records(), SummaryReport.summaryProtocols(g.packets).selectExpr("sum(packets)").first()
        .getLong(0));
    assertEquals(g.summary.wireBytes(),
        SummaryReport.summaryHourly(g.packets).selectExpr("sum(bytes)").first().getLong(0));
  }
}

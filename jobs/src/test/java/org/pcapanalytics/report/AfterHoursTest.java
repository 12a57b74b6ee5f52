package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.conn.JobsTests;

/**
 * After hours in Europe/Berlin across the switch to summer time (2026-03-29, 02:00 CET -> 03:00
 * CEST, i.e. 01:00 UTC) and a holiday (Good Friday, 2026-04-03).
 */
class AfterHoursTest {
  private static final Config BERLIN = Config.fromJson("""
      { "businessHours": { "timeZone": "Europe/Berlin", "holidays": ["2026-04-03"] },
        "internalNetworks": ["10.0.0.0/8"] }
      """);

  private static Row connection(String uid, String startUtc, String resp, long origBytes) {
    Timestamp ts = Timestamp.from(Instant.parse(startUtc));
    return RowFactory.create(uid, ts, ts, 0.0, "10.0.0.5", 50000, resp, 443, "tcp", "tls", origBytes, 10L, 100L, 100L,
        2L, 2L, "SF", "ShADadFf", null, true, resp.startsWith("10."), "1:" + uid, "example.com",
        "t13d1516h2_8daaf6152771_e5627efa2ab1", null, null);
  }

  @Test
  void daylightSavingTimeAndHolidays() {
    List<Row> rows = new ArrayList<>();
    // winter time, UTC+1: 07:30 UTC is 08:30 local, inside (UTC or summer-time rules would say outside)
    rows.add(connection("C-winter-0830", "2026-03-23T07:30:00Z", "10.9.9.9", 1));
    // Sunday night, 01:30 local: a weekend
    rows.add(connection("C-sunday-0130", "2026-03-29T00:30:00Z", "10.9.9.9", 1));
    // summer time, UTC+2: 06:30 UTC is 08:30 local, inside
    rows.add(connection("C-summer-0830", "2026-03-30T06:30:00Z", "10.9.9.9", 1));
    // 05:30 UTC is 07:30 local, outside, to the outside world
    rows.add(connection("C-summer-0730", "2026-03-30T05:30:00Z", "203.0.113.7", 5000));
    // 16:30 UTC is 18:30 local, outside (with winter time it would be 17:30, inside)
    rows.add(connection("C-summer-1830", "2026-03-30T16:30:00Z", "203.0.113.7", 7000));
    // Thursday 12:00 local, inside; Good Friday 12:00 local, a holiday
    rows.add(connection("C-thursday-1200", "2026-04-02T10:00:00Z", "10.9.9.9", 1));
    rows.add(connection("C-holiday-1200", "2026-04-03T10:00:00Z", "10.9.9.9", 1));
    Dataset<Row> c = JobsTests.spark().createDataFrame(rows, Connections.SCHEMA);

    List<Row> ah = AfterHoursReport.afterHours(c, BERLIN).collectAsList();
    List<String> uids = new ArrayList<>();
    ah.forEach(r -> uids.add(r.getAs("uid")));
    assertEquals(List.of("C-sunday-0130", "C-summer-0730", "C-summer-1830", "C-holiday-1200"), uids);
    assertEquals(LocalDateTime.parse("2026-03-29T01:30:00"), ah.get(0).getAs("local_start"));
    assertEquals(LocalDateTime.parse("2026-03-30T07:30:00"), ah.get(1).getAs("local_start"));
    assertEquals(LocalDateTime.parse("2026-03-30T18:30:00"), ah.get(2).getAs("local_start"));
    assertEquals(LocalDateTime.parse("2026-04-03T12:00:00"), ah.get(3).getAs("local_start"));
    // internal -> external ones and what they sent out
    assertEquals(List.of(false, true, true, false), List.of(ah.get(0).getAs("internal_to_external"),
        ah.get(1).getAs("internal_to_external"), ah.get(2).getAs("internal_to_external"),
        ah.get(3).getAs("internal_to_external")));
    assertEquals(5000L, (long) ah.get(1).getAs("bytes_out"));
    assertEquals(0L, (long) ah.get(3).getAs("bytes_out"));
    // the columns: those of connections, then local_start, internal_to_external, bytes_out
    List<String> expected = new ArrayList<>(List.of(Connections.SCHEMA.fieldNames()));
    expected.addAll(List.of("local_start", "internal_to_external", "bytes_out"));
    assertEquals(expected, List.of(ah.get(0).schema().fieldNames()));
  }
}

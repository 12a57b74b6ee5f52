package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.CaptureSplit;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.ReadCounter;

/**
 * Option {@code timeOrdered}: a reader stops a file at its first record after the time window,
 * and returns exactly the rows it returns without the option.
 */
class TimeOrderedReadTest {
  /** The timestamps the reader returns; {@code read[0]} gets the records it framed. */
  private static List<Long> read(Path f, TimeRange range, long[] read) throws Exception {
    long len = Files.size(f);
    return read(f, 0, len, range, read);
  }

  /** The same for the split [start, start + length) of {@code f}. */
  private static List<Long> read(Path f, long start, long length, TimeRange range, long[] read) throws Exception {
    long len = Files.size(f);
    CaptureSplit whole = new CaptureSplit(new String[] {f.toUri().toString()}, new long[] {start},
        new long[] {length}, new long[] {len}, new String[0]);
    PcapPartitionReader r = new PcapPartitionReader(whole, new Configuration(),
        ReadSettings.rows(new CaptureReader.Options(), range, PacketPredicate.ALL, 0, PacketColumn.TS_NS), null);
    List<Long> ts = new ArrayList<>();
    try {
      while (r.next()) ts.add(r.get().getLong(0));
      for (CustomTaskMetric m : r.currentMetricsValues()) {
        if (m.name().equals(ReadCounter.RECORDS.metricName())) read[0] = m.value();
      }
    } finally {
      r.close();
    }
    return ts;
  }

  @Test
  void stopsAtTheFirstRecordAfterTheWindowWithTheSameRows() throws Exception {
    Path f = Captures.file("dns_packets.pcap");
    long[] n = new long[1];
    List<Long> all = read(f, TimeRange.ALL, n);
    assertEquals(464, all.size());
    for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1) <= all.get(i), "the capture is in time order");

    TimeRange window = new TimeRange(all.get(100), all.get(199));
    long[] plainRead = new long[1];
    List<Long> plain = read(f, window, plainRead);
    long[] orderedRead = new long[1];
    List<Long> ordered = read(f, window.ordered(true), orderedRead);

    int first = all.indexOf(all.get(100));
    int afterLast = all.lastIndexOf(all.get(199)) + 1;
    assertEquals(all.subList(first, afterLast), plain);
    assertEquals(plain, ordered);
    assertEquals(464, plainRead[0], "without the option every record is framed");
    assertEquals(afterLast + 1, orderedRead[0], "with it, reading stops at the first record after the window");

    long[] pastRead = new long[1];
    assertEquals(List.of(), read(f, new TimeRange(Long.MIN_VALUE, all.get(0) - 1).ordered(true), pastRead));
    assertEquals(1, pastRead[0]);
  }

  @Test
  void splitsWhollyBeforeTheWindowAreNotRead() throws Exception {
    for (String name : List.of("dns_packets.pcap", "http_espn.pcapng")) {
      Path f = Captures.file(name);
      long len = Files.size(f);
      List<Long> all = read(f, TimeRange.ALL, new long[1]);
      long from = all.get(all.size() * 3 / 4);
      TimeRange window = new TimeRange(from, Long.MAX_VALUE);
      List<Long> plain = new ArrayList<>();
      List<Long> ordered = new ArrayList<>();
      int skipped = 0;
      long orderedRead = 0;
      long step = 4096;
      for (long start = 0; start < len; start += step) {
        long n = Math.min(step, len - start);
        List<Long> inSplit = read(f, start, n, TimeRange.ALL, new long[1]);
        plain.addAll(read(f, start, n, window, new long[1]));
        long[] read = new long[1];
        ordered.addAll(read(f, start, n, window.ordered(true), read));
        orderedRead += read[0];
        // the first record of the next split, which every record of this one precedes
        List<Long> next = start + n < len ? read(f, start + n, len - start - n, TimeRange.ALL, new long[1]) : List.of();
        if (!inSplit.isEmpty() && !next.isEmpty() && next.get(0) < from) {
          assertEquals(0, read[0], name + ": a split before the window reads nothing, at " + start);
          skipped++;
        } else {
          assertEquals(inSplit.size(), read[0], name + ": any other split reads its records, at " + start);
        }
      }
      assertEquals(plain, ordered, name);
      assertEquals(all.subList(all.indexOf(from), all.size()), ordered, name);
      assertTrue(skipped > len / step / 2, name + ": " + skipped + " splits skipped");
      assertTrue(orderedRead < all.size() / 2, name + ": " + orderedRead + " records read");
    }
  }

  @Test
  void theOptionThroughSparkInManySplits() {
    String f = Captures.file("dns_packets.pcap").toString();
    // the capture spans 19:15:30 to 19:36:47
    String q = "SELECT count(*), min(ts_ns), max(ts_ns) FROM t"
        + " WHERE ts_ns >= 1413055200000000000 AND ts < TIMESTAMP '2014-10-11 19:30:00'";
    LocalSpark.get().read().format("pcap").option("splitSize", "8k").load(f).createOrReplaceTempView("t");
    org.apache.spark.sql.Row plain = LocalSpark.get().sql(q).first();
    assertTrue(plain.getLong(0) > 0 && plain.getLong(0) < 464, plain.toString());
    LocalSpark.get().read().format("pcap").option("splitSize", "8k").option("timeOrdered", "true").load(f)
        .createOrReplaceTempView("t");
    assertEquals(plain.toString(), LocalSpark.get().sql(q).first().toString());
    String explain = LocalSpark.get().sql("EXPLAIN " + q).first().getString(0);
    assertTrue(explain.contains("timeOrdered"), explain);
  }
}

package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * {@link CaptureRecordReader#skipRangesBefore}: on time-ordered files, the records before a time
 * are skipped by bisection without losing any record at or after it.
 */
class SkipBeforeTest {
  /** Timestamps of the records read from the whole file; {@code read[0]} gets how many were framed. */
  private static List<Long> read(Path f, long skipBefore, long grain, long[] read) throws Exception {
    long len = Files.size(f);
    CaptureSplit whole = new CaptureSplit(new String[] {f.toUri().toString()}, new long[] {0}, new long[] {len},
        new long[] {len}, new String[0]);
    List<Long> ts = new ArrayList<>();
    try (CaptureRecordReader r = new CaptureRecordReader()) {
      r.initialize(whole, new Configuration(), new CaptureReader.Options());
      if (skipBefore != Long.MIN_VALUE) r.skipRangesBefore(skipBefore, grain);
      while (r.nextKeyValue()) ts.add(r.getCurrentValue().timestampNanos());
      r.close();
      read[0] = r.counters().get(ReadCounter.RECORDS);
    }
    return ts;
  }

  @Test
  void bisectsToNearTheTimeAndKeepsEveryLaterRecord() throws Exception {
    for (String name : List.of("dns_packets.pcap", "http_espn.pcapng")) {
      Path f = Captures.file(name);
      List<Long> all = read(f, Long.MIN_VALUE, 0, new long[1]);
      for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1) <= all.get(i), name + " is in time order");
      for (int at : new int[] {1, all.size() / 3, all.size() * 9 / 10, all.size() - 1}) {
        long from = all.get(at);
        long[] n = new long[1];
        List<Long> got = read(f, from, 2048, n);
        int first = all.indexOf(from);
        List<Long> wanted = all.subList(first, all.size());
        // every record at or after the time, in order, after at most a grain's worth of earlier ones
        assertEquals(wanted, got.subList(got.size() - wanted.size(), got.size()), name + " from record " + at);
        for (long t : got.subList(0, got.size() - wanted.size())) assertTrue(t < from);
        assertEquals(got.size(), n[0], "records framed are the records returned");
        int maxEarlier = at < 10 ? at : all.size() / 8;
        assertTrue(got.size() - wanted.size() <= maxEarlier,
            name + " from record " + at + ": " + (got.size() - wanted.size()) + " earlier records read");
      }
      // a time after the last record: the file is read from near its end; before the first: all of it
      long[] n = new long[1];
      assertEquals(List.of(), read(f, all.get(all.size() - 1) + 1, 2048, n).stream()
          .filter(t -> t > all.get(all.size() - 1)).toList());
      assertTrue(n[0] < all.size() / 4, name + ": " + n[0]);
      assertEquals(all, read(f, all.get(0), 2048, n));
    }
  }

  @Test
  void aCompressedCaptureCannotBeEnteredMidwayAndIsReadWhole() throws Exception {
    Path f = Captures.file("sll_mixed.pcap.gz");
    List<Long> all = read(f, Long.MIN_VALUE, 0, new long[1]);
    assertTrue(all.size() > 10);
    long[] n = new long[1];
    assertEquals(all, read(f, all.get(all.size() / 2), 2048, n));
    assertEquals(all.size(), n[0]);
  }
}

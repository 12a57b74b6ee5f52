package org.pcapanalytics.generate;

import java.util.HashMap;
import java.util.Map;

/** Accumulates a {@link GenerationSummary} while packets are written; per-host counters live in arrays. */
final class SummaryRecorder {
  private final long[] counts = new long[GenerationSummary.Counter.values().length];
  private final long[] connectionStarts = new long[168];
  private final long[] tcpConnectionStarts = new long[168];
  private final long[] framesSent;
  private final long[] bytesSent;
  private final long[] framesReceived;
  private final long[] bytesReceived;
  private long records;
  private long wireBytes;
  private long capturedBytes;
  private long ipFrames;
  private long firstTs;
  private long lastTs;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;

  SummaryRecorder(int hosts) {
    framesSent = new long[hosts];
    bytesSent = new long[hosts];
    framesReceived = new long[hosts];
    bytesReceived = new long[hosts];
  }

  /** One record; {@code src}/{@code dst} are host ids of the outermost IP header, or -1 without one. */
  void packet(long ts, int caplen, int wirelen, int src, int dst) {
    if (records == 0) {
      firstTs = ts;
    }
    records++;
    lastTs = ts;
    minTs = Math.min(minTs, ts);
    maxTs = Math.max(maxTs, ts);
    wireBytes += wirelen;
    capturedBytes += caplen;
    if (caplen < wirelen) {
      counts[GenerationSummary.Counter.TRUNCATED_RECORDS.ordinal()]++;
    }
    if (src >= 0) {
      ipFrames++;
      framesSent[src]++;
      bytesSent[src] += wirelen;
      framesReceived[dst]++;
      bytesReceived[dst] += wirelen;
    }
  }

  void add(GenerationSummary.Counter c) {
    counts[c.ordinal()]++;
  }

  void add(GenerationSummary.Counter c, long n) {
    counts[c.ordinal()] += n;
  }

  void connectionStart(long ts, boolean tcp) {
    int how = TimeModel.hourOfWeek(ts);
    connectionStarts[how]++;
    if (tcp) {
      tcpConnectionStarts[how]++;
    }
  }

  GenerationSummary build(GeneratorOptions opts, long fileBytes, long nonPacketBlocks, int sections,
              int interfaces, Hosts hosts) {
    Map<String, GenerationSummary.EndpointStats> endpoints = new HashMap<>();
    for (int h = 0; h < framesSent.length; h++) {
      if (framesSent[h] + framesReceived[h] > 0) {
        endpoints.put(hosts.text[h], new GenerationSummary.EndpointStats(framesSent[h], bytesSent[h],
            framesReceived[h], bytesReceived[h]));
      }
    }
    return new GenerationSummary(opts, records, fileBytes, wireBytes, capturedBytes, ipFrames,
        records == 0 ? 0 : firstTs, records == 0 ? 0 : lastTs, records == 0 ? 0 : minTs,
        records == 0 ? 0 : maxTs, nonPacketBlocks, sections, interfaces, counts, connectionStarts,
        tcpConnectionStarts, endpoints);
  }
}

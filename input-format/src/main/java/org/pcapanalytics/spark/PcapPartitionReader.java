package org.pcapanalytics.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.HandshakeReassembly;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureRecordReader;
import org.pcapanalytics.io.CaptureSplit;
import org.pcapanalytics.io.PacketRecord;
import org.pcapanalytics.io.ReadCounter;
import org.pcapanalytics.io.ReadCounters;

/**
 * Reads one partition: frames from the split's ranges, the time window applied before any
 * decoding, then only the decoder layers the selected columns need (with the TLS hellos that span
 * packets of the split completed by its own {@link HandshakeReassembly}), the pushed filters it
 * evaluates ({@link PacketPredicate}, on a narrow row of their columns), and the row written into
 * a reused row.
 */
final class PcapPartitionReader implements PartitionReader<InternalRow> {
  private final CaptureRecordReader records = new CaptureRecordReader();
  private final PacketDecoder decoder;
  private final DecodedPacket decoded = new DecodedPacket();
  /**
   * TLS hellos spread over packets of this split (TCP segments, QUIC Initials) and QUIC servers'
   * Initials; null unless the columns read TLS.
   */
  private final HandshakeReassembly handshakes;
  private final PacketRowWriter writer;
  private final PacketPredicate filter;
  /** The columns the filter reads, written to test it (null when there is no filter). */
  private final PacketRowWriter filterColumns;
  private final TimeRange range;
  private final PcapMetrics.Reporter metrics = new PcapMetrics.Reporter();
  private final SkippedFiles skippedFiles;
  private final boolean dropMalformed;
  /** What this reader counts itself (the framing reader counts the rest). */
  private final ReadCounters decoding = new ReadCounters();
  private InternalRow current;

  PcapPartitionReader(CaptureSplit split, Configuration conf, ReadSettings settings, SkippedFiles skippedFiles)
      throws IOException {
    records.initialize(split, conf, settings.capture);
    this.skippedFiles = skippedFiles;
    this.range = settings.range;
    if (range.skipsBefore()) records.skipRangesBefore(range.fromNs);
    this.decoder = settings.layers == PacketDecoder.NONE ? null : new PacketDecoder(settings.layers);
    // The decoder's own mask: the layers asked for plus those they imply (TLS_HELLO and QUIC need TLS).
    this.handshakes = decoder != null && (decoder.layers() & PacketDecoder.TLS) != 0 ? new HandshakeReassembly() : null;
    this.writer = settings.writer(settings.columns);
    this.filter = settings.packetFilter();
    this.filterColumns = filter.isAll() ? null : settings.writer(filter.columns());
    this.dropMalformed = settings.dropMalformed();
  }

  @Override
  public boolean next() throws IOException {
    if (!advance()) return false;
    current = writer.write(records.getCurrentValue(), decoded);
    return true;
  }

  /**
   * Moves to the next record that passes the time window, the mode and the filter,
   * decoded as far as the columns need; false at the end of the split.
   */
  boolean advance() throws IOException {
    boolean timed = !range.isAll();
    while (records.nextKeyValue()) {
      PacketRecord r = records.getCurrentValue();
      if (timed) {
        if (!r.hasTimestamp()) continue;
        long ns = r.timestampNanos();
        if (!range.contains(ns)) {
          if (range.endsBefore(ns)) records.skipRestOfFile();
          continue;
        }
      }
      if (decoder != null) {
        decoder.decode(r.buffer(), r.dataOffset(), r.caplen(), r.wirelen(), r.linkType(), decoded);
        if (handshakes != null) handshakes.accept(decoded);
        if (decoded.decodeError != null) {
          decoding.add(ReadCounter.DECODE_ERRORS, 1);
          if (dropMalformed) {
            decoding.add(ReadCounter.DROPPED_MALFORMED_ROWS, 1);
            continue;
          }
        }
      }
      if (filterColumns != null && !filter.test((UnsafeRow) filterColumns.write(r, decoded))) continue;
      return true;
    }
    return false;
  }

  /** The record {@link #advance} stopped at, and its decoded layers. */
  PacketRecord record() {
    return records.getCurrentValue();
  }

  DecodedPacket decoded() {
    return decoded;
  }

  @Override
  public InternalRow get() {
    return current;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    ReadCounters live = records.liveCounters();
    live.addCounts(decoding);
    return metrics.changed(live);
  }

  @Override
  public void close() throws IOException {
    records.close();
    if (skippedFiles != null) records.skippedFiles().forEach(skippedFiles::add);
  }
}

package org.pcapanalytics.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureRecordReader;
import org.pcapanalytics.io.CaptureSplit;
import org.pcapanalytics.io.PacketRecord;
import org.pcapanalytics.io.ParseMode;
import org.pcapanalytics.io.PcapInputFormat;

/**
 * Reads one partition: frames from the split's ranges, the time window applied before any
 * decoding, then only the decoder layers the selected columns need, the pushed {@code IS NOT NULL}
 * filters, and the row written into a reused row.
 */
final class PcapPartitionReader implements PartitionReader<InternalRow> {
  private final CaptureRecordReader records = new CaptureRecordReader();
  private final PacketDecoder decoder;
  private final DecodedPacket decoded = new DecodedPacket();
  private final PacketRowWriter writer;
  /** The columns of pushed IS NOT NULL filters, written to test them (null when there are none). */
  private final PacketRowWriter notNull;
  private final int notNullCount;
  private final TimeRange range;
  private final PcapMetrics.Reporter metrics = new PcapMetrics.Reporter();
  private final SkippedFiles skippedFiles;
  private final boolean dropMalformed;
  private InternalRow current;
  private long decodeErrors;
  private long dropped;

  PcapPartitionReader(CaptureSplit split, Configuration conf, int[] ordinals, int[] notNullOrdinals, int layers,
      TimeRange range, ParseMode mode, long lookback, boolean ignoreCorruptFiles, SkippedFiles skippedFiles)
      throws IOException {
    Configuration c = new Configuration(conf);
    c.set(PcapInputFormat.MODE, mode.name());
    c.setLong(PcapInputFormat.LOOKBACK, lookback);
    c.setBoolean(PcapInputFormat.IGNORE_CORRUPT_FILES, ignoreCorruptFiles);
    this.skippedFiles = skippedFiles;
    records.initialize(split, c);
    if (range.skipsBefore()) records.skipRangesBefore(range.fromNs);
    this.decoder = layers == 0 ? null : new PacketDecoder(layers);
    this.writer = new PacketRowWriter(ordinals);
    this.notNull = notNullOrdinals.length == 0 ? null : new PacketRowWriter(notNullOrdinals);
    this.notNullCount = notNullOrdinals.length;
    this.range = range;
    this.dropMalformed = mode == ParseMode.DROPMALFORMED;
  }

  @Override
  public boolean next() throws IOException {
    if (!advance()) return false;
    current = writer.write(records.getCurrentValue(), decoded);
    return true;
  }

  /**
   * Moves to the next record that passes the time window, the mode and the IS NOT NULL filters,
   * decoded as far as the columns need; false at the end of the split.
   */
  boolean advance() throws IOException {
    boolean timed = !range.isAll();
    next:
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
        if (decoded.decodeError != null) {
          decodeErrors++;
          if (dropMalformed) {
            dropped++;
            continue;
          }
        }
      }
      if (notNull != null) {
        InternalRow t = notNull.write(r, decoded);
        for (int i = 0; i < notNullCount; i++) if (t.isNullAt(i)) continue next;
      }
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
    return metrics.changed(records.liveCounters(), decodeErrors, dropped);
  }

  @Override
  public void close() throws IOException {
    records.close();
    if (skippedFiles != null) records.skippedFiles().forEach(skippedFiles::add);
  }
}

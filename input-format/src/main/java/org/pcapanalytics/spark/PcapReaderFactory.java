package org.pcapanalytics.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.pcapanalytics.io.ParseMode;

/** Shipped to executors: everything a partition reader needs, nothing session-bound. */
final class PcapReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;
  private final SerializableConf conf;
  private final int[] ordinals;
  private final int[] notNull;
  private final PushedAggregation aggregation;
  private final int layers;
  private final TimeRange range;
  private final ParseMode mode;
  private final long lookback;
  private final boolean ignoreCorruptFiles;
  /** Registered on the driver; each task adds to its own copy, merged back when the task ends. */
  private final SkippedFiles skippedFiles;

  PcapReaderFactory(SerializableConf conf, int[] ordinals, int[] notNull, int layers, TimeRange range, ParseMode mode,
      long lookback, boolean ignoreCorruptFiles, SkippedFiles skippedFiles, PushedAggregation aggregation) {
    this.conf = conf;
    this.ordinals = ordinals;
    this.notNull = notNull;
    this.aggregation = aggregation;
    this.layers = layers;
    this.range = range;
    this.mode = mode;
    this.lookback = lookback;
    this.ignoreCorruptFiles = ignoreCorruptFiles;
    this.skippedFiles = skippedFiles;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    try {
      // IS NOT NULL on a group column is tested on the group's key row, not on a row of its own
      int[] keyNotNull = aggregation == null ? new int[0] : aggregation.groupPositions(notNull);
      int[] rowNotNull = aggregation == null ? notNull : aggregation.notGroupColumns(notNull);
      PcapPartitionReader packets = new PcapPartitionReader(((PcapInputPartition) partition).split, conf.get(),
          ordinals, rowNotNull, layers, range, mode, lookback, ignoreCorruptFiles, skippedFiles);
      return aggregation == null ? packets : new AggregatingPartitionReader(packets, aggregation, keyNotNull);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}

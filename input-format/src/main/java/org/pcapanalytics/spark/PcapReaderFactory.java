package org.pcapanalytics.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Shipped to executors: everything a partition reader needs, nothing session-bound. */
final class PcapReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;
  /** For the file systems. */
  private final SerializableConf conf;
  private final ReadSettings settings;
  /** Registered on the driver; each task adds to its own copy, merged back when the task ends. */
  private final SkippedFiles skippedFiles;

  PcapReaderFactory(SerializableConf conf, ReadSettings settings, SkippedFiles skippedFiles) {
    this.conf = conf;
    this.settings = settings;
    this.skippedFiles = skippedFiles;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    try {
      PcapPartitionReader packets = new PcapPartitionReader(((PcapInputPartition) partition).split, conf.get(),
          settings, skippedFiles);
      return settings.aggregation == null ? packets : new AggregatingPartitionReader(packets, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}

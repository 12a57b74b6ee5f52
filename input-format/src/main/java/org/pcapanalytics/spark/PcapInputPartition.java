package org.pcapanalytics.spark;

import org.apache.spark.sql.connector.read.InputPartition;
import org.pcapanalytics.io.CaptureSplit;

/** One Spark partition: a {@link CaptureSplit} (ranges of one or more files) and where its blocks live. */
final class PcapInputPartition implements InputPartition {
  private static final long serialVersionUID = 1L;
  final CaptureSplit split;
  private final String[] hosts;

  PcapInputPartition(CaptureSplit split) {
    this.split = split;
    this.hosts = split.getLocations();
  }

  @Override
  public String[] preferredLocations() {
    return hosts;
  }
}

package org.pcapanalytics.spark;

import java.io.Serializable;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.ParseMode;

/**
 * What every partition reader of one scan does, decided once on the driver and shipped to the
 * executors in the reader factory: how to read the captures, the time window, the filters the
 * readers evaluate ({@link PacketPredicate}), then either the columns of each row or the
 * aggregation to compute, and from these the decoder layers.
 */
final class ReadSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  final CaptureReader.Options capture;
  final TimeRange range;
  /** The pushed filters the readers evaluate; a packet that fails them is not returned. */
  final PacketPredicate filter;
  /** The columns of each row; none when the readers aggregate. */
  final PacketColumn[] columns;
  /** Computed by the readers, or null: they return packet rows. */
  final PushedAggregation aggregation;
  /** The decoder layers the columns, the filters and the aggregation need. */
  final int layers;
  /** Seed of the {@link PacketColumn#COMMUNITY_ID} hashes. */
  final int communityIdSeed;

  private ReadSettings(CaptureReader.Options capture, TimeRange range, PacketPredicate filter, PacketColumn[] columns,
      PushedAggregation aggregation, int communityIdSeed) {
    this.capture = capture;
    this.communityIdSeed = communityIdSeed;
    this.range = range;
    this.filter = filter;
    this.columns = columns;
    this.aggregation = aggregation;
    int l = PacketColumn.layers(columns) | PacketColumn.layers(filter.columns())
        | (aggregation == null ? PacketDecoder.NONE : aggregation.layers());
    // Dropping malformed rows needs to know which rows are malformed: decode everything.
    this.layers = capture.mode() == ParseMode.DROPMALFORMED ? PacketDecoder.ALL : l;
  }

  /** Readers that return rows of {@code columns}. */
  static ReadSettings rows(CaptureReader.Options capture, TimeRange range, PacketPredicate filter, int communityIdSeed,
      PacketColumn... columns) {
    return new ReadSettings(capture, range, filter, columns, null, communityIdSeed);
  }

  /** Readers that return the partial rows of {@code aggregation}. */
  static ReadSettings aggregating(CaptureReader.Options capture, TimeRange range, PacketPredicate filter,
      int communityIdSeed, PushedAggregation aggregation) {
    return new ReadSettings(capture, range, filter, new PacketColumn[0], aggregation, communityIdSeed);
  }

  /** A row writer of {@code columns} for these settings. */
  PacketRowWriter writer(PacketColumn... columns) {
    return new PacketRowWriter(communityIdSeed, columns);
  }

  boolean dropMalformed() {
    return capture.mode() == ParseMode.DROPMALFORMED;
  }

  /** The filters tested on each packet: when aggregating, those that read other than group columns. */
  PacketPredicate packetFilter() {
    return aggregation == null ? filter : filter.on(aggregation.groupColumns, false);
  }

  /** When aggregating, the filters that read only group columns: tested on a packet's group key, written anyway. */
  PacketPredicate keyFilter() {
    return aggregation == null ? PacketPredicate.ALL : filter.on(aggregation.groupColumns, true);
  }
}

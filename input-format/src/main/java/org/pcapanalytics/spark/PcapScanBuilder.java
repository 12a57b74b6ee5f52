package org.pcapanalytics.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.io.CaptureReader;

/**
 * Column pruning (decode only what is selected), time-range pushdown on {@code ts} /
 * {@code ts_ns}, filters evaluated by the readers ({@link PacketPredicate}) and aggregate pushdown
 * ({@link PushedAggregation}). Time filters are applied by the reader before decoding, the others
 * after it, before the row is written. When the readers evaluate every filter, Spark leaves them
 * to the readers, which lets it push the aggregation too; otherwise Spark re-checks every filter
 * on the (fewer) rows the readers return.
 */
final class PcapScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters,
    SupportsPushDownAggregates {
  private final PcapOptions options;
  private final Map<String, String> properties;
  private StructType required = PacketColumn.SCHEMA;
  private Filter[] pushed = new Filter[0];
  private PacketPredicate filter = PacketPredicate.ALL;
  private PushedAggregation aggregation;

  PcapScanBuilder(PcapOptions options, Map<String, String> properties) {
    this.options = options;
    this.properties = properties;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    List<Filter> accepted = new ArrayList<>();
    List<Filter> evaluated = new ArrayList<>();
    // When the readers apply every filter exactly (time ranges, PacketPredicate), Spark leaves them
    // to the readers and may push the aggregation too; else it re-checks all of them.
    boolean claimed = true;
    for (Filter f : filters) {
      boolean timed = TimeRange.supports(f);
      boolean evaluates = !timed && PacketPredicate.supports(f);
      if (evaluates) evaluated.add(f);
      if (timed || evaluates) accepted.add(f);
      claimed &= timed || evaluates;
    }
    pushed = accepted.toArray(new Filter[0]);
    filter = PacketPredicate.of(evaluated.toArray(new Filter[0]));
    return claimed ? new Filter[0] : filters;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed;
  }

  @Override
  public boolean pushAggregation(Aggregation a) {
    aggregation = options.pushAggregates ? PushedAggregation.of(a) : null;
    return aggregation != null;
  }

  @Override
  public Scan build() {
    TimeRange range = TimeRange.of(pushed).ordered(options.timeOrdered);
    CaptureReader.Options capture = options.captureOptions();
    if (aggregation != null) {
      return new PcapScan(options, properties, aggregation.schema, pushed,
          ReadSettings.aggregating(capture, range, filter, options.communityIdSeed, aggregation));
    }
    return new PcapScan(options, properties, required, pushed,
        ReadSettings.rows(capture, range, filter, options.communityIdSeed, PacketColumn.of(required)));
  }
}

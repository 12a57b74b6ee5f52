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
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.io.CaptureReader;

/**
 * Column pruning (decode only what is selected), time-range pushdown on {@code ts} /
 * {@code ts_ns}, {@code IS NOT NULL} pushdown and aggregate pushdown ({@link PushedAggregation}).
 * Time filters are applied by the reader before decoding, {@code IS NOT NULL} after it. When
 * these are all the filters, Spark leaves them to the reader ({@link TimeRange} is exact), which
 * lets it push the aggregation too; otherwise Spark re-checks every filter on the rows.
 */
final class PcapScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters,
    SupportsPushDownAggregates {
  private final PcapOptions options;
  private final Map<String, String> properties;
  private StructType required = PacketColumn.SCHEMA;
  private Filter[] pushed = new Filter[0];
  private PacketColumn[] notNull = new PacketColumn[0];
  /** Filters Spark must still apply after the scan. */
  private Filter[] postScan = new Filter[0];
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
    List<Filter> rest = new ArrayList<>();
    List<PacketColumn> notNullColumns = new ArrayList<>();
    for (Filter f : filters) {
      PacketColumn column = f instanceof IsNotNull ? PacketColumn.byName(((IsNotNull) f).attribute()) : null;
      if (column != null) {
        accepted.add(f);
        if (!notNullColumns.contains(column)) notNullColumns.add(column);
      } else {
        if (TimeRange.supports(f)) accepted.add(f);
        rest.add(f);
      }
    }
    pushed = accepted.toArray(new Filter[0]);
    notNull = notNullColumns.toArray(new PacketColumn[0]);
    postScan = rest.toArray(new Filter[0]);
    // Aggregates are only pushed when no filter is left for Spark: claim exact time filters then.
    boolean allTimed = true;
    for (Filter f : postScan) allTimed &= TimeRange.supports(f);
    return allTimed ? new Filter[0] : filters;
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
          ReadSettings.aggregating(capture, range, notNull, options.communityIdSeed, aggregation));
    }
    return new PcapScan(options, properties, required, pushed,
        ReadSettings.rows(capture, range, notNull, options.communityIdSeed, PacketColumn.of(required)));
  }
}

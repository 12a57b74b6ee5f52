package org.pcapanalytics.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Column pruning (decode only what is selected) and time-range pushdown on {@code ts} /
 * {@code ts_ns}. Pushed time filters are applied by the reader before decoding and also
 * handed back to Spark, which re-checks them (cheaply) on the surviving rows.
 */
final class PcapScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
  private final PcapOptions options;
  private final Map<String, String> properties;
  private StructType required = PacketColumns.SCHEMA;
  private Filter[] pushed = new Filter[0];

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
    for (Filter f : filters) {
      if (TimeRange.supports(f)) accepted.add(f);
    }
    pushed = accepted.toArray(new Filter[0]);
    return filters;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed;
  }

  @Override
  public Scan build() {
    int[] ordinals = new int[required.fields().length];
    int i = 0;
    for (StructField f : required.fields()) {
      int o = PacketColumns.ordinal(f.name());
      if (o < 0) throw new IllegalArgumentException("unknown column " + f.name());
      ordinals[i++] = o;
    }
    return new PcapScan(options, properties, required, ordinals, pushed, TimeRange.of(pushed));
  }
}

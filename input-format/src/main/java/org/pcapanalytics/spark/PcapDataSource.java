package org.pcapanalytics.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code pcap} data source: {@code spark.read.format("pcap").load(path)},
 * {@code CREATE TABLE t USING pcap LOCATION '…'}, {@code CREATE TEMPORARY VIEW v USING pcap
 * OPTIONS (path '…')}. One row per captured frame; see {@link PacketColumn}.
 */
public final class PcapDataSource implements TableProvider, DataSourceRegister {
  public static final String SHORT_NAME = "pcap";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return PacketColumn.SCHEMA;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    PcapQueryListener.ensureRegistered();
    return new PcapTable(PcapOptions.parse(properties), properties);
  }
}

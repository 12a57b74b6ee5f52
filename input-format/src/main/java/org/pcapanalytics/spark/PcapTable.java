package org.pcapanalytics.spark;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A set of capture files read as the {@code packets} schema. */
final class PcapTable implements SupportsRead {
  private final PcapOptions options;
  private final Map<String, String> properties;

  PcapTable(PcapOptions options, Map<String, String> properties) {
    this.options = options;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "pcap " + String.join(", ", options.paths());
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return PacketColumn.SCHEMA;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>(properties);
    p.put("provider", PcapDataSource.SHORT_NAME);
    p.put(PcapOption.MODE.key(), options.mode().name());
    return p;
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    Map<String, String> merged = new LinkedHashMap<>(properties);
    merged.putAll(scanOptions.asCaseSensitiveMap());
    return new PcapScanBuilder(PcapOptions.parse(merged), merged);
  }
}

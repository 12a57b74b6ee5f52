package org.pcapanalytics.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pcapanalytics.config.Config;

/**
 * What a report run reads and where it writes: captures ({@code inputs}) or a capture lake
 * ({@code table}), options of the {@code pcap} source, the output directory and format, the time
 * window {@code [fromNs, toNs)} (ns since the epoch, either end may be null), the configuration
 * and where it came from, and whether to cache the decoded packets. Immutable; build one with
 * {@link #builder()}.
 *
 * @param cachePackets read the capture once and keep the decoded packets in Spark's cache
 *     (memory, then local disk) for every report, instead of each report reading it again: for
 *     captures on slow or metered storage; reading again is faster where reading is cheap
 */
public record ReportOptions(List<String> inputs, String table, Map<String, String> sourceOptions, String outputDir,
    String format, Long fromNs, Long toNs, Config config, String configSource, boolean cachePackets) {
  public static final String ZEEK = "zeek";
  /** Output formats: Spark's writers by their names, and Zeek's ASCII logs. */
  public static final List<String> FORMATS = List.of("parquet", "csv", "json", ZEEK);

  public ReportOptions {
    inputs = List.copyOf(inputs);
    sourceOptions = Collections.unmodifiableMap(new LinkedHashMap<>(sourceOptions));
    Objects.requireNonNull(config, "config");
    if (!FORMATS.contains(format)) throw new IllegalArgumentException("unknown format '" + format + "'");
    if (fromNs != null && toNs != null && fromNs >= toNs) throw new IllegalArgumentException("from must be before to");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder().inputs(inputs).table(table).sourceOptions(sourceOptions).outputDir(outputDir).format(format)
        .window(fromNs, toNs).config(config).configSource(configSource).cachePackets(cachePackets);
  }

  /** Builds {@link ReportOptions}; unset: no inputs, parquet, no window, built-in configuration. */
  public static final class Builder {
    private List<String> inputs = new ArrayList<>();
    private String table;
    private Map<String, String> sourceOptions = new LinkedHashMap<>();
    private String outputDir;
    private String format = "parquet";
    private Long fromNs;
    private Long toNs;
    private Config config = Config.defaults();
    private String configSource;
    private boolean cachePackets;

    private Builder() {}

    public Builder inputs(List<String> v) {
      inputs = new ArrayList<>(v);
      return this;
    }

    /** A capture lake written by {@code convert}, read instead of inputs. */
    public Builder table(String v) {
      table = v;
      return this;
    }

    public Builder sourceOptions(Map<String, String> v) {
      sourceOptions = new LinkedHashMap<>(v);
      return this;
    }

    public Builder outputDir(String v) {
      outputDir = v;
      return this;
    }

    public Builder format(String v) {
      format = v;
      return this;
    }

    /** Packets with {@code fromNs <= ts_ns < toNs}; null: open at that end. */
    public Builder window(Long from, Long to) {
      fromNs = from;
      toNs = to;
      return this;
    }

    public Builder config(Config v) {
      config = v;
      return this;
    }

    /** Where the configuration came from (a path), or null for the built-in defaults. */
    public Builder configSource(String v) {
      configSource = v;
      return this;
    }

    public Builder cachePackets(boolean v) {
      cachePackets = v;
      return this;
    }

    public ReportOptions build() {
      return new ReportOptions(inputs, table, sourceOptions, outputDir, format, fromNs, toNs, config, configSource,
          cachePackets);
    }
  }
}

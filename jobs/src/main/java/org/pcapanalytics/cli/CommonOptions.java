package org.pcapanalytics.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.ConfigException;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.spark.PcapOption;
import org.pcapanalytics.udf.ShippedFiles;

/** Options several commands share, parsed and checked in one place. */
final class CommonOptions {
  private CommonOptions() {}

  /** {@code --config FILE} (also a file shipped with spark-submit --files), or the built-in defaults. */
  static Config config(Args a) {
    if (a.get("config") == null) return Config.defaults();
    Path file = configFile(a);
    try {
      return Config.load(file);
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Where the {@code --config} file is on this JVM: as given, or the copy spark-submit shipped. */
  static Path configFile(Args a) {
    String name = a.get("config");
    List<String> tried = new ArrayList<>();
    Path file = ShippedFiles.find(name, tried);
    if (file == null) {
      throw new UsageException("--config " + name + ": file not found (looked at " + String.join(", ", tried) + ")");
    }
    return file;
  }

  /**
   * The checked {@code --option K=V} pairs of the {@code pcap} source for {@code command} (see
   * {@link SourceOptions}), with the configuration's Community ID seed unless an option gives it.
   */
  static Map<String, String> sourceOptions(Args a, Config config, String command) {
    return withSeed(SourceOptions.of(a, SourceOptions.DATA_SOURCE, command), config);
  }

  /** {@code options} (checked, keyed by the options' own spelling) with the configuration's Community ID seed. */
  static Map<String, String> withSeed(Map<String, String> options, Config config) {
    Map<String, String> o = new LinkedHashMap<>(options);
    o.putIfAbsent(PcapOption.COMMUNITY_ID_SEED.key(), String.valueOf(config.communityIdSeed()));
    return o;
  }

  /** {@code --format}: one of {@link ReportOptions#FORMATS}, parquet by default. */
  static String reportFormat(Args a) {
    String f = a.get("format", "parquet").toLowerCase(Locale.ROOT);
    if (!ReportOptions.FORMATS.contains(f)) {
      throw new UsageException("--format must be " + String.join(", ", ReportOptions.FORMATS) + ", not '" + a.get("format") + "'");
    }
    return f;
  }
}

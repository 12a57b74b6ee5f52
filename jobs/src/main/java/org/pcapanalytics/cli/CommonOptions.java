package org.pcapanalytics.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.ConfigException;
import org.pcapanalytics.report.ReportOptions;
import org.pcapanalytics.spark.PcapOption;

/** Options several commands share, parsed and checked in one place. */
final class CommonOptions {
  private CommonOptions() {}

  /** {@code --config FILE} (also a file shipped with spark-submit --files), or the built-in defaults. */
  static Config config(Args a) {
    if (a.get("config") == null) return Config.defaults();
    try {
      return Config.load(SubmittedFiles.resolve(a.get("config")));
    } catch (ConfigException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * {@code --option K=V} pairs for the {@code pcap} source, with the configuration's Community ID
   * seed as {@code communityIdSeed} unless an option gives it.
   */
  static Map<String, String> sourceOptions(Args a, Config config) {
    Map<String, String> options = new LinkedHashMap<>(a.pairs("option"));
    String key = PcapOption.COMMUNITY_ID_SEED.key();
    if (options.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(key))) {
      options.put(key, String.valueOf(config.communityIdSeed()));
    }
    return options;
  }

  /** {@code --format}: one of {@link ReportOptions#FORMATS}, parquet by default. */
  static String reportFormat(Args a) {
    String f = a.get("format", "parquet").toLowerCase(Locale.ROOT);
    if (!ReportOptions.FORMATS.contains(f)) {
      throw new UsageException("--format must be parquet, csv or json, not '" + a.get("format") + "'");
    }
    return f;
  }
}

package org.pcapanalytics.cli;

import java.util.Locale;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.ConfigException;
import org.pcapanalytics.report.ReportOptions;

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

  /** {@code --format}: one of {@link ReportOptions#FORMATS}, parquet by default. */
  static String reportFormat(Args a) {
    String f = a.get("format", "parquet").toLowerCase(Locale.ROOT);
    if (!ReportOptions.FORMATS.contains(f)) {
      throw new UsageException("--format must be " + String.join(", ", ReportOptions.FORMATS) + ", not '" + a.get("format") + "'");
    }
    return f;
  }
}

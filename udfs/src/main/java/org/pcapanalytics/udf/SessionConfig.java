package org.pcapanalytics.udf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.internal.SQLConf;
import org.pcapanalytics.config.Config;

/**
 * The configuration seen by functions injected through {@link PcapSparkExtensions}: the file
 * named by {@value #CONFIG_KEY} in the current session's configuration, or the defaults when it
 * is unset or empty. Read when a query using a configured function is analysed;
 * cached per path and reloaded when the file's modification time or size changes. A bad file
 * fails that query with the {@link org.pcapanalytics.config.ConfigException} message.
 */
public final class SessionConfig {
  private SessionConfig() {}

  /** Spark configuration key naming the configuration file of a session. */
  public static final String CONFIG_KEY = "spark.pcap.config";

  private record Cached(long modified, long size, Config config) {}

  private static final ConcurrentHashMap<Path, Cached> CACHE = new ConcurrentHashMap<>();

  /** The configuration for the session active on this thread. */
  static Config current() {
    return load(SQLConf.get().getConfString(CONFIG_KEY, ""));
  }

  static Config load(String path) {
    if (path == null || path.isBlank()) return Config.defaults();
    Path p = Path.of(path.trim()).toAbsolutePath().normalize();
    long modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(p).toMillis();
      size = Files.size(p);
    } catch (IOException e) {
      return Config.load(p); // reports the missing or unreadable file
    }
    Cached c = CACHE.get(p);
    if (c != null && c.modified == modified && c.size == size) return c.config;
    Config config = Config.load(p);
    CACHE.put(p, new Cached(modified, size, config));
    return config;
  }
}

package org.pcapanalytics.config;

/**
 * A configuration that cannot be used. The message names the source, the key path (like
 * {@code businessHours.workingDays[2]}) and the reason, e.g.
 * {@code conf/site.json: businessHours.timeZone: unknown time zone "Europe/Berln"}.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String keyPath;
  private final String reason;

  public ConfigException(String source, String keyPath, String reason) {
    this(source, keyPath, reason, null);
  }

  public ConfigException(String source, String keyPath, String reason, Throwable cause) {
    super(format(source, keyPath, reason), cause);
    this.source = source;
    this.keyPath = keyPath;
    this.reason = reason;
  }

  private static String format(String source, String keyPath, String reason) {
    StringBuilder sb = new StringBuilder("invalid configuration");
    if (source != null && !source.isEmpty()) sb.append(' ').append(source);
    sb.append(": ");
    if (keyPath != null && !keyPath.isEmpty()) sb.append(keyPath).append(": ");
    return sb.append(reason).toString();
  }

  /** Where the configuration came from (a file path, or a description). */
  public String source() {
    return source;
  }

  /** The dotted key path of the offending value; empty for errors of the whole document. */
  public String keyPath() {
    return keyPath;
  }

  /** What is wrong, without source and key path. */
  public String reason() {
    return reason;
  }
}

package org.pcapanalytics.report.html;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Escaping and formatting for the HTML report. Every text that comes from the data (host names,
 * DNS names, paths) is untrusted: it goes through {@link #esc} before it reaches the page.
 */
public final class Html {
  private Html() {}

  static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  /** Text (or an attribute value in double quotes) escaped for HTML and SVG; null is empty. */
  static String esc(Object value) {
    if (value == null) return "";
    String s = value.toString();
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        // controls (other than tab/newline) are not allowed in HTML text
        default -> (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? "\uFFFD" : null;
      };
      if (r == null) {
        if (b != null) b.append(c);
      } else {
        if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
        b.append(r);
      }
    }
    return b == null ? s : b.toString();
  }

  /** An exact count with thousands separators: {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Bytes in decimal units (1 MB = 10^6 bytes), three significant digits: {@code 65.9 MB}. The
   * commands' progress lines use it too, so that the console and the page give one figure.
   */
  public static String bytes(double n) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    double v = n;
    while (Math.abs(v) >= 999.5 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    if (u == 0) return String.format(Locale.ROOT, "%d B", Math.round(v));
    String f = Math.abs(v) >= 99.95 ? "%.0f %s" : Math.abs(v) >= 9.995 ? "%.1f %s" : "%.2f %s";
    return String.format(Locale.ROOT, f, v, units[u]);
  }

  /** A share 0..1 as a percentage: {@code 99.0%}, {@code <0.1%} for tiny non-zero shares. */
  static String percent(double share) {
    if (share > 0 && share < 0.001) return "<0.1%";
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** Seconds as a short duration: {@code 45 s}, {@code 12 min}, {@code 3.5 h}, {@code 7.0 days}. */
  static String duration(double seconds) {
    if (seconds < 60) return String.format(Locale.ROOT, "%.0f s", seconds);
    if (seconds < 3600) return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    if (seconds < 48 * 3600) return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
  }

  /** An ISO instant of the summary, or null when it is not one. */
  static Instant instant(String iso) {
    if (iso == null) return null;
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An instant as wall-clock time in {@code zone} with the zone's abbreviation: {@code Mon 2026-03-02 09:00:01 CET}. */
  static String local(Instant i, ZoneId zone, DateTimeFormatter f) {
    ZonedDateTime z = i.atZone(zone);
    return f.format(z) + " " + zoneName(z);
  }

  /** A wall-clock ISO time of the summary (after-hours' {@code local_start}) to the minute, or the text itself. */
  static String localText(String iso) {
    if (iso == null) return "";
    try {
      return MINUTES.format(LocalDateTime.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** An ISO instant of the summary in {@code zone} to the minute, or the text itself. */
  static String instantText(String iso, ZoneId zone) {
    Instant i = instant(iso);
    return i == null ? (iso == null ? "" : iso) : MINUTES.format(i.atZone(zone));
  }

  /** The short name of the zone's offset at that time (CET, CEST, UTC), or the offset. */
  static String zoneName(ZonedDateTime z) {
    return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(z);
  }
}

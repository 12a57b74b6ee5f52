package org.pcapanalytics.report.zeek;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Zeek's ASCII log format (the default {@code LogAscii} writer): the header lines, the
 * separators, and how a string is escaped so that a reader can always split a line on tabs and
 * a container on commas.
 */
public final class ZeekFormat {
  public static final char SEPARATOR = '\t';
  public static final char SET_SEPARATOR = ',';
  public static final String EMPTY = "(empty)";
  public static final String UNSET = "-";
  private static final DateTimeFormatter OPEN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
      .withZone(ZoneOffset.UTC);

  private ZeekFormat() {}

  /** The header of a log: separators, {@code #path}, {@code #open}, {@code #fields}, {@code #types}. */
  public static String header(String path, Instant open, List<String> fields, List<String> types) {
    return "#separator \\x09\n"
        + "#set_separator" + SEPARATOR + SET_SEPARATOR + '\n'
        + "#empty_field" + SEPARATOR + EMPTY + '\n'
        + "#unset_field" + SEPARATOR + UNSET + '\n'
        + "#path" + SEPARATOR + path + '\n'
        + "#open" + SEPARATOR + time(open) + '\n'
        + "#fields" + SEPARATOR + String.join(String.valueOf(SEPARATOR), fields) + '\n'
        + "#types" + SEPARATOR + String.join(String.valueOf(SEPARATOR), types) + '\n';
  }

  /** The last line of a log. */
  public static String footer(Instant close) {
    return "#close" + SEPARATOR + time(close) + '\n';
  }

  /** {@code #open}/{@code #close} times as Zeek writes them, in UTC. */
  public static String time(Instant t) {
    return OPEN_TIME.format(t);
  }

  /**
   * Appends a string field or container element: empty is {@code (empty)}; a value that reads as
   * the unset or empty marker gets its first character escaped; the separators, backslash and
   * control characters become {@code \xHH} (a comma only inside a container).
   */
  static void appendString(StringBuilder b, String s, boolean inContainer) {
    if (s.isEmpty()) {
      b.append(EMPTY);
      return;
    }
    int from = 0;
    if (s.equals(UNSET) || s.equals(EMPTY)) {
      hex(b, s.charAt(0));
      from = 1;
    }
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || (inContainer && c == SET_SEPARATOR)) hex(b, c);
      else b.append(c);
    }
  }

  private static void hex(StringBuilder b, char c) {
    b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
  }
}

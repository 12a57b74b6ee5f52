package org.pcapanalytics.io;

import java.util.Locale;

/** What to do with malformed input, named as in Spark's file sources. */
public enum ParseMode {
  /** Skip what is malformed, report it (file, offset, bytes), keep going; malformed packets stay as rows. */
  PERMISSIVE,
  /** Like PERMISSIVE for framing; rows of packets that failed to decode are dropped. */
  DROPMALFORMED,
  /** Fail at the first problem, naming file and offset. */
  FAILFAST;

  public static ParseMode parse(String value) {
    if (value == null || value.isEmpty()) return PERMISSIVE;
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mode must be PERMISSIVE, DROPMALFORMED or FAILFAST, not '" + value + "'");
    }
  }
}

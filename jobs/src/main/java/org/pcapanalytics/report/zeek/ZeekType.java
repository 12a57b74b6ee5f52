package org.pcapanalytics.report.zeek;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The Zeek log types we write, each with the text Zeek's ASCII writer gives its values. A field's
 * value arrives as Spark hands it over after {@link ZeekLog#select}: times and intervals as
 * microseconds ({@code long}), containers as lists of their element type's values.
 */
public enum ZeekType {
  TIME("time"),
  INTERVAL("interval"),
  STRING("string"),
  ENUM("enum"),
  ADDR("addr"),
  PORT("port"),
  COUNT("count"),
  INT("int"),
  DOUBLE("double"),
  BOOL("bool"),
  SET_STRING("set[string]", STRING),
  VECTOR_STRING("vector[string]", STRING),
  VECTOR_INT("vector[int]", INT),
  VECTOR_INTERVAL("vector[interval]", INTERVAL);

  /** The name in a log's {@code #types} line. */
  public final String zeekName;
  /** The element type of a set or vector; null for a single value. */
  public final ZeekType element;

  ZeekType(String zeekName) {
    this(zeekName, null);
  }

  ZeekType(String zeekName, ZeekType element) {
    this.zeekName = zeekName;
    this.element = element;
  }

  /** The type whose {@code #types} name is {@code name}. */
  public static ZeekType ofZeekName(String name) {
    for (ZeekType t : values()) {
      if (t.zeekName.equals(name)) return t;
    }
    throw new IllegalArgumentException("no Zeek type '" + name + "' is written here");
  }

  /** Appends {@code v} (not null) as Zeek's ASCII writer does; see {@link ZeekFormat} for the escapes. */
  void append(StringBuilder b, Object v) {
    switch (this) {
      case TIME, INTERVAL -> appendMicros(b, ((Number) v).longValue());
      case STRING, ENUM -> ZeekFormat.appendString(b, v.toString(), false);
      case BOOL -> b.append(((Boolean) v) ? 'T' : 'F');
      case DOUBLE -> b.append(plainDouble(((Number) v).doubleValue()));
      case ADDR, PORT, COUNT, INT -> b.append(v);
      default -> appendContainer(b, (List<?>) v);
    }
  }

  private void appendContainer(StringBuilder b, List<?> values) {
    if (values.isEmpty()) {
      b.append(ZeekFormat.EMPTY);
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(ZeekFormat.SET_SEPARATOR);
      Object e = values.get(i);
      if (e == null) b.append(ZeekFormat.UNSET);
      else if (element == STRING) ZeekFormat.appendString(b, e.toString(), true);
      else element.append(b, e);
    }
  }

  /** Seconds with six decimals, as Zeek prints times and intervals ({@code %.6f}), exact from microseconds. */
  static void appendMicros(StringBuilder b, long micros) {
    long s = Math.floorDiv(micros, 1_000_000L);
    long f = Math.floorMod(micros, 1_000_000L);
    if (s < 0 && f != 0) {
      // -1.5 s is floor -2 and +500000 µs: print the magnitude
      b.append('-');
      long m = -micros;
      s = m / 1_000_000L;
      f = m % 1_000_000L;
    }
    b.append(s).append('.');
    String digits = Long.toString(f);
    for (int i = digits.length(); i < 6; i++) b.append('0');
    b.append(digits);
  }

  /** A double with at most six decimals, trailing zeros dropped, never an exponent (Zeek's {@code double}). */
  static String plainDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) return Double.toString(d);
    BigDecimal x = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return x.signum() == 0 ? "0" : x.toPlainString();
  }
}

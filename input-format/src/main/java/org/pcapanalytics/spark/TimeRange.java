package org.pcapanalytics.spark;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;

/**
 * The capture-time window a query asks for, from filters on {@code ts} and {@code ts_ns}:
 * evaluated by the reader before any decoding, so rows outside it cost almost nothing.
 * Bounds are inclusive nanoseconds.
 */
final class TimeRange implements Serializable {
  private static final long serialVersionUID = 1L;
  static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

  final long fromNs;
  final long toNs;
  /**
   * The user says records are in time order within each file (option {@code timeOrdered}):
   * readers skip records before the window without reading them where they can, and stop a
   * file's split at its first record after it.
   */
  final boolean ordered;

  TimeRange(long fromNs, long toNs) {
    this(fromNs, toNs, false);
  }

  private TimeRange(long fromNs, long toNs, boolean ordered) {
    this.fromNs = fromNs;
    this.toNs = toNs;
    this.ordered = ordered;
  }

  /** This window, read as ordered (or not) by time. */
  TimeRange ordered(boolean timeOrdered) {
    return timeOrdered == ordered ? this : new TimeRange(fromNs, toNs, timeOrdered);
  }

  /** Whether readers may skip the records before the window without reading them. */
  boolean skipsBefore() {
    return ordered && fromNs != Long.MIN_VALUE;
  }

  /** Whether a record at {@code ns} and every later one of its file are after the window. */
  boolean endsBefore(long ns) {
    return ordered && ns > toNs;
  }

  boolean isAll() {
    return fromNs == Long.MIN_VALUE && toNs == Long.MAX_VALUE;
  }

  boolean contains(long ns) {
    return ns >= fromNs && ns <= toNs;
  }

  /** Whether this filter (and, for And, both its sides) narrows the window. */
  static boolean supports(Filter f) {
    if (f instanceof And) return supports(((And) f).left()) && supports(((And) f).right());
    return supportsLeaf(f);
  }

  /** The window satisfying all supported filters. */
  static TimeRange of(Filter[] filters) {
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    List<Filter> flat = new ArrayList<>();
    for (Filter f : filters) flatten(f, flat);
    for (Filter f : flat) {
      long[] b = bounds(f);
      if (b == null) continue;
      lo = Math.max(lo, b[0]);
      hi = Math.min(hi, b[1]);
    }
    return new TimeRange(lo, hi);
  }

  /**
   * Inclusive nanosecond bounds of one comparison. {@code ts} is compared by Spark at microsecond
   * precision (floor of the nanoseconds), so {@code ts > u} means {@code ns >= (u + 1) * 1000}.
   */
  private static long[] bounds(Filter f) {
    String attr;
    Object v;
    int op; // 0 >, 1 >=, 2 <, 3 <=, 4 =
    if (f instanceof GreaterThan) {
      attr = ((GreaterThan) f).attribute();
      v = ((GreaterThan) f).value();
      op = 0;
    } else if (f instanceof GreaterThanOrEqual) {
      attr = ((GreaterThanOrEqual) f).attribute();
      v = ((GreaterThanOrEqual) f).value();
      op = 1;
    } else if (f instanceof LessThan) {
      attr = ((LessThan) f).attribute();
      v = ((LessThan) f).value();
      op = 2;
    } else if (f instanceof LessThanOrEqual) {
      attr = ((LessThanOrEqual) f).attribute();
      v = ((LessThanOrEqual) f).value();
      op = 3;
    } else if (f instanceof EqualTo) {
      attr = ((EqualTo) f).attribute();
      v = ((EqualTo) f).value();
      op = 4;
    } else {
      return null;
    }
    Long n = nanos(attr, v);
    if (n == null) return null;
    long x = n;
    long unit = attr.equalsIgnoreCase("ts") ? 1000 : 1; // nanoseconds sharing one value of the column
    long last = x > Long.MAX_VALUE - (unit - 1) ? Long.MAX_VALUE : x + unit - 1;
    switch (op) {
      case 0: return new long[] {last == Long.MAX_VALUE ? Long.MAX_VALUE : last + 1, Long.MAX_VALUE};
      case 1: return new long[] {x, Long.MAX_VALUE};
      case 2: return new long[] {Long.MIN_VALUE, x == Long.MIN_VALUE ? x : x - 1};
      case 3: return new long[] {Long.MIN_VALUE, last};
      default: return new long[] {x, last};
    }
  }

  static boolean supportsLeaf(Filter f) {
    return bounds(f) != null;
  }

  private static void flatten(Filter f, List<Filter> out) {
    if (f instanceof And) {
      flatten(((And) f).left(), out);
      flatten(((And) f).right(), out);
    } else {
      out.add(f);
    }
  }

  /** The filter value as nanoseconds since the epoch (a {@code ts} value is whole microseconds). */
  private static Long nanos(String attr, Object v) {
    if (attr.equalsIgnoreCase("ts_ns") && v instanceof Number) return ((Number) v).longValue();
    if (!attr.equalsIgnoreCase("ts")) return null;
    Instant i;
    if (v instanceof Timestamp) i = ((Timestamp) v).toInstant();
    else if (v instanceof Instant) i = (Instant) v;
    else if (v instanceof LocalDateTime) i = ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
    else return null;
    long micros = Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    return Math.multiplyExact(micros, 1000L);
  }

  @Override
  public String toString() {
    return "[" + (fromNs == Long.MIN_VALUE ? "-inf" : Instant.ofEpochSecond(0, fromNs)) + ", "
        + (toNs == Long.MAX_VALUE ? "+inf" : Instant.ofEpochSecond(0, toNs)) + "]" + (ordered ? " timeOrdered" : "");
  }
}

package org.pcapanalytics.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.sources.AlwaysFalse;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;

/**
 * The pushed filters the readers evaluate themselves, so that a query keeping a few percent of
 * the packets does not have every packet's full row written and then dropped by Spark: the
 * conjunction of those of Spark's {@link Filter}s this class can evaluate exactly, tested on a
 * narrow row of just the columns they read ({@link #columns}), before the full row is written.
 *
 * <p>SQL's three-valued logic: a comparison with a null column is unknown, {@code NOT unknown}
 * is unknown, AND and OR as SQL. A packet fails when one of the filters is false or unknown —
 * exactly the rows a WHERE drops. Evaluated: AND, OR, NOT, IS [NOT] NULL on any column, and
 * =, &lt;=&gt;, IN, &lt;, &lt;=, &gt;, &gt;=, STARTS/ENDS WITH and CONTAINS on int, bigint,
 * boolean and string columns (strings in Spark's binary UTF-8 order). Any other filter (an
 * unknown or nested column, a timestamp compared, a value of another Java type than the column's)
 * is not evaluated here: Spark applies it.
 *
 * <p>Built on the driver, shipped to the readers in {@link ReadSettings}; evaluating allocates nothing.
 */
final class PacketPredicate implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Keeps every packet. */
  static final PacketPredicate ALL = new PacketPredicate(new Filter[0], new PacketColumn[0]);

  // Truth values of SQL's three-valued logic.
  private static final int FALSE = 0, TRUE = 1, UNKNOWN = 2;

  /** The filters (all true for a packet to pass). */
  private final Filter[] filters;
  /** The fields of the rows tested. */
  private final PacketColumn[] columns;
  private final Node[] nodes;

  private PacketPredicate(Filter[] filters, PacketColumn[] columns) {
    this.filters = filters;
    this.columns = columns;
    List<PacketColumn> layout = Arrays.asList(columns);
    this.nodes = new Node[filters.length];
    for (int i = 0; i < filters.length; i++) nodes[i] = compile(filters[i], layout::indexOf);
  }

  /** The conjunction of those of {@code filters} that can be evaluated here, on rows of the columns they read. */
  static PacketPredicate of(Filter... filters) {
    List<Filter> kept = new ArrayList<>();
    List<PacketColumn> columns = new ArrayList<>();
    for (Filter f : filters) {
      if (!supports(f) || kept.contains(f)) continue;
      kept.add(f);
      compile(f, c -> {
        if (!columns.contains(c)) columns.add(c);
        return 0;
      });
    }
    return kept.isEmpty() ? ALL : new PacketPredicate(kept.toArray(new Filter[0]), columns.toArray(new PacketColumn[0]));
  }

  /** Whether this class evaluates {@code f} exactly. */
  static boolean supports(Filter f) {
    return compile(f, c -> 0) != null;
  }

  /** The fields of the rows {@link #test} reads. */
  PacketColumn[] columns() {
    return columns;
  }

  boolean isAll() {
    return filters.length == 0;
  }

  /**
   * The filters that read only {@code layout}'s columns, tested on rows of {@code layout} (the
   * group keys an aggregating reader writes anyway); with {@code inside} false, the other filters.
   */
  PacketPredicate on(PacketColumn[] layout, boolean inside) {
    List<PacketColumn> l = Arrays.asList(layout);
    List<Filter> kept = new ArrayList<>();
    for (Filter f : filters) if ((compile(f, l::indexOf) != null) == inside) kept.add(f);
    if (kept.isEmpty()) return ALL;
    return inside ? new PacketPredicate(kept.toArray(new Filter[0]), layout) : of(kept.toArray(new Filter[0]));
  }

  /** Whether every filter is true for a row of {@link #columns} (of the {@code layout} given to {@link #on}). */
  boolean test(UnsafeRow row) {
    for (Node n : nodes) if (n.eval(row) != TRUE) return false;
    return true;
  }

  @Override
  public String toString() {
    return Arrays.toString(filters);
  }

  /**
   * The node evaluating {@code f}, reading column {@code c} from field {@code ordinal(c)}; null
   * when {@code f} is not evaluated here or a column it reads has no field (ordinal -1).
   */
  private static Node compile(Filter f, ToIntFunction<PacketColumn> ordinal) {
    if (f instanceof And a) return both(compile(a.left(), ordinal), compile(a.right(), ordinal), true);
    if (f instanceof Or o) return both(compile(o.left(), ordinal), compile(o.right(), ordinal), false);
    if (f instanceof Not n) {
      Node child = compile(n.child(), ordinal);
      return child == null ? null : new Negation(child);
    }
    if (f instanceof AlwaysTrue) return new Constant(TRUE);
    if (f instanceof AlwaysFalse) return new Constant(FALSE);
    String[] refs = f.references();
    if (refs.length != 1) return null;
    PacketColumn c = PacketColumn.byName(refs[0]);
    int i = c == null ? -1 : ordinal.applyAsInt(c);
    if (i < 0) return null;
    if (f instanceof IsNull) return new Nullness(i, true);
    if (f instanceof IsNotNull) return new Nullness(i, false);
    int kind = kind(c.type());
    if (kind < 0) return null;
    if (f instanceof EqualTo e) return Comparison.of(i, kind, Comparison.EQ, e.value());
    if (f instanceof GreaterThan g) return Comparison.of(i, kind, Comparison.GT, g.value());
    if (f instanceof GreaterThanOrEqual g) return Comparison.of(i, kind, Comparison.GE, g.value());
    if (f instanceof LessThan l) return Comparison.of(i, kind, Comparison.LT, l.value());
    if (f instanceof LessThanOrEqual l) return Comparison.of(i, kind, Comparison.LE, l.value());
    if (f instanceof EqualNullSafe e) {
      if (e.value() == null) return new Nullness(i, true);
      Comparison eq = Comparison.of(i, kind, Comparison.EQ, e.value());
      return eq == null ? null : new NullSafe(eq);
    }
    if (f instanceof In in) return Membership.of(i, kind, in.values());
    if (kind != STRING) return null;
    if (f instanceof StringStartsWith s) return Substring.of(i, Substring.STARTS, s.value());
    if (f instanceof StringEndsWith s) return Substring.of(i, Substring.ENDS, s.value());
    if (f instanceof StringContains s) return Substring.of(i, Substring.CONTAINS, s.value());
    return null;
  }

  private static Node both(Node left, Node right, boolean and) {
    return left == null || right == null ? null : new Junction(left, right, and);
  }

  // How a column's values are read and compared.
  private static final int INT = 0, LONG = 1, BOOLEAN = 2, STRING = 3;

  /** The kind of a column whose values are compared here, or -1. */
  private static int kind(DataType t) {
    if (t == DataTypes.IntegerType) return INT;
    if (t == DataTypes.LongType) return LONG;
    if (t == DataTypes.BooleanType) return BOOLEAN;
    if (t == DataTypes.StringType) return STRING;
    return -1;
  }

  /**
   * A filter's value as compared with a column of {@code kind}: a Long (int, bigint, boolean as
   * 0/1) or the UTF-8 bytes of a string; null when its Java type is not the column's. A string
   * with U+FFFD is refused: it may stand for a literal of bytes that are not UTF-8 (Spark hands
   * the filter a decoded copy), whose bytes are then unknown.
   */
  private static Object constant(int kind, Object v) {
    switch (kind) {
      case INT:
        return v instanceof Integer i ? Long.valueOf(i) : null;
      case LONG:
        return v instanceof Long l ? l : null;
      case BOOLEAN:
        return v instanceof Boolean b ? Long.valueOf(b ? 1 : 0) : null;
      default:
        return v instanceof String s && s.indexOf('\uFFFD') < 0 ? s.getBytes(StandardCharsets.UTF_8) : null;
    }
  }

  /** A compiled filter: {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for a row. */
  private abstract static class Node implements Serializable {
    private static final long serialVersionUID = 1L;

    abstract int eval(UnsafeRow row);
  }

  private static final class Constant extends Node {
    private static final long serialVersionUID = 1L;
    private final int value;

    Constant(int value) {
      this.value = value;
    }

    @Override
    int eval(UnsafeRow row) {
      return value;
    }
  }

  /** AND or OR of SQL: false (true) when a side is, unknown unless both sides are known. */
  private static final class Junction extends Node {
    private static final long serialVersionUID = 1L;
    private final Node left;
    private final Node right;
    /** The value that decides alone: FALSE for AND, TRUE for OR. */
    private final int decisive;

    Junction(Node left, Node right, boolean and) {
      this.left = left;
      this.right = right;
      this.decisive = and ? FALSE : TRUE;
    }

    @Override
    int eval(UnsafeRow row) {
      int l = left.eval(row);
      if (l == decisive) return l;
      int r = right.eval(row);
      if (r == decisive) return r;
      return l == UNKNOWN || r == UNKNOWN ? UNKNOWN : l;
    }
  }

  private static final class Negation extends Node {
    private static final long serialVersionUID = 1L;
    private final Node child;

    Negation(Node child) {
      this.child = child;
    }

    @Override
    int eval(UnsafeRow row) {
      int v = child.eval(row);
      return v == UNKNOWN ? UNKNOWN : TRUE - v;
    }
  }

  private static final class Nullness extends Node {
    private static final long serialVersionUID = 1L;
    private final int field;
    private final boolean isNull;

    Nullness(int field, boolean isNull) {
      this.field = field;
      this.isNull = isNull;
    }

    @Override
    int eval(UnsafeRow row) {
      return row.isNullAt(field) == isNull ? TRUE : FALSE;
    }
  }

  /** {@code column <=> value} (value not null): an equality that is false, not unknown, on null. */
  private static final class NullSafe extends Node {
    private static final long serialVersionUID = 1L;
    private final Comparison eq;

    NullSafe(Comparison eq) {
      this.eq = eq;
    }

    @Override
    int eval(UnsafeRow row) {
      return row.isNullAt(eq.field) ? FALSE : eq.eval(row);
    }
  }

  /** {@code column op value}: unknown when the column is null. */
  private static final class Comparison extends Node {
    private static final long serialVersionUID = 1L;
    static final int EQ = 0, GT = 1, GE = 2, LT = 3, LE = 4;
    final int field;
    private final int kind;
    private final int op;
    private final long number;
    private final byte[] text;

    private Comparison(int field, int kind, int op, Object value) {
      this.field = field;
      this.kind = kind;
      this.op = op;
      this.number = value instanceof Long l ? l : 0;
      this.text = value instanceof byte[] b ? b : null;
    }

    static Comparison of(int field, int kind, int op, Object value) {
      Object v = constant(kind, value);
      return v == null ? null : new Comparison(field, kind, op, v);
    }

    @Override
    int eval(UnsafeRow row) {
      if (row.isNullAt(field)) return UNKNOWN;
      int c = kind == STRING ? compareText(row, field, text) : Long.compare(number(row, field, kind), number);
      boolean holds = switch (op) {
        case EQ -> c == 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case LT -> c < 0;
        default -> c <= 0;
      };
      return holds ? TRUE : FALSE;
    }
  }

  /** {@code column IN (values)}: true on a match; otherwise unknown if the column or a value is null. */
  private static final class Membership extends Node {
    private static final long serialVersionUID = 1L;
    private final int field;
    private final int kind;
    private final long[] numbers;
    private final byte[][] texts;
    private final boolean nullValue;

    private Membership(int field, int kind, long[] numbers, byte[][] texts, boolean nullValue) {
      this.field = field;
      this.kind = kind;
      this.numbers = numbers;
      this.texts = texts;
      this.nullValue = nullValue;
    }

    static Membership of(int field, int kind, Object[] values) {
      long[] numbers = new long[values.length];
      byte[][] texts = new byte[values.length][];
      int n = 0;
      boolean nullValue = false;
      for (Object v : values) {
        if (v == null) {
          nullValue = true;
          continue;
        }
        Object c = constant(kind, v);
        if (c == null) return null;
        if (kind == STRING) texts[n++] = (byte[]) c;
        else numbers[n++] = (Long) c;
      }
      return new Membership(field, kind, Arrays.copyOf(numbers, n), Arrays.copyOf(texts, n), nullValue);
    }

    @Override
    int eval(UnsafeRow row) {
      if (row.isNullAt(field)) return UNKNOWN;
      if (kind == STRING) {
        for (byte[] t : texts) if (compareText(row, field, t) == 0) return TRUE;
      } else {
        long x = number(row, field, kind);
        for (long v : numbers) if (x == v) return TRUE;
      }
      return nullValue ? UNKNOWN : FALSE;
    }
  }

  /** {@code startswith}, {@code endswith}, {@code contains} on the string's bytes (as Spark's binary collation). */
  private static final class Substring extends Node {
    private static final long serialVersionUID = 1L;
    static final int STARTS = 0, ENDS = 1, CONTAINS = 2;
    private final int field;
    private final int where;
    private final byte[] text;

    private Substring(int field, int where, byte[] text) {
      this.field = field;
      this.where = where;
      this.text = text;
    }

    static Substring of(int field, int where, String value) {
      Object t = constant(STRING, value);
      return t == null ? null : new Substring(field, where, (byte[]) t);
    }

    @Override
    int eval(UnsafeRow row) {
      if (row.isNullAt(field)) return UNKNOWN;
      long offsetAndSize = row.getLong(field);
      int size = (int) offsetAndSize;
      long at = row.getBaseOffset() + (offsetAndSize >>> 32);
      Object base = row.getBaseObject();
      int last = size - text.length;
      if (last < 0) return FALSE;
      int from = where == ENDS ? last : 0;
      int to = where == STARTS ? 0 : last;
      for (int p = from; p <= to; p++) if (matches(base, at + p, text)) return TRUE;
      return FALSE;
    }

    private static boolean matches(Object base, long at, byte[] text) {
      for (int k = 0; k < text.length; k++) if (Platform.getByte(base, at + k) != text[k]) return false;
      return true;
    }
  }

  private static long number(UnsafeRow row, int field, int kind) {
    return switch (kind) {
      case INT -> row.getInt(field);
      case LONG -> row.getLong(field);
      default -> row.getBoolean(field) ? 1 : 0;
    };
  }

  /**
   * The string field compared with {@code text} as {@code UTF8String.binaryCompare} does: unsigned
   * bytes, then length — read in place, without a UTF8String per row.
   */
  private static int compareText(UnsafeRow row, int field, byte[] text) {
    long offsetAndSize = row.getLong(field);
    int size = (int) offsetAndSize;
    long at = row.getBaseOffset() + (offsetAndSize >>> 32);
    Object base = row.getBaseObject();
    int n = Math.min(size, text.length);
    for (int k = 0; k < n; k++) {
      int d = (Platform.getByte(base, at + k) & 0xFF) - (text[k] & 0xFF);
      if (d != 0) return d;
    }
    return size - text.length;
  }
}

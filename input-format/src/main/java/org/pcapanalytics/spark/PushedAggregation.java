package org.pcapanalytics.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.aggregate.Max;
import org.apache.spark.sql.connector.expressions.aggregate.Min;
import org.apache.spark.sql.connector.expressions.aggregate.Sum;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code GROUP BY} with {@code count(*)}, {@code count(col)}, {@code sum}, {@code min} and
 * {@code max} that the readers compute per split (Spark's partial aggregation, done before any
 * row exists), so a top-talkers query ships a few thousand groups per split instead of millions
 * of rows. Spark finishes the aggregation across splits.
 *
 * <p>Output of a reader: the group columns, then one column per function — count as long, sum
 * and min/max in the input column's type (Spark casts the partial values to it). Sums of an int
 * column are therefore emitted before they leave the int range, as several partial rows of a group.
 */
final class PushedAggregation implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int COUNT_STAR = 0, COUNT = 1, SUM = 2, MIN = 3, MAX = 4;
  private static final String[] NAMES = {"COUNT(*)", "COUNT", "SUM", "MIN", "MAX"};

  final PacketColumn[] groupColumns;
  /** Per function: its kind and its input column (null for count(*)). */
  final int[] kinds;
  final PacketColumn[] inputs;
  final StructType schema;

  private PushedAggregation(PacketColumn[] groupColumns, int[] kinds, PacketColumn[] inputs) {
    this.groupColumns = groupColumns;
    this.kinds = kinds;
    this.inputs = inputs;
    List<StructField> f = new ArrayList<>();
    for (PacketColumn g : groupColumns) f.add(g.field());
    for (int i = 0; i < kinds.length; i++) {
      DataType t = kinds[i] <= COUNT ? DataTypes.LongType : inputs[i].type();
      f.add(new StructField("agg" + i + "_" + describe(i).replaceAll("[^A-Za-z0-9_]", "_"), t, true,
          org.apache.spark.sql.types.Metadata.empty()));
    }
    this.schema = new StructType(f.toArray(new StructField[0]));
  }

  /** The aggregation this source can compute, or null (then Spark aggregates the rows itself). */
  static PushedAggregation of(Aggregation a) {
    PacketColumn[] groups = new PacketColumn[a.groupByExpressions().length];
    for (int i = 0; i < groups.length; i++) {
      PacketColumn c = column(a.groupByExpressions()[i]);
      // arrays (vlan_ids) are not grouped here: their UnsafeRow form is not a plain value
      if (c == null || c.isArray()) return null;
      groups[i] = c;
    }
    AggregateFunc[] fs = a.aggregateExpressions();
    int[] kinds = new int[fs.length];
    PacketColumn[] inputs = new PacketColumn[fs.length];
    for (int i = 0; i < fs.length; i++) {
      AggregateFunc f = fs[i];
      int kind;
      Expression in = null;
      if (f instanceof CountStar) {
        kind = COUNT_STAR;
      } else if (f instanceof Count && !((Count) f).isDistinct()) {
        kind = COUNT;
        in = ((Count) f).column();
      } else if (f instanceof Sum && !((Sum) f).isDistinct()) {
        kind = SUM;
        in = ((Sum) f).column();
      } else if (f instanceof Min) {
        kind = MIN;
        in = ((Min) f).column();
      } else if (f instanceof Max) {
        kind = MAX;
        in = ((Max) f).column();
      } else {
        return null;
      }
      PacketColumn c = in == null ? null : column(in);
      if (in != null && c == null) return null;
      if (kind >= SUM && !numeric(c)) return null;
      if (kind == COUNT && c.isArray()) return null;
      kinds[i] = kind;
      inputs[i] = c;
    }
    return new PushedAggregation(groups, kinds, inputs);
  }

  /** int, long or timestamp: the types kept as a long accumulator. */
  private static boolean numeric(PacketColumn c) {
    DataType t = c.type();
    return t == DataTypes.IntegerType || t == DataTypes.LongType || t == DataTypes.TimestampType;
  }

  static boolean isInt(PacketColumn c) {
    return c.type() == DataTypes.IntegerType;
  }

  private static PacketColumn column(Expression e) {
    if (!(e instanceof NamedReference)) return null;
    String[] names = ((NamedReference) e).fieldNames();
    return names.length == 1 ? PacketColumn.byName(names[0]) : null;
  }

  /** Decoder layers needed by the group and input columns. */
  int layers() {
    int l = PacketColumn.layers(groupColumns);
    for (PacketColumn in : inputs) if (in != null) l |= in.layers();
    return l;
  }

  private String describe(int i) {
    return kinds[i] == COUNT_STAR ? NAMES[COUNT_STAR] : NAMES[kinds[i]] + "(" + inputs[i].columnName() + ")";
  }

  @Override
  public String toString() {
    List<String> fs = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) fs.add(describe(i));
    List<String> gs = new ArrayList<>();
    for (PacketColumn g : groupColumns) gs.add(g.columnName());
    return fs + " GroupBy: " + gs;
  }
}

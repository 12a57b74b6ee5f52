package org.pcapanalytics.report.zeek;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.unix_micros;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A Zeek log as a declaration, like a Zeek {@code record}: its {@code #path} and its fields in
 * order, each a Zeek name, a Zeek type and the SQL expression that gives its value from the
 * DataFrame being written. {@link ZeekLogs} declares the ones Zeek has ({@code conn}, {@code dns});
 * {@link #of} maps any other output column by column.
 */
public record ZeekLog(String path, List<Field> fields) {
  /** One field: its name in {@code #fields}, its type in {@code #types}, and its value. */
  public record Field(String name, ZeekType type, Column value) {}

  public ZeekLog {
    fields = List.copyOf(fields);
  }

  /** The field names, as in {@code #fields}. */
  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /** The field types, as in {@code #types}. */
  public List<String> types() {
    return fields.stream().map(f -> f.type().zeekName).toList();
  }

  /** The values of the fields, in order, from {@code df}. */
  public Dataset<Row> select(Dataset<Row> df) {
    Column[] c = new Column[fields.size()];
    for (int i = 0; i < c.length; i++) c[i] = fields.get(i).value().as("f" + i);
    return df.select(c);
  }

  /**
   * A log of every column of {@code schema} under its own name: timestamps as {@code time},
   * integers as {@code int}, fractions as {@code double}, booleans as {@code bool}, arrays of
   * strings or integers as vectors, anything else (structs, maps, other arrays) as JSON text.
   */
  public static ZeekLog of(String path, StructType schema) {
    List<Field> f = new ArrayList<>();
    for (StructField s : schema.fields()) f.add(field(s.name(), s.dataType()));
    return new ZeekLog(path, f);
  }

  private static Field field(String name, DataType t) {
    Column c = col("`" + name.replace("`", "``") + "`");
    if (t instanceof TimestampType) return new Field(name, ZeekType.TIME, unix_micros(c));
    if (integral(t)) return new Field(name, ZeekType.INT, c);
    if (t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType) {
      return new Field(name, ZeekType.DOUBLE, c.cast("double"));
    }
    if (t instanceof BooleanType) return new Field(name, ZeekType.BOOL, c);
    if (t instanceof StringType) return new Field(name, ZeekType.STRING, c);
    if (t instanceof ArrayType a && a.elementType() instanceof StringType) {
      return new Field(name, ZeekType.VECTOR_STRING, c);
    }
    if (t instanceof ArrayType a && integral(a.elementType())) {
      return new Field(name, ZeekType.VECTOR_INT, transform(c, x -> x.cast("bigint")));
    }
    if (t instanceof ArrayType || t instanceof StructType || t instanceof org.apache.spark.sql.types.MapType) {
      return new Field(name, ZeekType.STRING, to_json(c));
    }
    return new Field(name, ZeekType.STRING, c.cast("string"));
  }

  private static boolean integral(DataType t) {
    return t instanceof LongType || t instanceof IntegerType || t instanceof ShortType || t instanceof ByteType;
  }
}

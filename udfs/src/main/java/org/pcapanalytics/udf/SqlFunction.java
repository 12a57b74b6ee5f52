package org.pcapanalytics.udf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.errors.QueryCompilationErrors;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.pcapanalytics.config.Config;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One SQL function: its name, documentation, argument kinds, result type and a factory for its
 * per-row function object. {@link #build} turns the resolved argument expressions of a call into
 * a {@link ScalaUDF} expression — the same expression whether the function was registered by
 * {@link PcapFunctions#register} or injected by {@link PcapSparkExtensions}.
 */
final class SqlFunction {
  /** What an argument must be; other types are cast when that is safe, else rejected. */
  enum Arg {
    /** STRING (NULL literals are cast). */
    STRING,
    /** INT (TINYINT, SMALLINT, BIGINT and NULL are cast). */
    INT,
    /** TIMESTAMP (TIMESTAMP_NTZ, DATE, STRING and NULL are cast with the session time zone). */
    TIMESTAMP,
    /** STRING or INT (TINYINT, SMALLINT, BIGINT and NULL are cast to INT). */
    STRING_OR_INT
  }

  /** Makes the per-row function object for one call site (its arity is the number of arguments given). */
  interface Factory {
    Object create(Expression[] args, Supplier<Config> config);
  }

  final String name;
  final DataType returnType;
  final Arg[] args;
  /** Arguments a call must give: the first {@code required} of {@link #args}; the rest are optional. */
  final int required;
  final ExpressionInfo info;
  final Factory factory;

  SqlFunction(String name, DataType returnType, Arg[] args, int required, Class<?> impl, String group, String usage,
      String arguments, String examples, Factory factory) {
    if (required < 0 || required > args.length) throw new IllegalArgumentException(name + ": required " + required);
    this.name = name;
    this.returnType = returnType;
    this.args = args;
    this.required = required;
    this.factory = factory;
    this.info = new ExpressionInfo(impl.getName(), null, name, usage, arguments, examples, "", group, "",
        "", "java_udf");
  }

  /** Spark's builder for this function: resolved argument expressions to an expression. */
  AbstractFunction1<Seq<Expression>, Expression> builder(Supplier<Config> config) {
    return new AbstractFunction1<>() {
      @Override
      public Expression apply(Seq<Expression> in) {
        return build(in, config);
      }
    };
  }

  Expression build(Seq<Expression> in, Supplier<Config> config) {
    int n = in.length();
    if (n < required || n > args.length) {
      List<Object> counts = new ArrayList<>();
      for (int k = required; k <= args.length; k++) counts.add(k);
      Seq<Object> valid = CollectionConverters.asScala(counts).toList();
      throw sneaky(QueryCompilationErrors.wrongNumArgsError(name, valid, n, "", "", ""));
    }
    List<Expression> children = new ArrayList<>(n);
    for (int i = 0; i < n; i++) children.add(coerce(i, in.apply(i), args[i]));
    Object fn = factory.create(children.toArray(new Expression[0]), config);
    return new ScalaUDF(fn, returnType, CollectionConverters.asScala(children).toList(),
        scala.collection.immutable.List$.MODULE$.empty(), Option.empty(), Option.apply(name), true, true);
  }

  private Expression coerce(int i, Expression e, Arg kind) {
    DataType t = e.dataType();
    boolean isNull = t instanceof NullType;
    boolean smallIntegral = t instanceof ByteType || t instanceof ShortType || t instanceof LongType;
    switch (kind) {
      case STRING:
        if (t instanceof StringType) return e;
        if (isNull) return cast(e, DataTypes.StringType);
        break;
      case INT:
        if (t instanceof IntegerType) return e;
        if (isNull || smallIntegral) return cast(e, DataTypes.IntegerType);
        break;
      case TIMESTAMP:
        if (t instanceof TimestampType) return e;
        if (isNull || t instanceof TimestampNTZType || t instanceof DateType || t instanceof StringType) {
          return cast(e, DataTypes.TimestampType);
        }
        break;
      case STRING_OR_INT:
        if (t instanceof StringType || t instanceof IntegerType) return e;
        if (isNull || smallIntegral) return cast(e, DataTypes.IntegerType);
        break;
      default:
        break;
    }
    throw sneaky(QueryCompilationErrors.unexpectedInputDataTypeError(name, i, t, e));
  }

  private static Expression cast(Expression e, DataType to) {
    return new Cast(e, to, Option.empty());
  }

  /** Evaluates a constant argument (a literal or a foldable expression) once. */
  static String constantString(Expression e) {
    Object v = e.eval(null);
    return v == null ? null : v.toString();
  }

  /** Rethrows Spark's (checked) AnalysisException from a Scala-called method. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}

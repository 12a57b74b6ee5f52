package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.report.zeek.ZeekLog;

/**
 * One output of a report, written to {@code DIR/NAME/}: its name, whether it is small enough for
 * one file, and what {@code _summary.json} and the terminal show of it — the {@code shown}
 * columns (all when empty) of its first rows or, with {@code largestFirst}, of its largest rows:
 * by the first SQL expression descending, ties by the others ascending. With {@code --format zeek}
 * it is written as the Zeek log {@code zeekLog} gives for its columns (by default one named after
 * the output, a field per column).
 */
public record Output(String name, boolean oneFile, List<String> shown, List<String> largestFirst,
    Function<StructType, ZeekLog> zeekLog) {
  public Output {
    shown = List.copyOf(shown);
    largestFirst = List.copyOf(largestFirst);
  }

  /**
   * An output written as one file (rankings, aggregates); the driver collects it first when it is
   * small ({@link ReportRun#write}).
   */
  public static Output oneFile(String name) {
    return new Output(name, true, List.of(), List.of(), null);
  }

  /** An output as large as the input may make it, written by every task. */
  public static Output partitioned(String name) {
    return new Output(name, false, List.of(), List.of(), null);
  }

  /** The same output, showing only these columns. */
  public Output showing(String... columns) {
    return new Output(name, oneFile, List.of(columns), largestFirst, zeekLog);
  }

  /** The same output, showing its largest rows by {@code size}, ties by {@code thenBy}. */
  public Output largestFirst(String size, String... thenBy) {
    List<String> order = new ArrayList<>(List.of(size));
    order.addAll(List.of(thenBy));
    return new Output(name, oneFile, shown, order, zeekLog);
  }

  /** The same output, written as the Zeek log {@code log} makes of its columns with {@code --format zeek}. */
  public Output asZeekLog(Function<StructType, ZeekLog> log) {
    return new Output(name, oneFile, shown, largestFirst, log);
  }

  /** The Zeek log this output is written as, for a DataFrame of {@code schema}. */
  ZeekLog zeekLog(StructType schema) {
    return zeekLog == null ? ZeekLog.of(name, schema) : zeekLog.apply(schema);
  }

  /** The order of the rows shown, as Spark sort columns (empty: the output's own order). */
  Column[] showOrder() {
    Column[] c = new Column[largestFirst.size()];
    for (int i = 0; i < c.length; i++) c[i] = i == 0 ? expr(largestFirst.get(i)).desc() : expr(largestFirst.get(i));
    return c;
  }
}

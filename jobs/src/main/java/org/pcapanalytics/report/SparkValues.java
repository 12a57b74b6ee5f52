package org.pcapanalytics.report;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Spark's row values as plain Java values, for JSON and the terminal. */
final class SparkValues {
  private SparkValues() {}

  /** A Spark value as something Jackson writes plainly: times as ISO-8601 text, Scala sequences as lists. */
  static Object plain(Object v) {
    if (v instanceof Timestamp t) return t.toInstant().toString();
    if (v instanceof Instant i) return i.toString();
    if (v instanceof LocalDateTime l) return l.toString();
    if (v instanceof scala.collection.Seq<?> s) {
      List<Object> l = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> l.add(plain(x)));
      return l;
    }
    if (v instanceof List<?> s) {
      List<Object> l = new ArrayList<>();
      s.forEach(x -> l.add(plain(x)));
      return l;
    }
    return v;
  }
}

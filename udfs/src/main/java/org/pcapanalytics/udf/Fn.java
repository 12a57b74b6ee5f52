package org.pcapanalytics.udf;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * Base classes of the per-row function objects held by Spark's {@code ScalaUDF} expression. They
 * receive Spark's external values (String, Integer, Instant or java.sql.Timestamp, …), never
 * throw for bad values, and are serialized to executors with the plan, so everything they hold
 * is Serializable. A fresh instance is made for every call site in a query.
 */
final class Fn {
  private Fn() {}

  abstract static class Fn1 extends AbstractFunction1<Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  abstract static class Fn2 extends AbstractFunction2<Object, Object, Object> implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** A TIMESTAMP value as Spark hands it to a UDF (Instant with the Java 8 API on, else Timestamp). */
  static Instant instant(Object ts) {
    if (ts instanceof Instant i) return i;
    if (ts instanceof Timestamp t) return t.toInstant();
    return null;
  }

  static String string(Object o) {
    return o instanceof String s ? s : o == null ? null : o.toString();
  }
}

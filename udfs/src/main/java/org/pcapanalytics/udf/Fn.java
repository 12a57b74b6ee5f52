package org.pcapanalytics.udf;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /**
   * Remembers the answers of a costly look-up (a Public Suffix List or GeoIP look-up costs
   * microseconds) for one function instance, up to {@value #LIMIT} keys: a capture asks for the
   * same names and addresses over and over. Starts empty on every executor.
   */
  static final class Memo implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int LIMIT = 4096;
    private static final Object NONE = new Object();
    private transient ConcurrentHashMap<String, Object> map;

    Object get(String key, Function<String, Object> lookup) {
      if (key == null) return null;
      ConcurrentHashMap<String, Object> m = map;
      if (m == null) map = m = new ConcurrentHashMap<>();
      Object v = m.get(key);
      if (v == null) {
        Object answer = lookup.apply(key);
        v = answer == null ? NONE : answer;
        if (m.size() >= LIMIT) m.clear();
        m.put(key, v);
      }
      return v == NONE ? null : v;
    }
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

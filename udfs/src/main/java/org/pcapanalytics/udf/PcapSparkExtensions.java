package org.pcapanalytics.udf;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Spark session extension that adds the pcap-analytics SQL functions to every session, so
 * {@code spark-sql}, notebooks and any {@code SparkSession} get them without code:
 *
 * <pre>
 * spark.sql.extensions=org.pcapanalytics.udf.PcapSparkExtensions
 * spark.pcap.config=/path/to/pcap-analytics.json   (optional; built-in defaults otherwise)
 * </pre>
 *
 * The configuration file is read when a query using a configured function (business hours,
 * internal networks, watch list) is analysed, from the session's {@code spark.pcap.config}; it
 * may therefore also be changed per session with {@code SET spark.pcap.config=...}.
 */
public final class PcapSparkExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  /**
   * Injects every function under an unqualified name: Spark registers those as built-in functions
   * (system.builtin) of each session (a qualified name would be ignored).
   */
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (SqlFunction f : PcapFunctions.ALL) {
      extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(f.name), f.info, f.builder(SessionConfig::current)));
    }
    return BoxedUnit.UNIT;
  }
}

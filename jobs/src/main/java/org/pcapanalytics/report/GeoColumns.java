package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.expr;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.udf.PcapFunctions;

/**
 * Country and autonomous system beside the external addresses of report rows, when the
 * configuration names GeoIP databases ({@code geoip.*}): columns {@code PREFIXcountry},
 * {@code PREFIXasn} and {@code PREFIXas_org} from the SQL functions {@code geo_country},
 * {@code asn} and {@code as_org}, null for internal addresses ({@code is_internal_ip}). Without
 * databases the rows stay as they are, so outputs keep today's columns.
 */
final class GeoColumns {
  /** The suffixes of the columns, in order. */
  static final List<String> SUFFIXES = List.of("country", "asn", "as_org");

  private GeoColumns() {}

  static boolean enabled(Config config) {
    return !config.geoIp().isEmpty();
  }

  /** Registers the SQL functions the columns (and the watch list's geo entries) use, with {@code config}. */
  static void prepare(SparkSession spark, Config config) {
    PcapFunctions.register(spark, config);
  }

  /** {@code df} with the columns for the address in {@code ip}, named with {@code prefix}. */
  static Dataset<Row> add(Dataset<Row> df, Config config, String ip, String prefix) {
    if (!enabled(config)) return df;
    String external = "NOT coalesce(is_internal_ip(" + ip + "), true)";
    return df.withColumn(prefix + "country", expr("CASE WHEN " + external + " THEN geo_country(" + ip + ") END"))
        .withColumn(prefix + "asn", expr("CASE WHEN " + external + " THEN asn(" + ip + ") END"))
        .withColumn(prefix + "as_org", expr("CASE WHEN " + external + " THEN as_org(" + ip + ") END"));
  }

  /** The column names for {@code prefix}. */
  static String[] names(String prefix) {
    return SUFFIXES.stream().map(s -> prefix + s).toArray(String[]::new);
  }
}

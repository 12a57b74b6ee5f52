package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the capture's own DNS answers call each address: the {@code names} view, and the names
 * the reports show beside addresses. An A or AAAA answer names its address twice over: by the
 * record's owner name, and by the question it answered (the name the client asked for, before
 * any CNAME).
 */
public final class AddressNames {
  /** The view name in {@code sql} and {@code shell}. */
  public static final String VIEW = "names";
  /** The packet columns the names come from. */
  public static final List<String> PACKET_COLUMNS = List.of("ts_ns", "dns_response", "dns_qname", "dns_answers");
  /** How many names a report shows beside an address. */
  public static final int SHOWN = 3;

  private AddressNames() {}

  /**
   * One row per address and name: {@code address, name} (lower case, no trailing dot),
   * {@code first_seen, last_seen} (of the answers saying so), {@code answers} (how many), by
   * address and name.
   */
  public static Dataset<Row> of(Dataset<Row> packets) {
    Dataset<Row> a = packets.where("dns_response AND dns_answers IS NOT NULL")
        .select(col("ts_ns"), expr("lower(regexp_replace(dns_qname, '\\\\.$', ''))").as("question"),
            expr("explode(dns_answers)").as("a"))
        .where("a.type IN (1, 28)")
        .select(col("ts_ns"), col("a.data").as("address"),
            expr("array_distinct(filter(array(lower(regexp_replace(a.name, '\\\\.$', '')), question),"
                + " n -> n IS NOT NULL AND n <> ''))").as("names"));
    return a.select(col("ts_ns"), col("address"), expr("explode(names)").as("name"))
        .groupBy("address", "name")
        .agg(expr("timestamp_micros(min(ts_ns) DIV 1000)").as("first_seen"),
            expr("timestamp_micros(max(ts_ns) DIV 1000)").as("last_seen"), count(lit(1)).as("answers"))
        .orderBy("address", "name");
  }

  /** Per address, its {@value #SHOWN} most answered names (ties by name): {@code address, names}. */
  public static Dataset<Row> perAddress(Dataset<Row> names) {
    return names.groupBy("address")
        .agg(expr("transform(slice(sort_array(collect_list(struct(-answers AS rank, name AS name))), 1, "
            + SHOWN + "), x -> x.name)").as("names"));
  }

  /** {@code df} with {@code column} (the names of the address in {@code ip}, null if none) from {@code perAddress}. */
  static Dataset<Row> beside(Dataset<Row> df, Dataset<Row> perAddress, String ip, String column) {
    Dataset<Row> n = perAddress.select(col("address").as("__address"), col("names").as(column));
    return df.join(n, df.col(ip).equalTo(n.col("__address")), "left").drop("__address");
  }
}

package org.pcapanalytics.cli;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark Connect client as an analyst's program would be: reads a capture through the server
 * with {@code format("pcap")} and prints a query's rows as CSV (header, CRLF lines). Run by
 * {@link ServeCommandIT} in a JVM of its own with Spark's JVM Connect client; uses only Spark's
 * common API, which selects the Connect implementation.
 *
 * <p>Arguments: {@code sc://HOST:PORT CAPTURE QUERY} (the query reads the view {@code packets}).
 */
public final class ConnectClientProbe {
  private ConnectClientProbe() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().connect().remote(args[0]).getOrCreate();
    try {
      System.err.println("client session: " + spark.getClass().getName());
      spark.read().format("pcap").load(args[1]).createOrReplaceTempView("packets");
      Dataset<Row> result = spark.sql(args[2]);
      StringBuilder sb = new StringBuilder(String.join(",", result.columns())).append("\r\n");
      List<Row> rows = result.collectAsList();
      for (Row r : rows) {
        for (int i = 0; i < r.size(); i++) sb.append(i > 0 ? "," : "").append(r.isNullAt(i) ? "" : r.get(i));
        sb.append("\r\n");
      }
      System.out.print(sb);
      System.out.flush();
    } finally {
      spark.close();
    }
  }
}

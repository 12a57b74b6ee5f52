package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.Watchlist;

/** {@code watchlist}: where the configured domains and addresses show up, who, when and how much. */
public final class WatchlistReport implements Report {
  public static final Output WATCHLIST = Output.oneFile("watchlist")
      .showing("indicator", "source", "value", "client_ip", "client_country", "client_asn", "client_as_org",
          "server_ip", "server_names", "server_country", "server_asn", "server_as_org", "first_seen", "events", "bytes_out");

  @Override
  public String name() {
    return WATCHLIST.name();
  }

  @Override
  public List<String> description() {
    return List.of("configured domains and addresses seen in DNS questions, TLS SNI, HTTP Host and",
        "connection endpoints: who, when, how much");
  }

  @Override
  public List<Output> outputs() {
    return List.of(WATCHLIST);
  }

  @Override
  public List<String> packetColumns() {
    return List.of("ts_ns", "src_ip", "dst_ip", "dns_qname", "dns_response", "wirelen", "tls_ja4", "dns_answers");
  }

  @Override
  public boolean needsConnections() {
    return true;
  }

  @Override
  public void run(ReportRun run) {
    Config config = run.config();
    Dataset<Row> w = AddressNames.beside(watchlist(run.packets(), run.dnsMessages(), run.connections(), config),
        run.addressNames(),
        "server_ip", "server_names").orderBy("first_seen", "indicator", "source", "client_ip");
    ObjectNode n = run.write(WATCHLIST, GeoColumns.add(GeoColumns.add(w, config, "client_ip", "client_"), config,
        "server_ip", "server_"));
    n.put("domains", config.watchlist().domains().size());
    n.put("networks", config.watchlist().addresses().networks().size());
    n.put("countries", config.watchlist().countries().size());
    n.put("asns", config.watchlist().asns().size());
  }

  /** Columns of the watch-list report. */
  public static final StructType SCHEMA = new StructType()
      .add("indicator", DataTypes.StringType).add("indicator_type", DataTypes.StringType)
      .add("source", DataTypes.StringType).add("value", DataTypes.StringType)
      .add("client_ip", DataTypes.StringType).add("server_ip", DataTypes.StringType)
      .add("first_seen", DataTypes.TimestampType).add("last_seen", DataTypes.TimestampType)
      .add("events", DataTypes.LongType).add("bytes_out", DataTypes.LongType).add("bytes_in", DataTypes.LongType)
      .add("uids", DataTypes.createArrayType(DataTypes.StringType));

  /**
   * Where configured domains (exact and suffix entries) and addresses/CIDRs show up: DNS
   * questions (packets; client = the asking host, bytes = DNS frame bytes), TLS SNI and HTTP Host
   * (connections carrying them; client = originator), connection endpoints (either address
   * in a watched network), and with {@code watchlist.countries}/{@code asns} connection endpoints
   * located in a watched country or AS ({@code watchlist_geo_match}: type {@code country} or
   * {@code asn}), and JA4 entries in ClientHellos ({@code tls_ja4}; client = the sender, events =
   * hellos, bytes out = their frame bytes). One row per indicator, source, value, client and server with first
   * and last time, events (queries or connections), bytes out/in and up to 10 connection uids. The
   * DNS questions are taken from {@code dns}, the packets or their DNS messages ({@link ReportRun#dnsMessages}).
   */
  public static Dataset<Row> watchlist(Dataset<Row> packets, Dataset<Row> dns, Dataset<Row> connections,
      Config config) {
    Watchlist w = config.watchlist();
    if (w.isEmpty()) {
      return packets.sparkSession().createDataFrame(List.of(), SCHEMA);
    }
    UserDefinedFunction domain = udf((UDF1<String, String>) w::matchDomain, DataTypes.StringType);
    UserDefinedFunction address = udf((UDF1<String, String>) w::matchAddress, DataTypes.StringType);

    Dataset<Row> questions = DnsReport.dnsPackets(dns).where("is_query")
        .withColumn("indicator", domain.apply(col("name"))).where("indicator IS NOT NULL")
        .groupBy(col("indicator"), col("name").as("value"), col("src_ip").as("client_ip"),
            col("dst_ip").as("server_ip"))
        .agg(min("ts_ns").as("first_ns"), max("ts_ns").as("last_ns"), count(lit(1)).as("events"),
            sum("wirelen").as("bytes_out"), lit(0L).as("bytes_in"), expr("CAST(NULL AS ARRAY<STRING>)").as("uids"))
        .withColumn("indicator_type", lit("domain")).withColumn("source", lit("dns"));

    Dataset<Row> sni = byConnection(connections.where("tls_sni IS NOT NULL")
        .withColumn("value", expr("lower(tls_sni)")), domain, "tls_sni", "domain");
    Dataset<Row> host = byConnection(connections.where("http_host IS NOT NULL")
        .withColumn("value", expr("lower(regexp_replace(http_host, ':[0-9]+$', ''))")), domain, "http_host",
        "domain");
    Dataset<Row> resp = byConnection(connections.withColumn("value", col("resp_ip")), address, "resp_ip", "address");
    Dataset<Row> orig = byConnection(connections.withColumn("value", col("orig_ip")), address, "orig_ip", "address");

    Dataset<Row> all = questions.unionByName(sni).unionByName(host).unionByName(resp).unionByName(orig);
    if (!w.ja4().isEmpty()) {
      UserDefinedFunction ja4 = udf((UDF1<String, String>) w::matchJa4, DataTypes.StringType);
      all = all.unionByName(packets.where("tls_ja4 IS NOT NULL")
          .withColumn("indicator", ja4.apply(col("tls_ja4"))).where("indicator IS NOT NULL")
          .groupBy(col("indicator"), col("tls_ja4").as("value"), col("src_ip").as("client_ip"),
              col("dst_ip").as("server_ip"))
          .agg(min("ts_ns").as("first_ns"), max("ts_ns").as("last_ns"), count(lit(1)).as("events"),
              sum("wirelen").as("bytes_out"), lit(0L).as("bytes_in"), expr("CAST(NULL AS ARRAY<STRING>)").as("uids"))
          .withColumn("indicator_type", lit("ja4")).withColumn("source", lit("tls_ja4")));
    }
    if (!w.countries().isEmpty() || !w.asns().isEmpty()) {
      // watchlist_geo_match: the AS entry (AS64496) else the country entry (RU) of an address
      for (String end : List.of("resp_ip", "orig_ip")) {
        all = all.unionByName(byConnection(connections.withColumn("value", col(end)),
            expr("watchlist_geo_match(value)"), end, expr("CASE WHEN indicator LIKE 'AS%' THEN 'asn' ELSE 'country' END")));
      }
    }
    return all.select(col("indicator"), col("indicator_type"), col("source"), col("value"), col("client_ip"),
            col("server_ip"), expr("timestamp_micros(first_ns DIV 1000)").as("first_seen"),
            expr("timestamp_micros(last_ns DIV 1000)").as("last_seen"), col("events"), col("bytes_out"),
            col("bytes_in"), col("uids"))
        .orderBy("first_seen", "indicator", "source", "client_ip");
  }

  private static Dataset<Row> byConnection(Dataset<Row> c, UserDefinedFunction match, String source, String type) {
    return byConnection(c, match.apply(col("value")), source, lit(type));
  }

  /** Connections whose {@code value} matches ({@code indicator} not null), grouped as the report's rows. */
  private static Dataset<Row> byConnection(Dataset<Row> c, Column indicator, String source, Column type) {
    return c.withColumn("indicator", indicator).where("indicator IS NOT NULL")
        .groupBy(col("indicator"), col("value"), col("orig_ip").as("client_ip"), col("resp_ip").as("server_ip"))
        .agg(min("start_ns").as("first_ns"), max("end_ns").as("last_ns"), count(lit(1)).as("events"),
            sum("orig_bytes").as("bytes_out"), sum("resp_bytes").as("bytes_in"),
            expr("slice(array_sort(collect_set(uid)), 1, 10)").as("uids"))
        .withColumn("indicator_type", type).withColumn("source", lit(source));
  }
}

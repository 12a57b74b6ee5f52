package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.config.BusinessHours;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.config.Watchlist;
import org.pcapanalytics.conn.Connections;

/**
 * The reports, each a function from packets and/or connections (see {@link Connections#detailed})
 * to a DataFrame. Ranking reports keep {@code topN} rows ({@code topN <= 0}: all). Nothing here
 * collects data to the driver.
 */
public final class Reports {
  private Reports() {}

  public static final String CONNECTIONS = "connections";
  public static final String TOP_TALKERS = "top-talkers";
  public static final String TOP_CONVERSATIONS = "top-conversations";
  public static final String TOP_SERVICES = "top-services";
  public static final String AFTER_HOURS = "after-hours";
  public static final String DNS = "dns";
  public static final String DNS_FAILURES = "dns-failures";
  public static final String DNS_NEW_NAMES = "dns-new-names";
  public static final String WATCHLIST = "watchlist";
  public static final String ERRORS = "errors";
  public static final String SUMMARY = "summary";
  public static final String SUMMARY_HOURLY = "summary-hourly";
  public static final String SUMMARY_PROTOCOLS = "summary-protocols";

  private static Dataset<Row> top(Dataset<Row> df, int topN, Column... order) {
    Dataset<Row> sorted = df.orderBy(order);
    return topN > 0 ? sorted.limit(topN) : sorted;
  }

  // ------------------------------------------------------------------ top talkers

  /**
   * Frames and frame bytes ({@code wirelen}) per (source, destination) address of the outermost IP
   * header, with first and last timestamps: the base of top talkers and conversations.
   */
  public static Dataset<Row> directedPairs(Dataset<Row> packets) {
    return packets.where("src_ip IS NOT NULL AND dst_ip IS NOT NULL")
        .groupBy("src_ip", "dst_ip")
        .agg(count(lit(1)).as("frames"), sum("wirelen").as("bytes"), min("ts_ns").as("first_ns"),
            max("ts_ns").as("last_ns"));
  }

  /**
   * Per address: {@code ip, bytes_sent, bytes_received, bytes_total, packets_sent,
   * packets_received, connections, peers}, by {@code bytes_total} descending. Bytes and packets
   * count frames as tshark's {@code -z endpoints,ip} / {@code endpoints,ipv6} do (frame length on
   * the wire, outermost IP header); {@code peers} are the distinct addresses it exchanged packets
   * with, {@code connections} those it took part in.
   *
   * @param pairs {@link #directedPairs} of the packets
   */
  public static Dataset<Row> topTalkers(Dataset<Row> pairs, Dataset<Row> connections, int topN) {
    Dataset<Row> sides = pairs.select(col("src_ip").as("ip"), col("dst_ip").as("peer"), col("bytes").as("bs"),
            col("frames").as("ps"), lit(0L).as("br"), lit(0L).as("pr"))
        .unionByName(pairs.select(col("dst_ip").as("ip"), col("src_ip").as("peer"), lit(0L).as("bs"),
            lit(0L).as("ps"), col("bytes").as("br"), col("frames").as("pr")));
    Dataset<Row> perIp = sides.groupBy("ip").agg(sum("bs").as("bytes_sent"), sum("br").as("bytes_received"),
        sum("ps").as("packets_sent"), sum("pr").as("packets_received"), countDistinct("peer").as("peers"));
    Dataset<Row> conns = connections
        .select(explode(array_distinct(array(col("orig_ip"), col("resp_ip")))).as("ip"))
        .groupBy("ip").agg(count(lit(1)).as("connections"));
    Dataset<Row> t = perIp.join(conns, perIp.col("ip").equalTo(conns.col("ip")), "left")
        .select(perIp.col("ip"), col("bytes_sent"), col("bytes_received"),
            col("bytes_sent").plus(col("bytes_received")).as("bytes_total"), col("packets_sent"),
            col("packets_received"), coalesce(col("connections"), lit(0L)).as("connections"), col("peers"));
    return top(t, topN, col("bytes_total").desc(), col("ip"));
  }

  /**
   * Address pairs like tshark's {@code -z conv,ip}: {@code address_a < address_b} (text order),
   * frames and bytes each way, totals, start and duration, by bytes descending.
   */
  public static Dataset<Row> topConversations(Dataset<Row> pairs, int topN) {
    Column a = expr("least(src_ip, dst_ip)");
    Column ab = col("src_ip").leq(col("dst_ip"));
    Dataset<Row> t = pairs.groupBy(a.as("address_a"), expr("greatest(src_ip, dst_ip)").as("address_b"))
        .agg(sum(when(ab, col("frames")).otherwise(0L)).as("frames_a_to_b"),
            sum(when(ab, col("bytes")).otherwise(0L)).as("bytes_a_to_b"),
            sum(when(ab, lit(0L)).otherwise(col("frames"))).as("frames_b_to_a"),
            sum(when(ab, lit(0L)).otherwise(col("bytes"))).as("bytes_b_to_a"),
            sum("frames").as("frames"), sum("bytes").as("bytes"), min("first_ns").as("first_ns"),
            max("last_ns").as("last_ns"))
        .select(col("address_a"), col("address_b"), col("frames_a_to_b"), col("bytes_a_to_b"),
            col("frames_b_to_a"), col("bytes_b_to_a"), col("frames"), col("bytes"),
            expr("timestamp_micros(first_ns DIV 1000)").as("start_ts"),
            expr("CAST(last_ns - first_ns AS DOUBLE) / 1e9").as("duration"));
    return top(t, topN, col("bytes").desc(), col("address_a"), col("address_b"));
  }

  /**
   * Services and ports: per {@code proto, resp_port, service}, the connections, distinct clients
   * and servers, payload and IP bytes, and failed attempts (S0, REJ); by connections descending.
   */
  public static Dataset<Row> topServices(Dataset<Row> connections, int topN) {
    Dataset<Row> t = connections.groupBy("proto", "resp_port", "service")
        .agg(count(lit(1)).as("connections"), countDistinct("orig_ip").as("clients"),
            countDistinct("resp_ip").as("servers"), sum("orig_bytes").as("orig_bytes"),
            sum("resp_bytes").as("resp_bytes"), expr("sum(orig_ip_bytes + resp_ip_bytes)").as("ip_bytes"),
            expr("count_if(conn_state IN ('S0', 'REJ'))").as("failed"));
    return top(t, topN, col("connections").desc(), col("ip_bytes").desc(), col("proto"), col("resp_port"));
  }

  // ------------------------------------------------------------------ after hours

  /**
   * Connections that start outside business hours (working days, hours, holidays, in the
   * configured time zone with its DST rules), with the columns of connections plus
   * {@code local_start} (wall-clock time in the zone), {@code internal_to_external} (an internal
   * originator talking to an external responder) and {@code bytes_out} (the payload bytes such an
   * originator sent out; 0 otherwise). Ordered by start time.
   */
  public static Dataset<Row> afterHours(Dataset<Row> connections, Config config) {
    BusinessHours bh = config.businessHours();
    UserDefinedFunction inHours = udf((UDF1<Long, Boolean>) us -> us == null ? null
        : bh.contains(Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000)),
        DataTypes.BooleanType);
    UserDefinedFunction local = udf((UDF1<Long, LocalDateTime>) us -> us == null ? null
        : bh.localTime(Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000)),
        DataTypes.TimestampNTZType);
    Column micros = expr("unix_micros(start_ts)");
    Column outward = coalesce(col("local_orig"), lit(false)).and(col("local_resp").equalTo(false));
    Column[] cols = new Column[Connections.SCHEMA.size() + 3];
    String[] names = Connections.SCHEMA.fieldNames();
    for (int i = 0; i < names.length; i++) cols[i] = col(names[i]);
    cols[names.length] = local.apply(micros).as("local_start");
    cols[names.length + 1] = outward.as("internal_to_external");
    cols[names.length + 2] = when(outward, col("orig_bytes")).otherwise(0L).as("bytes_out");
    return connections.where(inHours.apply(micros).equalTo(false)).select(cols).orderBy("start_ts", "uid");
  }

  // ------------------------------------------------------------------ DNS

  private static Column name() {
    return expr("lower(regexp_replace(dns_qname, '\\\\.$', ''))");
  }

  private static Dataset<Row> dnsPackets(Dataset<Row> packets) {
    return packets.where("dns_qname IS NOT NULL").withColumn("name", name())
        .withColumn("is_query", expr("NOT coalesce(dns_response, false)"));
  }

  /**
   * Top queried names: {@code name, queries, clients, responses, nxdomain, other_failures,
   * first_seen, last_seen}, by queries descending. Names are lower-cased without the trailing
   * dot; a query is a DNS message with QR = 0 (its client is the sender), failures are counted on
   * responses (NXDOMAIN = rcode 3; other failures = any rcode but 0 and 3).
   */
  public static Dataset<Row> dnsTopNames(Dataset<Row> packets, int topN) {
    Dataset<Row> t = dnsPackets(packets).groupBy("name")
        .agg(expr("count_if(is_query)").as("queries"),
            countDistinct(when(col("is_query"), col("src_ip"))).as("clients"),
            expr("count_if(NOT is_query)").as("responses"),
            expr("count_if(NOT is_query AND dns_rcode = 3)").as("nxdomain"),
            expr("count_if(NOT is_query AND dns_rcode NOT IN (0, 3))").as("other_failures"),
            expr("timestamp_micros(min(ts_ns) DIV 1000)").as("first_seen"),
            expr("timestamp_micros(max(ts_ns) DIV 1000)").as("last_seen"));
    return top(t, topN, col("queries").desc(), col("responses").desc(), col("name"));
  }

  /**
   * Failed lookups per client (the receiver of the response): {@code client_ip, queries,
   * responses, nxdomain, servfail, refused, other_failures, failures, failed_names (distinct),
   * sample_names (up to 10)}; clients without failures are left out; by failures descending.
   */
  public static Dataset<Row> dnsFailures(Dataset<Row> packets) {
    Dataset<Row> d = dnsPackets(packets)
        .withColumn("client_ip", when(col("is_query"), col("src_ip")).otherwise(col("dst_ip")))
        .withColumn("failed", expr("NOT is_query AND dns_rcode IS NOT NULL AND dns_rcode <> 0"));
    return d.groupBy("client_ip")
        .agg(expr("count_if(is_query)").as("queries"), expr("count_if(NOT is_query)").as("responses"),
            expr("count_if(failed AND dns_rcode = 3)").as("nxdomain"),
            expr("count_if(failed AND dns_rcode = 2)").as("servfail"),
            expr("count_if(failed AND dns_rcode = 5)").as("refused"),
            expr("count_if(failed AND dns_rcode NOT IN (2, 3, 5))").as("other_failures"),
            expr("count_if(failed)").as("failures"),
            countDistinct(when(col("failed"), col("name"))).as("failed_names"),
            expr("slice(array_sort(collect_set(CASE WHEN failed THEN name END)), 1, 10)").as("sample_names"))
        .where("failures > 0")
        .orderBy(col("failures").desc(), col("client_ip"));
  }

  /**
   * Names first seen inside the window: queried (or answered) in {@code window} and never in
   * {@code earlier} (the packets before the window; null = nothing earlier is known, so every name
   * is new). Columns {@code name, first_seen, first_client, queries, clients}, by first_seen.
   */
  public static Dataset<Row> dnsNewNames(Dataset<Row> window, Dataset<Row> earlier) {
    Dataset<Row> names = dnsPackets(window).groupBy("name")
        .agg(expr("timestamp_micros(min(ts_ns) DIV 1000)").as("first_seen"),
            expr("min_by(CASE WHEN is_query THEN src_ip ELSE dst_ip END, ts_ns)").as("first_client"),
            expr("count_if(is_query)").as("queries"),
            countDistinct(when(col("is_query"), col("src_ip"))).as("clients"));
    if (earlier != null) {
      Dataset<Row> known = dnsPackets(earlier).select("name").distinct();
      names = names.join(known, names.col("name").equalTo(known.col("name")), "left_anti");
    }
    return names.orderBy("first_seen", "name");
  }

  // ------------------------------------------------------------------ watch list

  /** Columns of the watch-list report. */
  public static final StructType WATCHLIST_SCHEMA = new StructType()
      .add("indicator", DataTypes.StringType).add("indicator_type", DataTypes.StringType)
      .add("source", DataTypes.StringType).add("value", DataTypes.StringType)
      .add("client_ip", DataTypes.StringType).add("server_ip", DataTypes.StringType)
      .add("first_seen", DataTypes.TimestampType).add("last_seen", DataTypes.TimestampType)
      .add("events", DataTypes.LongType).add("bytes_out", DataTypes.LongType).add("bytes_in", DataTypes.LongType)
      .add("uids", DataTypes.createArrayType(DataTypes.StringType));

  /**
   * Where configured domains (exact and suffix entries) and addresses/CIDRs show up: DNS
   * questions (packets; client = the asking host, bytes = DNS frame bytes), TLS SNI and HTTP Host
   * (connections carrying them; client = originator), and connection endpoints (either address
   * in a watched network). One row per indicator, source, value, client and server with first
   * and last time, events (queries or connections), bytes out/in and up to 10 connection uids.
   */
  public static Dataset<Row> watchlist(Dataset<Row> packets, Dataset<Row> connections, Config config) {
    Watchlist w = config.watchlist();
    if (w.isEmpty()) {
      return packets.sparkSession().createDataFrame(List.of(), WATCHLIST_SCHEMA);
    }
    UserDefinedFunction domain = udf((UDF1<String, String>) w::matchDomain, DataTypes.StringType);
    UserDefinedFunction address = udf((UDF1<String, String>) w::matchAddress, DataTypes.StringType);

    Dataset<Row> dns = dnsPackets(packets).where("is_query")
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

    Dataset<Row> all = dns.unionByName(sni).unionByName(host).unionByName(resp).unionByName(orig);
    return all.select(col("indicator"), col("indicator_type"), col("source"), col("value"), col("client_ip"),
            col("server_ip"), expr("timestamp_micros(first_ns DIV 1000)").as("first_seen"),
            expr("timestamp_micros(last_ns DIV 1000)").as("last_seen"), col("events"), col("bytes_out"),
            col("bytes_in"), col("uids"))
        .orderBy("first_seen", "indicator", "source", "client_ip");
  }

  private static Dataset<Row> byConnection(Dataset<Row> c, UserDefinedFunction match, String source, String type) {
    return c.withColumn("indicator", match.apply(col("value"))).where("indicator IS NOT NULL")
        .groupBy(col("indicator"), col("value"), col("orig_ip").as("client_ip"), col("resp_ip").as("server_ip"))
        .agg(min("start_ns").as("first_ns"), max("end_ns").as("last_ns"), count(lit(1)).as("events"),
            sum("orig_bytes").as("bytes_out"), sum("resp_bytes").as("bytes_in"),
            expr("slice(array_sort(collect_set(uid)), 1, 10)").as("uids"))
        .withColumn("indicator_type", lit(type)).withColumn("source", lit(source));
  }

  // ------------------------------------------------------------------ errors

  /**
   * Why could two hosts not talk? Per client and server: TCP attempts without answer (S0),
   * refused (REJ), resets (RSTO, RSTR, RSTOS0, RSTRH), ICMP destination unreachable (client = the
   * receiver of the message, server = the host or router that sent it), DNS NXDOMAIN and
   * SERVFAIL answers (client = the receiver, server = the resolver). Columns {@code client_ip,
   * server_ip, failures, s0, rej, resets, icmp_unreachable, dns_nxdomain, dns_servfail,
   * server_ports (up to 20), first_seen, last_seen}, by failures descending.
   */
  public static Dataset<Row> errors(Dataset<Row> packets, Dataset<Row> connections) {
    Dataset<Row> tcp = connections
        .where("proto = 'tcp' AND conn_state IN ('S0', 'REJ', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH')")
        .select(col("orig_ip").as("client_ip"), col("resp_ip").as("server_ip"),
            expr("CASE conn_state WHEN 'S0' THEN 's0' WHEN 'REJ' THEN 'rej' ELSE 'reset' END").as("kind"),
            col("start_ns").as("ts_ns"), col("resp_port").as("port"));
    Dataset<Row> icmp = packets
        .where("(ip_proto = 1 AND icmp_type = 3) OR (ip_proto = 58 AND icmp_type = 1)")
        .select(col("dst_ip").as("client_ip"), col("src_ip").as("server_ip"), lit("unreachable").as("kind"),
            col("ts_ns"), expr("CAST(NULL AS INT)").as("port"));
    Dataset<Row> dns = packets.where("dns_qname IS NOT NULL AND dns_response AND dns_rcode IN (2, 3)")
        .select(col("dst_ip").as("client_ip"), col("src_ip").as("server_ip"),
            expr("CASE dns_rcode WHEN 3 THEN 'nxdomain' ELSE 'servfail' END").as("kind"), col("ts_ns"),
            col("src_port").as("port"));
    return tcp.unionByName(icmp).unionByName(dns).groupBy("client_ip", "server_ip")
        .agg(count(lit(1)).as("failures"), expr("count_if(kind = 's0')").as("s0"),
            expr("count_if(kind = 'rej')").as("rej"), expr("count_if(kind = 'reset')").as("resets"),
            expr("count_if(kind = 'unreachable')").as("icmp_unreachable"),
            expr("count_if(kind = 'nxdomain')").as("dns_nxdomain"),
            expr("count_if(kind = 'servfail')").as("dns_servfail"),
            expr("slice(array_sort(collect_set(port)), 1, 20)").as("server_ports"),
            expr("timestamp_micros(min(ts_ns) DIV 1000)").as("first_seen"),
            expr("timestamp_micros(max(ts_ns) DIV 1000)").as("last_seen"))
        .orderBy(col("failures").desc(), col("client_ip"), col("server_ip"));
  }

  // ------------------------------------------------------------------ summary

  /** Packets and bytes (wirelen) per UTC hour of capture time: {@code hour, packets, bytes}. */
  public static Dataset<Row> summaryHourly(Dataset<Row> packets) {
    return packets.where("ts IS NOT NULL").groupBy(expr("date_trunc('HOUR', ts)").as("hour"))
        .agg(count(lit(1)).as("packets"), sum("wirelen").as("bytes")).orderBy("hour");
  }

  /**
   * Packets and bytes per protocol: {@code protocol, packets, bytes, bytes_share}; IP protocols by
   * name (tcp, udp, icmp, icmpv6, …), other frames by EtherType (arp, lldp, …) or
   * {@code non-ip}. By bytes descending.
   */
  public static Dataset<Row> summaryProtocols(Dataset<Row> packets) {
    Column protocol = expr("CASE WHEN ip_proto IS NOT NULL THEN CASE ip_proto WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' "
        + "WHEN 1 THEN 'icmp' WHEN 58 THEN 'icmpv6' WHEN 2 THEN 'igmp' WHEN 47 THEN 'gre' WHEN 50 THEN 'esp' "
        + "WHEN 89 THEN 'ospf' WHEN 132 THEN 'sctp' ELSE concat('ip-proto-', ip_proto) END "
        + "WHEN ip_version IS NOT NULL THEN 'ip' "
        + "WHEN eth_type = 2054 THEN 'arp' WHEN eth_type = 35020 THEN 'lldp' WHEN eth_type = 34958 THEN 'eapol' "
        + "WHEN eth_type IS NOT NULL THEN concat('ethertype-0x', lower(lpad(hex(eth_type), 4, '0'))) "
        + "ELSE 'non-ip' END");
    Dataset<Row> per = packets.groupBy(protocol.as("protocol"))
        .agg(count(lit(1)).as("packets"), sum("wirelen").as("bytes"));
    Dataset<Row> total = per.agg(sum("bytes").as("total"));
    return per.crossJoin(total).select(col("protocol"), col("packets"), col("bytes"),
            expr("round(bytes / total, 4)").as("bytes_share"))
        .orderBy(col("bytes").desc(), col("protocol"));
  }

  /**
   * One row about the capture: {@code first_ts, last_ts, duration, packets, bytes,
   * captured_bytes, ip_packets, truncated_packets, malformed_packets} (decode errors).
   */
  public static Dataset<Row> summaryTotals(Dataset<Row> packets) {
    return packets.agg(expr("timestamp_micros(min(ts_ns) DIV 1000)").as("first_ts"),
        expr("timestamp_micros(max(ts_ns) DIV 1000)").as("last_ts"),
        expr("CAST(max(ts_ns) - min(ts_ns) AS DOUBLE) / 1e9").as("duration"), count(lit(1)).as("packets"),
        coalesce(sum("wirelen"), lit(0L)).as("bytes"), coalesce(sum("caplen"), lit(0L)).as("captured_bytes"),
        expr("count_if(ip_version IS NOT NULL)").as("ip_packets"),
        expr("count_if(truncated)").as("truncated_packets"),
        expr("count_if(decode_error IS NOT NULL)").as("malformed_packets"));
  }
}

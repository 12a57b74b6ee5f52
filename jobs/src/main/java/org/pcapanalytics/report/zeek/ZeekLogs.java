package org.pcapanalytics.report.zeek;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.conn.IpProtocols;
import org.pcapanalytics.report.zeek.ZeekLog.Field;

/**
 * The logs Zeek itself has, declared with Zeek's field names, types and order (Zeek 6/7 base
 * scripts), from our columns: {@code conn.log} from the connections, a {@code dns.log} subset
 * from the DNS transactions. Fields we do not know are written unset ({@code -}); fields Zeek
 * only logs with a policy script are left out unless we have them ({@code community_id}).
 */
public final class ZeekLogs {
  private ZeekLogs() {}

  /**
   * {@code conn.log} from the {@code connections} columns. As Zeek: {@code duration},
   * {@code orig_bytes} and {@code resp_bytes} only when the duration is above zero; {@code proto}
   * is {@code tcp}, {@code udp}, {@code icmp} or {@code unknown_transport} (with {@code ip_proto}
   * and port 0); {@code missed_bytes} and {@code tunnel_parents} unset (not tracked).
   */
  public static ZeekLog conn(StructType schema) {
    Column lasted = col("end_ts").gt(col("start_ts"));
    Column known = col("proto").isin("tcp", "udp", "icmp");
    List<Field> f = new ArrayList<>(List.of(
        new Field("ts", ZeekType.TIME, unix_micros(col("start_ts"))),
        new Field("uid", ZeekType.STRING, col("uid")),
        new Field("id.orig_h", ZeekType.ADDR, col("orig_ip")),
        new Field("id.orig_p", ZeekType.PORT, coalesce(col("orig_port"), lit(0))),
        new Field("id.resp_h", ZeekType.ADDR, col("resp_ip")),
        new Field("id.resp_p", ZeekType.PORT, coalesce(col("resp_port"), lit(0))),
        new Field("proto", ZeekType.ENUM, when(known, col("proto")).otherwise(lit("unknown_transport"))),
        new Field("service", ZeekType.STRING, col("service")),
        new Field("duration", ZeekType.INTERVAL, when(lasted, unix_micros(col("end_ts")).minus(unix_micros(col("start_ts"))))),
        new Field("orig_bytes", ZeekType.COUNT, when(lasted, col("orig_bytes"))),
        new Field("resp_bytes", ZeekType.COUNT, when(lasted, col("resp_bytes"))),
        new Field("conn_state", ZeekType.STRING, col("conn_state")),
        new Field("local_orig", ZeekType.BOOL, col("local_orig")),
        new Field("local_resp", ZeekType.BOOL, col("local_resp")),
        new Field("missed_bytes", ZeekType.COUNT, lit(null).cast("bigint")),
        new Field("history", ZeekType.STRING, col("history")),
        new Field("orig_pkts", ZeekType.COUNT, col("orig_pkts")),
        new Field("orig_ip_bytes", ZeekType.COUNT, col("orig_ip_bytes")),
        new Field("resp_pkts", ZeekType.COUNT, col("resp_pkts")),
        new Field("resp_ip_bytes", ZeekType.COUNT, col("resp_ip_bytes")),
        new Field("tunnel_parents", ZeekType.SET_STRING, lit(null).cast("array<string>")),
        new Field("ip_proto", ZeekType.COUNT, ipProto())));
    if (List.of(schema.fieldNames()).contains("community_id")) {
      f.add(new Field("community_id", ZeekType.STRING, col("community_id")));
    }
    return new ZeekLog("conn", f);
  }

  /** The IP protocol number behind a {@code proto} name (ICMP: by the address family). */
  private static Column ipProto() {
    Column p = col("proto");
    Column n = when(p.equalTo(IpProtocols.ICMP), when(col("orig_ip").contains(":"), 58).otherwise(1));
    for (Map.Entry<String, Integer> e : IpProtocols.NUMBERS.entrySet()) n = n.when(p.equalTo(e.getKey()), e.getValue());
    return n.when(p.startsWith(IpProtocols.NUMBERED), expr("substr(proto, " + (IpProtocols.NUMBERED.length() + 1)
        + ")").cast("int"));
  }

  /**
   * A {@code dns.log} subset from the DNS transactions ({@code DnsReport.transactions}): the
   * connection 5-tuple, {@code trans_id}, {@code rtt}, the question and its names, the response
   * code, and the answers as Zeek renders them with their TTLs. No {@code uid} (a transaction is
   * not tied to a connection here) and no header flags (not decoded).
   */
  public static ZeekLog dns() {
    return new ZeekLog("dns", List.of(
        new Field("ts", ZeekType.TIME, unix_micros(col("ts"))),
        new Field("id.orig_h", ZeekType.ADDR, col("orig_ip")),
        new Field("id.orig_p", ZeekType.PORT, col("orig_port")),
        new Field("id.resp_h", ZeekType.ADDR, col("resp_ip")),
        new Field("id.resp_p", ZeekType.PORT, col("resp_port")),
        new Field("proto", ZeekType.ENUM, col("proto")),
        new Field("trans_id", ZeekType.COUNT, col("trans_id")),
        new Field("rtt", ZeekType.INTERVAL, expr("CAST(round(rtt * 1000000) AS BIGINT)")),
        new Field("query", ZeekType.STRING, col("query")),
        new Field("qclass", ZeekType.COUNT, col("qclass")),
        new Field("qclass_name", ZeekType.STRING, named(col("qclass"), DnsNames.CLASSES, "qclass-")),
        new Field("qtype", ZeekType.COUNT, col("qtype")),
        new Field("qtype_name", ZeekType.STRING, named(col("qtype"), DnsNames.TYPES, "query-")),
        new Field("rcode", ZeekType.COUNT, col("rcode")),
        new Field("rcode_name", ZeekType.STRING, named(col("rcode"), DnsNames.RCODES, "rcode-")),
        new Field("answers", ZeekType.VECTOR_STRING, expr("transform(answers, a -> " + answerText() + ")")),
        new Field("TTLs", ZeekType.VECTOR_INTERVAL, expr("transform(answers, a -> a.ttl * 1000000)"))));
  }

  /** Zeek's name for a number, from its table, or its fallback prefix and the number. */
  private static Column named(Column number, Map<Integer, String> names, String fallback) {
    Column n = null;
    for (Map.Entry<Integer, String> e : new TreeMap<>(names).entrySet()) {
      Column is = number.equalTo(e.getKey());
      n = n == null ? when(is, e.getValue()) : n.when(is, e.getValue());
    }
    return n.otherwise(concat(lit(fallback), number.cast("string")));
  }

  /**
   * An answer's text as Zeek's DNS scripts log it, from our data text ({@code dns_answers}):
   * addresses and names as they are, MX and SRV their target name, SOA its primary server,
   * TXT {@code TXT <length> <text>}, any other type {@code <unknown type=N>}.
   */
  private static String answerText() {
    return "CASE a.type"
        + " WHEN 1 THEN a.data WHEN 28 THEN a.data WHEN 5 THEN a.data WHEN 2 THEN a.data WHEN 12 THEN a.data"
        + " WHEN 15 THEN substring_index(a.data, ' ', -1) WHEN 33 THEN substring_index(a.data, ' ', -1)"
        + " WHEN 6 THEN substring_index(a.data, ' ', 1)"
        + " WHEN 16 THEN concat('TXT ', octet_length(a.data), ' ', a.data)"
        + " ELSE concat('<unknown type=', a.type, '>') END";
  }
}

package org.pcapanalytics.conn;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.pcapanalytics.conn.ConnectionColumn.Kind.CONTRACT;
import static org.pcapanalytics.conn.ConnectionColumn.Kind.EXTRA;
import static org.pcapanalytics.conn.ConnectionColumn.Nulls.NOT_NULL;
import static org.pcapanalytics.conn.ConnectionColumn.Nulls.NULLABLE;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.net.CommunityIds;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The connection columns, each declared once as Zeek declares conn.log's fields in its
 * {@code record}: name, Spark type, nullability, whether it is a column of the
 * {@code connections} contract or an extra the reports use, and how it is computed from a
 * finished {@link Flow}. {@link Connections} derives its schemas, the rows the assembly emits
 * and its column lists from this list, so a new column is one more constant here.
 *
 * <p>Contract columns come out in the order they are declared here, then the extras.
 * Timestamps travel from the assembly as microseconds since the epoch and become
 * {@code TIMESTAMP}s in SQL ({@code timestamp_micros}), with no {@code java.sql.Timestamp} per row.
 */
enum ConnectionColumn {
  UID("uid", StringType, NOT_NULL, CONTRACT, (f, c) -> f.uid()),
  START_TS("start_ts", TimestampType, NOT_NULL, CONTRACT, (f, c) -> Math.floorDiv(f.startNs, 1000L)),
  END_TS("end_ts", TimestampType, NOT_NULL, CONTRACT, (f, c) -> Math.floorDiv(f.endNs, 1000L)),
  // never null, but optional in the Parquet schema of connections outputs and lake tables: they stay one schema
  DURATION("duration", DoubleType, NULLABLE, CONTRACT, (f, c) -> (double) (f.endNs - f.startNs) / 1e9),
  ORIG_IP("orig_ip", StringType, NOT_NULL, CONTRACT, (f, c) -> f.origIp),
  ORIG_PORT("orig_port", IntegerType, NULLABLE, CONTRACT, (f, c) -> f.origPort < 0 ? null : f.origPort),
  RESP_IP("resp_ip", StringType, NOT_NULL, CONTRACT, (f, c) -> f.respIp),
  RESP_PORT("resp_port", IntegerType, NULLABLE, CONTRACT, (f, c) -> f.respPort < 0 ? null : f.respPort),
  PROTO("proto", StringType, NOT_NULL, CONTRACT, (f, c) -> f.protoName()),
  SERVICE("service", StringType, NULLABLE, CONTRACT, (f, c) -> f.service()),
  ORIG_BYTES("orig_bytes", LongType, NOT_NULL, CONTRACT, (f, c) -> f.origBytes()),
  RESP_BYTES("resp_bytes", LongType, NOT_NULL, CONTRACT, (f, c) -> f.respBytes()),
  ORIG_IP_BYTES("orig_ip_bytes", LongType, NOT_NULL, CONTRACT, (f, c) -> f.origIpBytes),
  RESP_IP_BYTES("resp_ip_bytes", LongType, NOT_NULL, CONTRACT, (f, c) -> f.respIpBytes),
  ORIG_PKTS("orig_pkts", LongType, NOT_NULL, CONTRACT, (f, c) -> f.origPkts),
  RESP_PKTS("resp_pkts", LongType, NOT_NULL, CONTRACT, (f, c) -> f.respPkts),
  CONN_STATE("conn_state", StringType, NOT_NULL, CONTRACT, (f, c) -> f.connState()),
  HISTORY("history", StringType, NULLABLE, CONTRACT, (f, c) -> f.historyText()),
  VLAN_IDS("vlan_ids", DataTypes.createArrayType(IntegerType, false), NULLABLE, CONTRACT,
      (f, c) -> f.vlanIds == null ? null : CollectionConverters.asScala(f.vlanIds).toSeq()),
  LOCAL_ORIG("local_orig", BooleanType, NULLABLE, CONTRACT, (f, c) -> c.isInternal(f.origIp)),
  LOCAL_RESP("local_resp", BooleanType, NULLABLE, CONTRACT, (f, c) -> c.isInternal(f.respIp)),
  /** The packets' Community ID: ICMP "ports" are type and counterpart (or code), as the packets' hash takes them. */
  COMMUNITY_ID("community_id", StringType, NULLABLE, CONTRACT,
      (f, c) -> CommunityIds.of(f.origIp, f.respIp, f.proto, f.origPort, f.respPort, c.communityIdSeed())),
  // the first value the connection's ClientHellos (TCP or QUIC) show, and its HTTP requests (TCP)
  TLS_SNI("tls_sni", StringType, NULLABLE, CONTRACT, (f, c) -> f.tlsSni),
  TLS_JA4("tls_ja4", StringType, NULLABLE, CONTRACT, (f, c) -> f.tlsJa4),
  HTTP_HOST("http_host", StringType, NULLABLE, CONTRACT, (f, c) -> f.httpHost),
  HTTP_USER_AGENT("http_user_agent", StringType, NULLABLE, CONTRACT, (f, c) -> f.httpUserAgent),

  START_NS("start_ns", LongType, NOT_NULL, EXTRA, (f, c) -> f.startNs),
  END_NS("end_ns", LongType, NOT_NULL, EXTRA, (f, c) -> f.endNs),
  IP_PROTO("ip_proto", IntegerType, NOT_NULL, EXTRA, (f, c) -> f.proto),
  // bytes on the wire (frame lengths) each way: the top talkers' and conversations' bytes, as tshark counts them
  ORIG_WIRE_BYTES("orig_wire_bytes", LongType, NOT_NULL, EXTRA, (f, c) -> f.origWireBytes),
  RESP_WIRE_BYTES("resp_wire_bytes", LongType, NOT_NULL, EXTRA, (f, c) -> f.respWireBytes),
  /** The first DNS question's name seen in the connection. */
  DNS_QNAME("dns_qname", StringType, NULLABLE, EXTRA, (f, c) -> f.dnsQname);

  /**
   * Columns whose values rarely repeat from one connection to the next: written to Parquet
   * without a dictionary, which would fill up and fall back to plain encoding after costing the
   * writer ~10 % of its time.
   */
  static final Set<ConnectionColumn> RARELY_REPEATING = EnumSet.of(UID, START_TS, END_TS, DURATION, COMMUNITY_ID);

  /** Who reads a column: everyone ({@code connections}, the capture lake) or the reports only. */
  enum Kind { CONTRACT, EXTRA }

  enum Nulls { NOT_NULL, NULLABLE }

  final String name;
  /** The column's type in the connections DataFrame. */
  final DataType type;
  final boolean nullable;
  final Kind kind;
  private final BiFunction<Flow, Config, Object> value;

  ConnectionColumn(String name, DataType type, Nulls nulls, Kind kind, BiFunction<Flow, Config, Object> value) {
    this.name = name;
    this.type = type;
    this.nullable = nulls == NULLABLE;
    this.kind = kind;
    this.value = value;
  }

  /** The value in the assembly's row (a timestamp as microseconds). */
  Object value(Flow f, Config config) {
    return value.apply(f, config);
  }

  /** The type in the assembly's row. */
  DataType assembledType() {
    return type == TimestampType ? LongType : type;
  }
}

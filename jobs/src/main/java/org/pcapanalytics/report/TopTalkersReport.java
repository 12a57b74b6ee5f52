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
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pcapanalytics.conn.Connections;

/**
 * {@code top-talkers}: bytes and packets per address as tshark's {@code -z endpoints,ip} counts
 * them, and beside it {@code top-conversations} (address pairs, as {@code -z conv,ip}) and
 * {@code top-services} (per protocol, port and service). Rankings keep {@code topN} rows
 * ({@code topN <= 0}: all). Top talkers have the names the capture's DNS answers gave each address
 * ({@link AddressNames}) and, with GeoIP databases configured, the country and AS of each external
 * address ({@link GeoColumns}).
 */
public final class TopTalkersReport implements Report {
  public static final Output TOP_TALKERS = Output.oneFile("top-talkers");
  public static final Output TOP_CONVERSATIONS = Output.oneFile("top-conversations")
      .showing("address_a", "address_b", "frames", "bytes", "bytes_a_to_b", "bytes_b_to_a", "duration");
  public static final Output TOP_SERVICES = Output.oneFile("top-services");

  @Override
  public String name() {
    return TOP_TALKERS.name();
  }

  @Override
  public List<String> description() {
    return List.of("per address: bytes and packets sent/received (frame bytes, as tshark -z endpoints),",
        "connections, peers; also top-conversations (address pairs) and top-services");
  }

  @Override
  public List<Output> outputs() {
    return List.of(TOP_TALKERS, TOP_CONVERSATIONS, TOP_SERVICES);
  }

  @Override
  public List<String> packetColumns() {
    List<String> c = new ArrayList<>(List.of("ts_ns", "src_ip", "dst_ip", "wirelen"));
    c.addAll(AddressNames.PACKET_COLUMNS);
    return c;
  }

  @Override
  public boolean needsConnections() {
    return true;
  }

  @Override
  public void run(ReportRun run) {
    int topN = run.topN();
    // from the connections when they hold every packet of the pairs: one read of the capture less
    Dataset<Row> pairs = run.persist(run.connectionsHoldEveryAddressedPacket()
        ? directedPairsOf(run.connections()) : directedPairs(run.packets()));
    Dataset<Row> talkers = AddressNames.beside(topTalkers(pairs, run.connections(), topN), run.addressNames(), "ip",
        "names").orderBy(col("bytes_total").desc(), col("ip"));
    ObjectNode n = run.write(TOP_TALKERS, GeoColumns.add(talkers, run.config(), "ip", ""));
    n.put("topN", topN);
    run.write(TOP_CONVERSATIONS, topConversations(pairs, topN));
    run.write(TOP_SERVICES, topServices(Connections.contract(run.connections()), topN));
  }

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
   * {@link #directedPairs} from connections that hold every packet with both addresses
   * ({@link ReportRun#connectionsHoldEveryAddressedPacket}): each packet is counted in one
   * connection, in the direction of its addresses, so the frames and bytes per (source,
   * destination) are the same. {@code first_ns} and {@code last_ns} are those of the connections
   * in either direction: the same for the address pair as a whole, which is how conversations use
   * them.
   *
   * @param connections {@link Connections#detailed} connections
   */
  public static Dataset<Row> directedPairsOf(Dataset<Row> connections) {
    Dataset<Row> ways = connections.select(col("orig_ip").as("src_ip"), col("resp_ip").as("dst_ip"),
            col("orig_pkts").as("frames"), col("orig_wire_bytes").as("bytes"), col("start_ns"), col("end_ns"))
        .unionByName(connections.select(col("resp_ip").as("src_ip"), col("orig_ip").as("dst_ip"),
            col("resp_pkts").as("frames"), col("resp_wire_bytes").as("bytes"), col("start_ns"), col("end_ns")));
    return ways.where("frames > 0").groupBy("src_ip", "dst_ip")
        .agg(sum("frames").as("frames"), sum("bytes").as("bytes"), min("start_ns").as("first_ns"),
            max("end_ns").as("last_ns"));
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
    return ReportRun.top(t, topN, col("bytes_total").desc(), col("ip"));
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
    return ReportRun.top(t, topN, col("bytes").desc(), col("address_a"), col("address_b"));
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
    return ReportRun.top(t, topN, col("connections").desc(), col("ip_bytes").desc(), col("proto"), col("resp_port"));
  }
}

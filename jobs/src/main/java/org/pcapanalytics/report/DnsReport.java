package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.report.zeek.ZeekLogs;

/**
 * {@code dns}: the most queried names, and beside them {@code dns-failures} (failed lookups per
 * client) and {@code dns-new-names} (names first seen in the window; with {@code --from},
 * compared with the data before it, in one more scan of DNS names only), and
 * {@code dns-transactions} (each query with its response, Zeek's {@code dns.log} model).
 */
public final class DnsReport implements Report {
  public static final Output DNS = Output.oneFile("dns");
  public static final Output DNS_FAILURES = Output.oneFile("dns-failures")
      .showing("client_ip", "failures", "nxdomain", "servfail", "queries", "sample_names");
  public static final Output DNS_NEW_NAMES = Output.oneFile("dns-new-names");
  public static final Output DNS_TRANSACTIONS = Output.partitioned("dns-transactions")
      .showing("ts", "orig_ip", "resp_ip", "query", "qtype", "rcode", "rtt")
      .asZeekLog(schema -> ZeekLogs.dns());

  @Override
  public String name() {
    return DNS.name();
  }

  @Override
  public List<String> description() {
    return List.of("top queried names; also dns-failures (NXDOMAIN, SERVFAIL, ... per client) and",
        "dns-new-names (names first seen in the window; with --from, compared with the",
        "data before it) and dns-transactions (each query with its response: Zeek's dns.log)");
  }

  @Override
  public List<Output> outputs() {
    return List.of(DNS, DNS_FAILURES, DNS_NEW_NAMES, DNS_TRANSACTIONS);
  }

  @Override
  public List<String> packetColumns() {
    return List.of("ts_ns", "src_ip", "dst_ip", "dns_qname", "dns_response", "dns_rcode", "src_port", "dst_port",
        "ip_proto", "dns_id", "dns_qtype", "dns_qclass", "dns_answers");
  }

  @Override
  public boolean needsConnections() {
    return false;
  }

  @Override
  public void run(ReportRun run) throws IOException {
    Dataset<Row> packets = run.dnsMessages();
    run.write(DNS, dnsTopNames(packets, run.topN()));
    ObjectNode f = run.write(DNS_FAILURES, dnsFailures(packets));
    Dataset<Row> before = run.packetsBeforeWindow();
    Dataset<Row> earlier = before == null ? null
        : before.select("ts_ns", "src_ip", "dst_ip", "dns_qname", "dns_response");
    ObjectNode nn = run.write(DNS_NEW_NAMES, dnsNewNames(packets, earlier));
    nn.put("baseline", earlier == null ? "none (no --from): every name in the window counts as new"
        : "packets before " + Instant.ofEpochSecond(0, run.options().fromNs()));
    f.put("note", "per client: failed answers it received");
    ObjectNode t = run.write(DNS_TRANSACTIONS, transactions(packets));
    t.put("note", "a query with the first response that follows it (same client, server, ports and id); "
        + "responses without a query on their own row");
  }

  /** A DNS name lower-cased, without the trailing dot. */
  private static Column normalisedName() {
    return expr("lower(regexp_replace(dns_qname, '\\\\.$', ''))");
  }

  static Dataset<Row> dnsPackets(Dataset<Row> packets) {
    return packets.where("dns_qname IS NOT NULL").withColumn("name", normalisedName())
        .withColumn("is_query", expr("NOT coalesce(dns_response, false)"));
  }

  /**
   * DNS transactions as Zeek's {@code dns.log} has them, paired as tshark pairs requests and
   * responses: on each protocol, pair of addresses and ports (either way round), and transaction
   * id, a response answers the oldest query waiting; queries waiting with it (retransmissions), a
   * query never answered and a response without a waiting
   * query each get a row of their own. Columns {@code ts} (of the query, else of the response),
   * {@code orig_ip, orig_port} (the client), {@code resp_ip, resp_port}, {@code proto} (udp or
   * tcp), {@code trans_id}, {@code rtt} (seconds), {@code query} (as {@link #dnsTopNames} names
   * it), {@code qclass}, {@code qtype}, {@code rcode}, {@code answers} (as {@code dns_answers}),
   * by ts.
   */
  public static Dataset<Row> transactions(Dataset<Row> packets) {
    Column srcFirst = expr("src_ip < dst_ip OR (src_ip = dst_ip AND src_port <= dst_port)");
    Column[] all = {expr("CASE ip_proto WHEN 6 THEN 'tcp' ELSE 'udp' END").as("proto"),
        when(srcFirst, col("src_ip")).otherwise(col("dst_ip")).as("a_ip"),
        when(srcFirst, col("src_port")).otherwise(col("dst_port")).as("a_port"),
        when(srcFirst, col("dst_ip")).otherwise(col("src_ip")).as("b_ip"),
        when(srcFirst, col("dst_port")).otherwise(col("src_port")).as("b_port"), col("dns_id").as("trans_id"),
        col("ts_ns"), expr("coalesce(dns_response, false)").as("is_response"), normalisedName().as("query"),
        col("dns_qclass").as("qclass"), col("dns_qtype").as("qtype"), col("dns_rcode").as("rcode"),
        col("dns_answers").as("answers"), col("src_ip"), col("src_port"), col("dst_ip"), col("dst_port")};
    Dataset<Row> messages = packets.where("dns_id IS NOT NULL AND ip_proto IN (6, 17)").select(all);
    Column[] key = Arrays.stream(KEY).map(functions::col).toArray(Column[]::new);
    StructType schema = new StructType().add("ts_ns", "bigint").add("orig_ip", "string").add("orig_port", "int")
        .add("resp_ip", "string").add("resp_port", "int").add("proto", "string").add("trans_id", "int")
        .add("rtt", "double").add("query", "string").add("qclass", "int").add("qtype", "int").add("rcode", "int")
        .add("answers", messages.schema().apply("answers").dataType());
    return messages.repartition(key).sortWithinPartitions(concat(key, col("ts_ns"), col("is_response")))
        .mapPartitions((MapPartitionsFunction<Row, Row>) DnsReport::pair, Encoders.row(schema))
        .select(expr("timestamp_micros(ts_ns DIV 1000)").as("ts"), col("orig_ip"), col("orig_port"),
            col("resp_ip"), col("resp_port"), col("proto"), col("trans_id"), col("rtt"), col("query"),
            col("qclass"), col("qtype"), col("rcode"), col("answers"))
        .orderBy("ts", "orig_ip", "orig_port", "trans_id");
  }

  /**
   * The key of a transaction, first in the rows {@link #pair} walks: the protocol, the two
   * endpoints in either direction (an mDNS answer may go to the group the query went to) and the id.
   */
  private static final String[] KEY = {"proto", "a_ip", "a_port", "b_ip", "b_port", "trans_id"};
  /** Where the rest of a message is in those rows. */
  private static final int TS = KEY.length, IS_RESPONSE = TS + 1, QUERY = TS + 2, QCLASS = TS + 3, QTYPE = TS + 4,
      RCODE = TS + 5, ANSWERS = TS + 6, SRC_IP = TS + 7, SRC_PORT = TS + 8, DST_IP = TS + 9, DST_PORT = TS + 10;

  private static Column[] concat(Column[] a, Column... b) {
    Column[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /**
   * Pairs the messages of a partition sorted by key and time: a response answers the oldest
   * waiting query; the others waiting are its retransmissions and keep a row without an answer.
   */
  private static Iterator<Row> pair(Iterator<Row> sorted) {
    return new Iterator<>() {
      private final ArrayDeque<Row> waiting = new ArrayDeque<>();
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private Row previous;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && sorted.hasNext()) {
          Row m = sorted.next();
          if (previous != null && !sameKey(previous, m)) flushWaiting();
          previous = m;
          if (!m.getBoolean(IS_RESPONSE)) waiting.add(m);
          else {
            ready.add(transaction(waiting.poll(), m));
            flushWaiting(); // retransmissions of the query just answered
          }
        }
        if (ready.isEmpty()) flushWaiting();
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
      }

      private void flushWaiting() {
        while (!waiting.isEmpty()) ready.add(transaction(waiting.poll(), null));
      }
    };
  }

  private static boolean sameKey(Row a, Row b) {
    for (int i = 0; i < KEY.length; i++) {
      if (!Objects.equals(a.get(i), b.get(i))) return false;
    }
    return true;
  }

  /**
   * One transaction row from its query and its response (either may be missing): the client is
   * the query's sender, else the response's receiver.
   */
  private static Row transaction(Row query, Row response) {
    Row first = query != null ? query : response;
    Double rtt = query != null && response != null ? (response.getLong(TS) - query.getLong(TS)) / 1e9 : null;
    Object origIp = query != null ? query.get(SRC_IP) : response.get(DST_IP);
    Object origPort = query != null ? query.get(SRC_PORT) : response.get(DST_PORT);
    Object respIp = query != null ? query.get(DST_IP) : response.get(SRC_IP);
    Object respPort = query != null ? query.get(DST_PORT) : response.get(SRC_PORT);
    return RowFactory.create(first.getLong(TS), origIp, origPort, respIp, respPort, first.get(0), first.get(5), rtt,
        first.get(QUERY), first.get(QCLASS), first.get(QTYPE), response == null ? null : response.get(RCODE),
        response == null ? null : response.get(ANSWERS));
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
    return ReportRun.top(t, topN, col("queries").desc(), col("responses").desc(), col("name"));
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
}

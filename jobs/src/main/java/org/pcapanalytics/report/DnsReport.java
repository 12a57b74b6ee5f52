package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code dns}: the most queried names, and beside them {@code dns-failures} (failed lookups per
 * client) and {@code dns-new-names} (names first seen in the window; with {@code --from},
 * compared with the data before it, in one more scan of DNS names only).
 */
public final class DnsReport implements Report {
  public static final Output DNS = Output.oneFile("dns");
  public static final Output DNS_FAILURES = Output.oneFile("dns-failures")
      .showing("client_ip", "failures", "nxdomain", "servfail", "queries", "sample_names");
  public static final Output DNS_NEW_NAMES = Output.oneFile("dns-new-names");

  @Override
  public String name() {
    return DNS.name();
  }

  @Override
  public List<String> description() {
    return List.of("top queried names; also dns-failures (NXDOMAIN, SERVFAIL, ... per client) and",
        "dns-new-names (names first seen in the window; with --from, compared with the",
        "data before it)");
  }

  @Override
  public List<Output> outputs() {
    return List.of(DNS, DNS_FAILURES, DNS_NEW_NAMES);
  }

  @Override
  public List<String> packetColumns() {
    return List.of("ts_ns", "src_ip", "dst_ip", "dns_qname", "dns_response", "dns_rcode");
  }

  @Override
  public boolean needsConnections() {
    return false;
  }

  @Override
  public void run(ReportRun run) throws IOException {
    Dataset<Row> packets = run.packets();
    run.write(DNS, dnsTopNames(packets, run.topN()));
    ObjectNode f = run.write(DNS_FAILURES, dnsFailures(packets));
    Dataset<Row> before = run.packetsBeforeWindow();
    Dataset<Row> earlier = before == null ? null
        : before.select("ts_ns", "src_ip", "dst_ip", "dns_qname", "dns_response");
    ObjectNode nn = run.write(DNS_NEW_NAMES, dnsNewNames(packets, earlier));
    nn.put("baseline", earlier == null ? "none (no --from): every name in the window counts as new"
        : "packets before " + Instant.ofEpochSecond(0, run.options().fromNs()));
    f.put("note", "per client: failed answers it received");
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

package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code errors}: per client and server, why they could not talk. */
public final class ErrorsReport implements Report {
  public static final Output ERRORS = Output.partitioned("errors")
      .showing("client_ip", "server_ip", "failures", "s0", "rej", "resets", "icmp_unreachable", "dns_nxdomain",
          "dns_servfail");
  /** The ICMP messages counted as unreachable (ICMPv4 type 3, ICMPv6 type 1), as a filter on packets. */
  static final String UNREACHABLE = "((ip_proto = 1 AND icmp_type = 3) OR (ip_proto = 58 AND icmp_type = 1))";

  @Override
  public String name() {
    return ERRORS.name();
  }

  @Override
  public List<String> description() {
    return List.of("per client and server: unanswered (S0) and refused (REJ) TCP attempts, resets,",
        "ICMP unreachable, DNS NXDOMAIN/SERVFAIL");
  }

  @Override
  public List<Output> outputs() {
    return List.of(ERRORS);
  }

  @Override
  public List<String> packetColumns() {
    return List.of("ts_ns", "src_ip", "dst_ip", "src_port", "ip_proto", "icmp_type", "dns_qname", "dns_response",
        "dns_rcode");
  }

  @Override
  public boolean needsConnections() {
    return true;
  }

  @Override
  public void run(ReportRun run) {
    run.write(ERRORS, errors(run.sparsePackets(), run.dnsMessages(), run.connections()));
  }

  /**
   * Why could two hosts not talk? Per client and server: TCP attempts without answer (S0),
   * refused (REJ), resets (RSTO, RSTR, RSTOS0, RSTRH), ICMP destination unreachable (client = the
   * receiver of the message, server = the host or router that sent it), DNS NXDOMAIN and
   * SERVFAIL answers (client = the receiver, server = the resolver). Columns {@code client_ip,
   * server_ip, failures, s0, rej, resets, icmp_unreachable, dns_nxdomain, dns_servfail,
   * server_ports (up to 20), first_seen, last_seen}, by failures descending. The ICMP messages are
   * taken from {@code packets}, all of them or any part holding the unreachables
   * ({@link ReportRun#sparsePackets}); the DNS answers from {@code dns}, the packets or their DNS
   * messages ({@link ReportRun#dnsMessages}).
   */
  public static Dataset<Row> errors(Dataset<Row> packets, Dataset<Row> dns, Dataset<Row> connections) {
    Dataset<Row> tcp = connections
        .where("proto = 'tcp' AND conn_state IN ('S0', 'REJ', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH')")
        .select(col("orig_ip").as("client_ip"), col("resp_ip").as("server_ip"),
            expr("CASE conn_state WHEN 'S0' THEN 's0' WHEN 'REJ' THEN 'rej' ELSE 'reset' END").as("kind"),
            col("start_ns").as("ts_ns"), col("resp_port").as("port"));
    Dataset<Row> icmp = packets
        .where(UNREACHABLE)
        .select(col("dst_ip").as("client_ip"), col("src_ip").as("server_ip"), lit("unreachable").as("kind"),
            col("ts_ns"), expr("CAST(NULL AS INT)").as("port"));
    Dataset<Row> failed = dns.where("dns_qname IS NOT NULL AND dns_response AND dns_rcode IN (2, 3)")
        .select(col("dst_ip").as("client_ip"), col("src_ip").as("server_ip"),
            expr("CASE dns_rcode WHEN 3 THEN 'nxdomain' ELSE 'servfail' END").as("kind"), col("ts_ns"),
            col("src_port").as("port"));
    return tcp.unionByName(icmp).unionByName(failed).groupBy("client_ip", "server_ip")
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
}

package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pcapanalytics.io.ReadCounter;
import org.pcapanalytics.spark.PcapReadStats;

/**
 * {@code summary}: one row about the capture (time range, totals, malformed and skipped input,
 * the connections when the run assembled them), and beside it {@code summary-hourly} and
 * {@code summary-protocols}.
 */
public final class SummaryReport implements Report {
  public static final Output SUMMARY = Output.oneFile("summary");
  public static final Output SUMMARY_HOURLY = Output.oneFile("summary-hourly");
  public static final Output SUMMARY_PROTOCOLS = Output.oneFile("summary-protocols");

  @Override
  public String name() {
    return SUMMARY.name();
  }

  @Override
  public List<String> description() {
    return List.of("capture time range, totals, malformed and skipped input; also summary-hourly and",
        "summary-protocols");
  }

  @Override
  public List<Output> outputs() {
    return List.of(SUMMARY_HOURLY, SUMMARY_PROTOCOLS, SUMMARY);
  }

  @Override
  public List<String> packetColumns() {
    return List.of("ts", "ts_ns", "wirelen", "caplen", "ip_version", "ip_proto", "eth_type", "truncated",
        "decode_error");
  }

  /** It counts the connections when another report of the run assembled them, and does not assemble them itself. */
  @Override
  public boolean needsConnections() {
    return false;
  }

  @Override
  public void run(ReportRun run) {
    Dataset<Row> connections = run.connections();
    // the three outputs from one read; it decodes every layer (decode_error), so what its readers saw is the input's
    Dataset<Row> cells = run.persist(cells(run.packets()));
    run.write(SUMMARY_HOURLY, hourly(cells));
    run.write(SUMMARY_PROTOCOLS, protocols(cells));
    Dataset<Row> totals = totals(cells);
    PcapReadStats stats = ReadStats.of(cells);
    boolean known = stats != null && stats.scans() > 0; // not from a capture lake
    if (known) run.wholeInputRead(stats);
    List<Column> all = new ArrayList<>();
    for (String c : totals.columns()) all.add(col(c));
    all.add(lit(connections == null ? null : connections.count()).cast("bigint").as("connections"));
    for (ReadCounter c : ReadCounter.values()) {
      // null, not a zero that would claim clean input, when no capture was read
      if (c.summaryColumn() != null) all.add(lit(known ? stats.get(c) : null).cast("bigint").as(c.summaryColumn()));
    }
    run.write(SUMMARY, totals.select(all.toArray(new Column[0])));
  }

  /**
   * What every summary output is computed from, in one read of the packets: per UTC hour of
   * capture time (null without a time stamp) and protocol ({@link #protocols}), the packets, their
   * bytes and captured bytes, first and last time stamp, and the IP, truncated and malformed
   * packets among them. A few thousand rows.
   */
  public static Dataset<Row> cells(Dataset<Row> packets) {
    return packets.groupBy(expr("date_trunc('HOUR', ts)").as("hour"), PROTOCOL.as("protocol"))
        .agg(count(lit(1)).as("packets"), sum("wirelen").as("bytes"), sum("caplen").as("captured_bytes"),
            min("ts_ns").as("first_ns"), max("ts_ns").as("last_ns"),
            expr("count_if(ip_version IS NOT NULL)").as("ip_packets"), expr("count_if(truncated)").as("truncated"),
            expr("count_if(decode_error IS NOT NULL)").as("malformed"));
  }

  /** Packets and bytes (wirelen) per UTC hour of capture time: {@code hour, packets, bytes}. */
  public static Dataset<Row> summaryHourly(Dataset<Row> packets) {
    return hourly(cells(packets));
  }

  /** {@link #summaryHourly} from {@link #cells}. */
  static Dataset<Row> hourly(Dataset<Row> cells) {
    return cells.where("hour IS NOT NULL").groupBy("hour")
        .agg(sumOrZero("packets", "packets"), sum("bytes").as("bytes")).orderBy("hour");
  }

  /**
   * Packets and bytes per protocol: {@code protocol, packets, bytes, bytes_share}; IP protocols by
   * name (tcp, udp, icmp, icmpv6, …), other frames by EtherType (arp, lldp, …) or
   * {@code non-ip}. By bytes descending.
   */
  public static Dataset<Row> summaryProtocols(Dataset<Row> packets) {
    return protocols(cells(packets));
  }

  /** {@link #summaryProtocols} from {@link #cells}. */
  static Dataset<Row> protocols(Dataset<Row> cells) {
    Dataset<Row> per = cells.groupBy("protocol").agg(sumOrZero("packets", "packets"), sum("bytes").as("bytes"));
    Dataset<Row> total = per.agg(sum("bytes").as("total"));
    return per.crossJoin(total).select(col("protocol"), col("packets"), col("bytes"),
            expr("round(bytes / total, 4)").as("bytes_share"))
        .orderBy(col("bytes").desc(), col("protocol"));
  }

  /** IP protocols by name, other frames by EtherType, else {@code non-ip}. */
  private static final Column PROTOCOL = expr("CASE WHEN ip_proto IS NOT NULL THEN CASE ip_proto "
        + "WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp' WHEN 58 THEN 'icmpv6' WHEN 2 THEN 'igmp' "
        + "WHEN 47 THEN 'gre' WHEN 50 THEN 'esp' "
        + "WHEN 89 THEN 'ospf' WHEN 132 THEN 'sctp' ELSE concat('ip-proto-', ip_proto) END "
        + "WHEN ip_version IS NOT NULL THEN 'ip' "
        + "WHEN eth_type = 2054 THEN 'arp' WHEN eth_type = 35020 THEN 'lldp' WHEN eth_type = 34958 THEN 'eapol' "
        + "WHEN eth_type IS NOT NULL THEN concat('ethertype-0x', lower(lpad(hex(eth_type), 4, '0'))) "
        + "ELSE 'non-ip' END");

  /**
   * One row about the capture: {@code first_ts, last_ts, duration, packets, bytes,
   * captured_bytes, ip_packets, truncated_packets, malformed_packets} (decode errors).
   */
  public static Dataset<Row> summaryTotals(Dataset<Row> packets) {
    return totals(cells(packets));
  }

  /** {@link #summaryTotals} from {@link #cells}. */
  static Dataset<Row> totals(Dataset<Row> cells) {
    return cells.agg(expr("timestamp_micros(min(first_ns) DIV 1000)").as("first_ts"),
        expr("timestamp_micros(max(last_ns) DIV 1000)").as("last_ts"),
        expr("CAST(max(last_ns) - min(first_ns) AS DOUBLE) / 1e9").as("duration"), sumOrZero("packets", "packets"),
        sumOrZero("bytes", "bytes"), sumOrZero("captured_bytes", "captured_bytes"),
        sumOrZero("ip_packets", "ip_packets"), sumOrZero("truncated", "truncated_packets"),
        sumOrZero("malformed", "malformed_packets"));
  }

  private static Column sumOrZero(String column, String as) {
    return coalesce(sum(column), lit(0L)).as(as);
  }
}

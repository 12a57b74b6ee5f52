package org.pcapanalytics.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.pcapanalytics.conn.Connections;
import org.pcapanalytics.report.zeek.ZeekLogs;

/** {@code connections}: one row per connection, the Zeek conn.log model (see {@link Connections}). */
public final class ConnectionsReport implements Report {
  public static final Output CONNECTIONS = Output.partitioned("connections")
      .showing("start_ts", "orig_ip", "orig_port", "resp_ip", "resp_port", "proto", "service", "conn_state",
          "orig_bytes", "resp_bytes", "uid", "community_id")
      .largestFirst("orig_bytes + resp_bytes", "uid")
      .asZeekLog(ZeekLogs::conn);

  @Override
  public String name() {
    return CONNECTIONS.name();
  }

  @Override
  public List<String> description() {
    return List.of("one row per connection, the Zeek conn.log model (conn_state, history, bytes, ...)");
  }

  @Override
  public List<Output> outputs() {
    return List.of(CONNECTIONS);
  }

  @Override
  public List<String> packetColumns() {
    return List.of();
  }

  @Override
  public boolean needsConnections() {
    return true;
  }

  @Override
  public void run(ReportRun run) {
    ObjectNode n = run.write(CONNECTIONS, Connections.contract(run.connections()));
    n.set("byState", run.counts(run.connections(), "conn_state"));
    n.set("byProto", run.counts(run.connections(), "proto"));
  }
}

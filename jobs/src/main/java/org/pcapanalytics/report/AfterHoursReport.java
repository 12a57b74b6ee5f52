package org.pcapanalytics.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.pcapanalytics.config.BusinessHours;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.Connections;

/**
 * {@code after-hours}: connections that start outside the configured business hours, with the
 * responder's names from the capture's DNS answers ({@code resp_names}) and, with GeoIP databases
 * configured, the country and AS of external originators and responders.
 */
public final class AfterHoursReport implements Report {
  public static final Output AFTER_HOURS = Output.partitioned("after-hours")
      .showing("local_start", "orig_ip", "orig_country", "orig_asn", "orig_as_org", "resp_ip", "resp_names",
          "resp_country", "resp_asn", "resp_as_org", "resp_port", "service", "conn_state", "internal_to_external",
          "bytes_out", "uid", "community_id")
      .largestFirst("bytes_out", "start_ts", "uid");

  @Override
  public String name() {
    return AFTER_HOURS.name();
  }

  @Override
  public List<String> description() {
    return List.of("connections starting outside business hours (time zone, days, hours, holidays",
        "from the configuration), with local_start, internal_to_external and bytes_out");
  }

  @Override
  public List<Output> outputs() {
    return List.of(AFTER_HOURS);
  }

  @Override
  public List<String> packetColumns() {
    return AddressNames.PACKET_COLUMNS;
  }

  @Override
  public boolean needsConnections() {
    return true;
  }

  @Override
  public void run(ReportRun run) {
    Config config = run.config();
    Dataset<Row> ah = afterHours(Connections.contract(run.connections()), config);
    ah = AddressNames.beside(ah, run.addressNames(), "resp_ip", "resp_names").orderBy("start_ts", "uid");
    ah = run.persist(GeoColumns.add(GeoColumns.add(ah, config, "orig_ip", "orig_"), config, "resp_ip", "resp_"));
    ObjectNode n = run.write(AFTER_HOURS, ah);
    Row t = ah.selectExpr("count_if(internal_to_external)", "coalesce(sum(bytes_out), 0)").first();
    n.put("internalToExternal", t.getLong(0));
    n.put("bytesOut", t.getLong(1));
    n.put("timeZone", config.businessHours().zone().getId());
    n.set("topSenders", run.rowsJson(ah.where("internal_to_external").groupBy("orig_ip")
        .agg(sum("bytes_out").as("bytes_out"), count(lit(1)).as("connections"))
        .orderBy(col("bytes_out").desc()).limit(ReportRun.SHOW).collectAsList()));
  }

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
}

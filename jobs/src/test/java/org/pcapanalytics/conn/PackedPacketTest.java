package org.pcapanalytics.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.conn.JobsTests.packets;
import static org.pcapanalytics.conn.JobsTests.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The shuffle's packed packet fields read back as the packet's own columns. */
class PackedPacketTest {
  private static final List<String> INTS = List.of("ip_version", "ip_proto", "ip_id", "frag_offset", "src_port",
      "dst_port", "tcp_flags", "payload_len", "icmp_type", "icmp_code", "ip_len", "wirelen");
  private static final List<String> STRINGS = List.of("dns_qname", "http_method", "http_host", "tls_sni", "tls_ja4",
      "http_user_agent");

  @Test
  void everyFieldOfRealPacketsComesBack() {
    Dataset<Row> p = packets("ipv4_fragments.pcap", "ipv6_fragments.pcap", "icmp_traceroute.pcapng",
        "tcp_synscan.pcapng", "http_espn.pcapng", "tls_sni_ipv4_ipv6.pcap", "vlan_qinq_icmp.pcap", "dns_packets.pcap",
        "icmpv6_echo.cap").where("src_ip IS NOT NULL");
    assertTrue(compare(p) > 1000);
    // the strings compared were there: every one is on some packet of these captures
    for (String c : STRINGS) assertTrue(p.where(c + " IS NOT NULL").count() > 0, c);
  }

  @Test
  void extremesAndNullsComeBack() {
    StructType schema = new StructType().add("ts_ns", DataTypes.LongType)
        .add("vlan_ids", DataTypes.createArrayType(DataTypes.IntegerType, false)).add("src_ip", DataTypes.StringType)
        .add("dst_ip", DataTypes.StringType);
    for (String c : INTS) schema = schema.add(c, DataTypes.IntegerType);
    schema = schema.add("more_fragments", DataTypes.BooleanType).add("tcp_seq", DataTypes.LongType)
        .add("tcp_ack", DataTypes.LongType).add("dns_qname", DataTypes.StringType)
        .add("http_method", DataTypes.StringType).add("http_host", DataTypes.StringType)
        .add("tls_sni", DataTypes.StringType).add("tls_ja4", DataTypes.StringType)
        .add("http_user_agent", DataTypes.StringType);
    long u32 = 0xFFFF_FFFFL;
    List<Row> rows = List.of(
        // the largest value of every field
        row(Long.MAX_VALUE, new Integer[] {4095, 1}, "ffff::1", "10.0.0.1", 6, 255, 65535, 65528, 65535, 65535, 4095,
            Integer.MAX_VALUE, 255, 255, Integer.MAX_VALUE, Integer.MAX_VALUE, true, u32, u32, "q", "GET", "h", "s", "t13d1516h2_8daaf6152771_e5627efa2ab1", "ua"),
        // zeros
        row(0L, null, "a", "b", 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0L, 0L, null, null, null, null, null, null),
        // every nullable field null, and a sequence number without an acknowledgement
        row(-5L, null, "a", "b", 4, 17, null, null, null, null, null, null, null, null, null, null, null, 1L << 31, null,
            null, null, null, null, null, null));
    assertEquals(3, compare(spark().createDataFrame(rows, schema)));
  }

  private static Row row(Object... values) {
    Object[] v = values.clone();
    if (v[1] != null) v[1] = Arrays.asList((Integer[]) v[1]);
    return RowFactory.create(v);
  }

  /** Compares each row's fields with its packed form read back; returns the rows compared. */
  private static int compare(Dataset<Row> packets) {
    List<Column> cols = new ArrayList<>(Arrays.asList(PackedPacket.columns()));
    for (String c : INTS) cols.add(packets.col(c).as("orig_" + c));
    for (String c : List.of("more_fragments", "tcp_seq", "tcp_ack")) cols.add(packets.col(c).as("orig_" + c));
    for (String c : STRINGS) cols.add(packets.col(c).as("orig_" + c));
    List<Row> rows = packets.select(cols.toArray(new Column[0])).collectAsList();
    for (Row r : rows) {
      PacketView v = PackedPacket.read(r, new PacketView());
      int[] got = {v.ipVersion, v.proto, v.ipId, v.fragOffset, v.srcPort, v.dstPort, v.tcpFlags, v.payloadLen,
          v.icmpType, v.icmpCode, v.ipLen, v.wireLen};
      int at = PackedPacket.END;
      for (int i = 0; i < INTS.size(); i++, at++) {
        int expected = r.isNullAt(at) ? -1 : r.getInt(at);
        if (INTS.get(i).equals("ip_version") && expected < 0) expected = 0;
        assertEquals(expected, got[i], INTS.get(i) + " of " + r);
      }
      assertEquals(!r.isNullAt(at) && r.getBoolean(at), v.moreFragments, "more_fragments of " + r);
      assertEquals(r.isNullAt(at + 1) ? -1 : r.getLong(at + 1), v.tcpSeq, "tcp_seq of " + r);
      assertEquals(r.isNullAt(at + 2) ? -1 : r.getLong(at + 2), v.tcpAck, "tcp_ack of " + r);
      String[] strings = {v.dnsQname, v.httpMethod, v.httpHost, v.tlsSni, v.tlsJa4, v.httpUserAgent};
      for (int i = 0; i < STRINGS.size(); i++) assertEquals(r.getString(at + 3 + i), strings[i], STRINGS.get(i));
      assertEquals(r.getString(PackedPacket.SRC_IP), v.srcIp);
      assertEquals(r.getLong(PackedPacket.TS_NS), v.tsNs);
    }
    return rows.size();
  }
}

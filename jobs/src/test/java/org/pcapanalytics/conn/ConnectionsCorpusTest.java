package org.pcapanalytics.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.conn.JobsTests.countBy;
import static org.pcapanalytics.conn.JobsTests.packets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;

/**
 * Connections of shared captures, checked against what their packets show (worked out by hand
 * from the golden tshark CSVs; see the comments).
 */
class ConnectionsCorpusTest {
  private static Dataset<Row> connections(String capture) {
    return Connections.fromPackets(packets(capture), Config.defaults()).cache();
  }

  private static Row only(Dataset<Row> c) {
    List<Row> rows = c.collectAsList();
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0);
  }

  @Test
  void schemaIsTheContract() {
    Dataset<Row> c = connections("tcp_refused_connection.pcapng");
    assertEquals(Arrays.asList(Connections.SCHEMA.fieldNames()), Arrays.asList(c.columns()));
    assertEquals(List.of("uid", "start_ts", "end_ts", "duration", "orig_ip", "orig_port", "resp_ip", "resp_port",
        "proto", "service", "orig_bytes", "resp_bytes", "orig_ip_bytes", "resp_ip_bytes", "orig_pkts", "resp_pkts",
        "conn_state", "history", "vlan_ids", "local_orig", "local_resp", "community_id", "tls_sni", "tls_ja4",
        "http_host", "http_user_agent"), Arrays.asList(c.columns()));
    // types and nullability, as declared (ConnectionColumn) and as written
    String ddl = "uid STRING NOT NULL,start_ts TIMESTAMP NOT NULL,end_ts TIMESTAMP NOT NULL,duration DOUBLE,"
        + "orig_ip STRING NOT NULL,orig_port INT,resp_ip STRING NOT NULL,resp_port INT,proto STRING NOT NULL,"
        + "service STRING,orig_bytes BIGINT NOT NULL,resp_bytes BIGINT NOT NULL,orig_ip_bytes BIGINT NOT NULL,"
        + "resp_ip_bytes BIGINT NOT NULL,orig_pkts BIGINT NOT NULL,resp_pkts BIGINT NOT NULL,"
        + "conn_state STRING NOT NULL,history STRING,vlan_ids ARRAY<INT>,local_orig BOOLEAN,local_resp BOOLEAN,"
        + "community_id STRING,tls_sni STRING,tls_ja4 STRING,http_host STRING,http_user_agent STRING";
    assertEquals(ddl, Connections.SCHEMA.toDDL());
    assertEquals(ddl, c.schema().toDDL());
    // detailed(): the contract columns, then the extras
    assertEquals(List.of("start_ns", "end_ns", "ip_proto", "orig_wire_bytes", "resp_wire_bytes", "dns_qname"),
        Connections.EXTRA_COLUMNS);
    List<String> detailed = new ArrayList<>(List.of(Connections.SCHEMA.fieldNames()));
    detailed.addAll(Connections.EXTRA_COLUMNS);
    assertEquals(detailed, List.of(Connections.detailed(packets("tcp_refused_connection.pcapng"), Config.defaults())
        .columns()));
  }

  @Test
  void packetColumnsAreExactlyWhatTheAssemblyReads() {
    Dataset<Row> packets = packets("tcp_refused_connection.pcapng");
    List<String> all = Connections.PACKET_COLUMNS;
    Connections.input(packets.select(all.stream().map(functions::col).toArray(Column[]::new)));
    for (String c : all) {
      Column[] fewer = all.stream().filter(x -> !x.equals(c)).map(functions::col).toArray(Column[]::new);
      assertThrows(AnalysisException.class, () -> Connections.input(packets.select(fewer)), c + " is not read");
    }
  }

  @Test
  void registeredAsATemporaryView() {
    Connections.register(JobsTests.spark(), packets("tcp_refused_connection.pcapng"), Config.defaults());
    Row r = JobsTests.spark().sql("SELECT count(*), max(conn_state), max(history) FROM connections").first();
    assertEquals(1L, r.getLong(0));
    assertEquals("REJ", r.getString(1));
    assertEquals("Sr", r.getString(2));
  }

  @Test
  void refusedConnectionIsRej() {
    // a SYN (62-byte frame) answered by RST/ACK (40-byte IP packet padded to 60)
    Row r = only(connections("tcp_refused_connection.pcapng"));
    assertEquals("192.168.100.138", r.getAs("orig_ip"));
    assertEquals("192.168.100.1", r.getAs("resp_ip"));
    assertEquals("tcp", r.getAs("proto"));
    assertEquals("REJ", r.getAs("conn_state"));
    assertEquals("Sr", r.getAs("history"));
    assertEquals(1L, (long) r.getAs("orig_pkts"));
    assertEquals(1L, (long) r.getAs("resp_pkts"));
    assertEquals(48L, (long) r.getAs("orig_ip_bytes"));
    assertEquals(40L, (long) r.getAs("resp_ip_bytes"));
    assertEquals(0L, (long) r.getAs("orig_bytes"));
    assertEquals(true, r.getAs("local_orig"));
    assertEquals(true, r.getAs("local_resp"));
    assertTrue(((String) r.getAs("uid")).matches("C[0-9A-Za-z]{17}"));
  }

  @Test
  void tlsWithoutServerNameIsTls() {
    // pcapng_comments_eth_sll: MySQL on port 3306 switches to TLS; frame 8 is a ClientHello without
    // SNI (tshark: no server_name extension), so the connection is tls, not the port's mysql
    Row r = only(connections("pcapng_comments_eth_sll.pcapng").where("resp_port = 3306 AND tls_ja4 IS NOT NULL"));
    assertEquals(40304, (int) r.getAs("orig_port"));
    assertNull(r.getAs("tls_sni"));
    assertEquals("t12i980500_fb65fcf89bd4_a1e935682795", r.getAs("tls_ja4"));
    assertEquals("tls", r.getAs("service"));
  }

  @Test
  void synScanIsMostlyS0() {
    // 1994 probes from 172.16.0.8 to ports of 64.13.134.52: 1986 unanswered (S0),
    // 5 answered by RST/ACK (REJ), 3 answered by SYN-ACKs (repeated 4 times, never ACKed or reset:
    // both sides established in Zeek's terms, S1 with history Sh)
    Dataset<Row> c = connections("tcp_synscan.pcapng");
    assertEquals(Map.of("S0", 1986L, "REJ", 5L, "S1", 3L), countBy(c, "conn_state"));
    assertEquals(Map.of("172.16.0.8", 1994L), countBy(c, "orig_ip"));
    assertEquals(Map.of("Sh", 3L), countBy(c.where("conn_state = 'S1'"), "history"));
    assertEquals(Map.of("4", 3L), countBy(c.where("conn_state = 'S1'"), "resp_pkts"));
    // nmap probed 1000 ports from source ports 36050 and 36051 (and one from 36061)
    assertEquals(1000L, c.select("resp_port").distinct().count());
    assertEquals(Map.of("36050", 1000L, "36051", 993L, "36061", 1L), countBy(c, "orig_port"));
  }

  @Test
  void downloadEndingInOriginatorResetIsRsto() {
    // SYN, SYN retransmitted (same sequence number), SYN-ACK, 771 bytes of request, a 58760-byte
    // response (45 records cut by the snapshot length: sizes come from sequence numbers), then
    // the client's RST/ACK
    Row r = only(connections("http_rst_caplen_lt_len.pcap"));
    assertEquals("10.3.11.101", r.getAs("orig_ip"));
    assertEquals(80, (int) r.getAs("resp_port"));
    assertEquals("RSTO", r.getAs("conn_state"));
    assertEquals("ShADadR", r.getAs("history"));
    assertEquals(771L, (long) r.getAs("orig_bytes"));
    assertEquals(58760L, (long) r.getAs("resp_bytes"));
    assertEquals("http", r.getAs("service"));
    assertEquals(75L, (long) r.getAs("orig_pkts") + (long) r.getAs("resp_pkts"));
  }

  @Test
  void finClosedTransferIsSf() {
    // sll_mixed: one HTTP download 10.0.0.8:40800 -> 212.199.202.69:80 closed by FIN both ways
    Dataset<Row> c = connections("sll_mixed.pcap.gz");
    Row r = only(c.where("proto = 'tcp'"));
    assertEquals("SF", r.getAs("conn_state"));
    assertEquals("10.0.0.8", r.getAs("orig_ip"));
    assertEquals(40800, (int) r.getAs("orig_port"));
    assertEquals(483L, (long) r.getAs("orig_pkts") + (long) r.getAs("resp_pkts"));
    assertTrue(((String) r.getAs("history")).startsWith("ShAD"), (String) r.getAs("history"));
    // http_espn: 25 connections opened with SYN / SYN-ACK / ACK, none closed in the capture
    Dataset<Row> espn = connections("http_espn.pcapng");
    assertEquals(Map.of("S1", 25L), countBy(espn.where("proto = 'tcp'"), "conn_state"));
    assertEquals(Map.of("http", 25L), countBy(espn.where("proto = 'tcp'"), "service"));
  }

  @Test
  void dnsOverUdp() {
    // dns_packets: 205 query/response pairs on their own ports, 4 more with retransmitted queries,
    // one port reused after 338 s (two connections): 211 SF. Multicast LLMNR (6) and mDNS (3 flows,
    // gaps below the 60 s UDP timeout) only ever send: 9 S0.
    Dataset<Row> c = connections("dns_packets.pcap");
    assertEquals(Map.of("SF", 211L, "S0", 9L), countBy(c, "conn_state"));
    assertEquals(Map.of("dns", 220L), countBy(c, "service"));
    assertEquals(Map.of("udp", 220L), countBy(c, "proto"));
    assertEquals(211L, c.where("history = 'Dd'").count());
  }

  @Test
  void icmpEchoAndTraceroute() {
    // 27 echo requests 192.168.100.138 -> 4.2.2.1 and the 3 replies: one connection (8/0);
    // time-exceeded messages from 8 routers, 3 each: one connection per router (11/0)
    Dataset<Row> c = connections("icmp_traceroute.pcapng");
    assertEquals(9L, c.count());
    Row echo = only(c.where("orig_port = 8"));
    assertEquals("192.168.100.138", echo.getAs("orig_ip"));
    assertEquals("4.2.2.1", echo.getAs("resp_ip"));
    assertEquals(0, (int) echo.getAs("resp_port"));
    assertEquals(27L, (long) echo.getAs("orig_pkts"));
    assertEquals(3L, (long) echo.getAs("resp_pkts"));
    assertEquals("OTH", echo.getAs("conn_state"));
    assertEquals(Map.of("3", 8L), countBy(c.where("orig_port = 11 AND resp_port = 0"), "orig_pkts"));
    assertEquals(Map.of("OTH", 9L), countBy(c, "conn_state"));

    // ICMPv6: 5 echo requests of 52 data bytes and their replies: one connection, 128/129
    Row v6 = only(connections("icmpv6_echo.cap"));
    assertEquals("icmp", v6.getAs("proto"));
    assertEquals(128, (int) v6.getAs("orig_port"));
    assertEquals(129, (int) v6.getAs("resp_port"));
    assertEquals(5L, (long) v6.getAs("orig_pkts"));
    assertEquals(5L, (long) v6.getAs("resp_pkts"));
    assertEquals(5 * 52L, (long) v6.getAs("orig_bytes"));
    assertEquals(5 * 100L, (long) v6.getAs("resp_ip_bytes"));
  }

  @Test
  void fragmentsJoinTheirDatagram() {
    // one HTTP request in 11 IPv4 fragments: a single (mid-stream) connection holds all of them
    Dataset<Row> c = connections("ipv4_frag_http_req.pcap");
    Row r = only(c);
    assertEquals(11L, (long) r.getAs("orig_pkts") + (long) r.getAs("resp_pkts"));
    assertEquals(80, (int) r.getAs("resp_port"));
  }

  @Test
  void vlanStacksAreKeptAndSeparate() {
    Dataset<Row> c = connections("vlan_qinq_icmp.pcap");
    assertTrue(c.where("vlan_ids IS NOT NULL").count() > 0);
    assertEquals(c.count(), c.select("orig_ip", "resp_ip", "orig_port", "resp_port", "vlan_ids").distinct().count());
  }
}

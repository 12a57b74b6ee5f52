package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;

/** {@code pcap-analytics sql} end to end through Main: CSV on stdout only, one-line errors, exit codes. */
class SqlCommandTest {
  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(rc), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void csvHasAHeaderAndRowsAndNothingElse() {
    String[] r = run("sql", "--csv", "--input", Captures.file("vlan_8021ad_qinq.pcapng").toString(), "--input",
        Captures.file("tcp_refused_connection.pcapng").toString(),
        "SELECT src_ip, dst_ip, vlan_ids, tcp_flags, service_name('tcp', dst_port) AS svc FROM packets ORDER BY offset, src_ip");
    assertEquals("0", r[0], r[2]);
    assertEquals("src_ip,dst_ip,vlan_ids,tcp_flags,svc\r\n"
        + "192.168.100.138,192.168.100.1,,2,http\r\n"
        + "192.168.100.1,192.168.100.138,,20,\r\n"
        + "192.85.1.22,192.85.1.14,\"[30, 100]\",,\r\n", r[1]);
  }

  @Test
  void csvLogsWhatWasReadOnceItIsRead() {
    // --csv streams the rows (toLocalIterator), whose query is over before a row is read
    String corrupt = Captures.file("tls_sni_corrupt_record10_header.pcap").toString();
    try (LogLines log = LogLines.of("org.pcapanalytics.spark.PcapReadStats")) {
      String[] r = run("sql", "--csv", "--input", corrupt, "SELECT ts FROM packets");
      assertEquals("0", r[0], r[2]);
      assertEquals(44, r[1].lines().count());
      assertEquals(List.of("WARN pcap: 43 records; 76 malformed bytes skipped (1 resyncs, 0 truncated records, "
          + "0 bad records, 0 non-capture files, 0 damaged files); 0 packets with decode errors (0 rows dropped)"),
          log.lines());
    }
  }

  /** A query with LIMIT stops reading early: the records it read are counted, not zero. */
  @Test
  void limitLogsTheRecordsItRead() throws InterruptedException {
    String capture = Captures.file("dns_packets.pcap").toString();
    try (LogLines log = LogLines.of("org.pcapanalytics.spark.PcapReadStats")) {
      String[] r = run("sql", "--input", capture, "SELECT ts FROM packets LIMIT 5");
      assertEquals("0", r[0], r[2]);
      assertTrue(r[1].endsWith("5 rows\n"), r[1]);
      // logged by the query listener, on Spark's listener thread
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (log.lines().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
      Thread.sleep(500);
      List<String> lines = log.lines();
      assertFalse(lines.isEmpty(), "no read statistics logged");
      Pattern records = Pattern.compile("^INFO pcap: (\\d+) records; ");
      for (String l : lines) {
        Matcher m = records.matcher(l);
        assertTrue(m.find() && Long.parseLong(m.group(1)) >= 5, l);
      }
    }
  }

  @Test
  void tableOutputAndErrors() {
    String[] ok = run("sql", "--input", Captures.file("dns_packets.pcap").toString(),
        "SELECT count(DISTINCT dns_qname) AS names FROM packets");
    assertEquals("0", ok[0], ok[2]);
    assertTrue(ok[1].contains("| names |") && ok[1].contains("| 176   |") && ok[1].contains("1 row"), ok[1]);

    String[] conns = run("sql", "--csv", "--input", Captures.file("tcp_refused_connection.pcapng").toString(),
        "SELECT orig_ip, resp_ip, resp_port, proto, conn_state, history FROM connections");
    assertEquals("0", conns[0], conns[2]);
    assertEquals("orig_ip,resp_ip,resp_port,proto,conn_state,history\r\n192.168.100.138,192.168.100.1,80,tcp,REJ,Sr\r\n",
        conns[1]);

    // the connections view is defined only when the query reads it, also from a subquery
    String[] nested = run("sql", "--csv", "--input", Captures.file("tcp_refused_connection.pcapng").toString(),
        "SELECT count(*) AS n FROM packets WHERE src_ip IN (SELECT orig_ip FROM connections WHERE conn_state = 'REJ')");
    assertEquals("0", nested[0], nested[2]);
    assertEquals("n\r\n1\r\n", nested[1]);
    // so is the names view; a query may read both
    String[] both = run("sql", "--csv", "--input", Captures.file("http_espn.pcapng").toString(),
        "SELECT DISTINCT c.resp_ip, n.name FROM connections c JOIN names n ON n.address = c.resp_ip "
            + "WHERE n.name = 'w88.go.com' ORDER BY 1");
    assertEquals("0", both[0], both[2]);
    assertEquals("resp_ip,name\r\n66.235.139.152,w88.go.com\r\n", both[1]);
    String[] namesTwice = run("sql", "--input", Captures.file("dns_packets.pcap").toString(), "SELECT * FROM names2");
    assertEquals("1", namesTwice[0]);
    assertTrue(namesTwice[2].contains("`names2`"), namesTwice[2]);
    String[] unknown = run("sql", "--input", Captures.file("dns_packets.pcap").toString(), "SELECT * FROM connection");
    assertEquals("1", unknown[0]);
    assertTrue(unknown[2].startsWith("pcap-analytics sql: [TABLE_OR_VIEW_NOT_FOUND]") && unknown[2].contains("`connection`"),
        unknown[2]);

    String[] missing = run("sql", "--input", "/no/such/capture.pcap", "SELECT count(*) FROM packets");
    assertEquals("1", missing[0]);
    assertEquals("", missing[1]);
    assertTrue(missing[2].contains("Path does not exist") && missing[2].trim().split("\n").length == 1, missing[2]);

    String[] bad = run("sql", "--input", Captures.file("dns_packets.pcap").toString(), "SELEC 1");
    assertEquals("1", bad[0]);
    assertTrue(bad[2].startsWith("pcap-analytics sql: [PARSE_SYNTAX_ERROR]"), bad[2]);

    String[] notCapture = run("sql", "--input", Captures.file("MANIFEST.md").toString(), "SELECT count(*) FROM packets");
    assertEquals("1", notCapture[0]);
    assertTrue(notCapture[2].contains("not a pcap or pcapng capture") && notCapture[2].contains("MANIFEST.md"), notCapture[2]);

    String[] usage = run("sql", "--bogus");
    assertEquals("2", usage[0]);
    assertEquals("pcap-analytics sql: unknown option --bogus\n", usage[2]);
  }
}

package org.pcapanalytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.conn.JobsTests;

/**
 * Country and AS beside external addresses in top talkers, after hours, the watch list and the
 * HTML page, and watch-list entries by country and AS — on a capture whose external hosts are in
 * MaxMind's test databases ({@code ../shared/geoip}): 89.160.20.130 (SE, AS29518 Bredband2 AB),
 * 81.2.69.160 (GB, no AS), 1.128.0.1 (AS1221 Telstra, no country); 192.168.1.10 and .20 are
 * internal.
 */
class GeoReportsTest {
  static final Path GEOIP = Path.of(System.getProperty("pcap.shared.geoip", "../../shared/geoip"));
  private static final String HOST = "192.168.1.10";
  private static final List<String> PEERS = List.of("89.160.20.130", "81.2.69.160", "1.128.0.1", "192.168.1.20");

  @TempDir
  static Path tmp;
  private static Path capture;

  @BeforeAll
  static void writeCapture() throws IOException {
    capture = tmp.resolve("geo.pcap");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4).putShort((short) 2)
        .putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array());
    long t = Instant.parse("2026-03-01T03:00:00Z").getEpochSecond(); // a Sunday night
    int sport = 40000;
    for (String peer : PEERS) {
      for (int i = 0; i < 3; i++) {
        record(out, t++, udp(HOST, peer, sport, 443, 100 + i));
        record(out, t++, udp(peer, HOST, 443, sport, 1000 + i));
      }
      sport++;
    }
    Files.write(capture, out.toByteArray());
  }

  private static void record(ByteArrayOutputStream out, long sec, byte[] frame) {
    out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt((int) sec).putInt(0)
        .putInt(frame.length).putInt(frame.length).array());
    out.writeBytes(frame);
  }

  /** Ethernet, IPv4 (checksum right), UDP (no checksum) with {@code payload} zero bytes. */
  private static byte[] udp(String src, String dst, int sport, int dport, int payload) {
    ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + payload);
    b.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6}).putShort((short) 0x0800);
    int ipStart = b.position();
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload)).putShort((short) 1).putShort((short) 0)
        .put((byte) 64).put((byte) 17).putShort((short) 0).put(v4(src)).put(v4(dst));
    int sum = 0;
    for (int i = ipStart; i < ipStart + 20; i += 2) sum += ((b.get(i) & 0xFF) << 8) | (b.get(i + 1) & 0xFF);
    while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
    b.putShort(ipStart + 10, (short) ~sum);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload)).putShort((short) 0);
    return b.array();
  }

  private static byte[] v4(String ip) {
    String[] p = ip.split("\\.");
    byte[] a = new byte[4];
    for (int i = 0; i < 4; i++) a[i] = (byte) Integer.parseInt(p[i]);
    return a;
  }

  private static Config geoConfig() {
    return Config.fromJson("{\"geoip\": {\"country\": \"" + GEOIP.resolve("GeoLite2-Country-Test.mmdb").toAbsolutePath()
        + "\", \"asn\": \"" + GEOIP.resolve("GeoLite2-ASN-Test.mmdb").toAbsolutePath() + "\"},"
        + " \"watchlist\": {\"countries\": [\"SE\"], \"asns\": [\"AS1221\"]}}");
  }

  private static Path run(String report, Config config, String dir) throws IOException {
    Path out = tmp.resolve(dir);
    ReportOptions o = ReportOptions.builder().inputs(List.of(capture.toString())).outputDir(out.toString())
        .format("json").config(config).build();
    ReportRunner.run(JobsTests.spark(), report, o, new PrintStream(OutputStream.nullOutputStream()));
    return out;
  }

  private static List<Row> rows(Path dir) {
    return JobsTests.spark().read().json(dir.toString()).collectAsList();
  }

  private static Object get(Row r, String column) {
    return List.of(r.schema().fieldNames()).contains(column) ? r.getAs(column) : null;
  }

  @Test
  void externalAddressesGetCountryAndAsEverywhereTheyAreShown() throws IOException {
    Path out = run(ReportRegistry.ALL, geoConfig(), "geo");

    Map<String, Row> talkers = new HashMap<>();
    for (Row r : rows(out.resolve("top-talkers"))) talkers.put(r.getAs("ip"), r);
    assertEquals(Set.of(HOST, "89.160.20.130", "81.2.69.160", "1.128.0.1", "192.168.1.20"), talkers.keySet());
    assertEquals("SE", get(talkers.get("89.160.20.130"), "country"));
    assertEquals(29518L, get(talkers.get("89.160.20.130"), "asn"));
    assertEquals("Bredband2 AB", get(talkers.get("89.160.20.130"), "as_org"));
    assertEquals("GB", get(talkers.get("81.2.69.160"), "country"));
    assertNull(get(talkers.get("81.2.69.160"), "asn"));
    assertNull(get(talkers.get("1.128.0.1"), "country"));
    assertEquals(1221L, get(talkers.get("1.128.0.1"), "asn"));
    for (String internal : List.of(HOST, "192.168.1.20")) {
      assertNull(get(talkers.get(internal), "country"), internal);
      assertNull(get(talkers.get(internal), "asn"), internal);
    }

    Map<String, Row> after = new HashMap<>();
    for (Row r : rows(out.resolve("after-hours"))) after.put(r.getAs("resp_ip"), r);
    assertEquals(4, after.size());
    assertEquals("SE", get(after.get("89.160.20.130"), "resp_country"));
    assertEquals("Telstra Pty Ltd", get(after.get("1.128.0.1"), "resp_as_org"));
    assertNull(get(after.get("89.160.20.130"), "orig_country"));
    assertNull(get(after.get("192.168.1.20"), "resp_country"));

    Set<String> hits = new TreeSet<>();
    for (Row r : rows(out.resolve("watchlist"))) {
      hits.add(r.getAs("indicator") + " " + r.getAs("indicator_type") + " " + r.getAs("source") + " "
          + r.getAs("value") + " " + get(r, "server_country") + " " + get(r, "server_asn"));
    }
    assertEquals(Set.of("SE country resp_ip 89.160.20.130 SE 29518", "AS1221 asn resp_ip 1.128.0.1 null 1221"), hits);

    String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("SE · AS29518 Bredband2 AB"), "top talkers and after hours show country and AS");
    assertTrue(html.contains("AS1221 Telstra Pty Ltd"));
    assertTrue(html.contains("1 country, 1 AS on the list"), "watch-list intro");
    assertTrue(html.contains("Responder country · AS"));
  }

  @Test
  void withoutDatabasesTheOutputsKeepTheirColumns() throws IOException {
    Path out = run("top-talkers", Config.defaults(), "plain");
    List<String> columns = List.of(JobsTests.spark().read().json(out.resolve("top-talkers").toString()).columns());
    assertFalse(columns.contains("country"), columns.toString());
    assertFalse(columns.contains("asn"), columns.toString());
    assertEquals(5, rows(out.resolve("top-talkers")).size());
  }
}

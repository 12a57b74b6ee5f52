package org.pcapanalytics.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.udf.SparkTestSupport.value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.net.CommunityIds;

/**
 * {@code community_id(...)}: the specification's README values, names of protocols as the
 * connections write them, bad input, and equal to the packets' {@code community_id} column on
 * every frame of shared captures of every protocol (the configured seed and a given one).
 */
class CommunityIdFunctionTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSupport.builder("udfs-community-id").getOrCreate();
    PcapFunctions.register(spark, Config.fromJson("{\"communityId\": {\"seed\": 1}}"));
  }

  @AfterAll
  static void stop() {
    SparkTestSupport.stop(spark);
  }

  @Test
  void specificationValuesAndProtocolNames() {
    // baseline/README.md of the specification, seed 0 and seed 1 (the configured one here)
    assertEquals("1:wCb3OG7yAFWelaUydu0D+125CLM=", value(spark, "SELECT community_id('1.2.3.4', '5.6.7.8', 6, 1122, 3344, 0)"));
    assertEquals("1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=", value(spark, "SELECT community_id('5.6.7.8', '1.2.3.4', 'TCP', 3344, 1122)"));
    assertEquals("1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=", value(spark, "SELECT community_id('1.2.3.4', '5.6.7.8', 'sctp', 1122, 3344, 0)"));
    // ICMP echo: type 8 and code 0 from one side, the reply's 0 and counterpart 8 as connections keep them
    assertEquals("1:crodRHL2FEsHjbv3UkRrfbs4bZ0=", value(spark, "SELECT community_id('1.2.3.4', '5.6.7.8', 1, 8, 0, 0)"));
    assertEquals("1:crodRHL2FEsHjbv3UkRrfbs4bZ0=",
        value(spark, "SELECT community_id('5.6.7.8', '1.2.3.4', 'icmp', 0, 8, 0)"));
    // 'icmp' over IPv6 is ICMPv6, as connections name it
    assertEquals("1:0bf7hyMJUwt3fMED7z8LIfRpBeo=", value(spark, "SELECT community_id("
        + "'fe80:0001:0203:0405:0607:0809:0A0B:0C0D', 'fe80:1011:1213:1415:1617:1819:1A1B:1C1D', 'icmp', 128, 0, 0)"));
    // RSVP has no ports
    assertEquals("1:ikv3kmf89luf73WPz1jOs49S768=", value(spark, "SELECT community_id('1.2.3.4', '5.6.7.8', 46, NULL, NULL, 0)"));
    assertEquals("1:ikv3kmf89luf73WPz1jOs49S768=",
        value(spark, "SELECT community_id('1.2.3.4', '5.6.7.8', 'ip-proto-46', NULL, NULL, 0)"));
    assertEquals(46, CommunityIds.protocol("46", false));
    assertEquals(47, CommunityIds.protocol("GRE", false));
    assertEquals(-1, CommunityIds.protocol("ip-proto-256", false));
    assertEquals(-1, CommunityIds.protocol("bogus", false));
  }

  @Test
  void nullForWhatHasNoId() {
    for (String call : List.of("community_id('1.2.3.4', '5.6.7.8', 6, NULL, 80)", "community_id('1.2.3.4', 'x', 6, 1, 2)",
        "community_id('1.2.3.4', '::1', 6, 1, 2)", "community_id('1.2.3.4', '5.6.7.8', 'bogus', 1, 2)",
        "community_id('1.2.3.4', '5.6.7.8', 6, 1, 70000)", "community_id('1.2.3.4', '5.6.7.8', 6, -1, 2)",
        "community_id('1.2.3.4', '5.6.7.8', 6, 1, 2, 65536)", "community_id('1.2.3.4', '5.6.7.8', 6, 1, 2, NULL)",
        "community_id(NULL, '5.6.7.8', 6, 1, 2)", "community_id('1.2.3.4', '5.6.7.8', NULL, 1, 2)",
        "community_id('1.2.3.4', '5.6.7.8', 256, NULL, NULL)")) {
      assertNull(value(spark, "SELECT " + call), call);
    }
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> spark.sql("SELECT community_id('1.2.3.4', '5.6.7.8', 6, 1)"));
    assertTrue(e.getMessage().contains("community_id"), e.getMessage());
    assertThrows(AnalysisException.class, () -> spark.sql("SELECT community_id('a', 'b', 6, 1, 2, 3, 4)"));
  }

  /**
   * On every frame of captures with TCP, UDP, SCTP, ICMP, ICMPv6, fragments and port-less
   * protocols, the function of the frame's own columns equals its community_id column, read
   * with the configured seed and with another one.
   */
  @Test
  void equalToThePacketsColumn() {
    Path captures = Path.of(System.getProperty("pcap.shared.captures"));
    long compared = 0;
    for (String name : List.of("mixed_example2.pcap", "ipv4_fragments.pcap", "icmp_traceroute.pcapng",
        "community-id/sctp.pcap", "community-id/icmp6.pcap", "community-id/rsvp.pcap", "community-id/ipv6.pcap",
        "vlan_8021ad_qinq.pcapng")) {
      Path file = captures.resolve(name);
      assertTrue(Files.isRegularFile(file), file.toString());
      for (int seed : new int[] {1, 777}) {
        spark.read().format("pcap").option("communityIdSeed", seed).load(file.toString())
            .createOrReplaceTempView("p");
        String fn = "community_id(src_ip, dst_ip, ip_proto, coalesce(src_port, icmp_type), coalesce(dst_port, icmp_code)"
            + (seed == 1 ? ")" : ", " + seed + ")");
        Row r = spark.sql("SELECT count(*), count_if(NOT (community_id <=> " + fn + ")), count(community_id) FROM p")
            .first();
        assertEquals(0L, r.getLong(1), name + " seed " + seed + ": frames whose column differs from the function");
        assertTrue(r.getLong(2) > 0, name);
        compared += r.getLong(0);
      }
    }
    assertTrue(compared > 9_000, compared + " frames");
  }
}

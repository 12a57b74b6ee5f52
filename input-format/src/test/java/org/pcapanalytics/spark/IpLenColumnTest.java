package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;

/** {@code ip_len}: the IP length from the header (what Zeek's *_ip_bytes add up), not the frame's. */
class IpLenColumnTest {
  private static List<Row> rows(String capture) {
    return LocalSpark.get().read().format("pcap").load(Captures.file(capture).toString())
        .selectExpr("wirelen", "link_type", "vlan_ids", "ip_version", "ip_len").collectAsList();
  }

  @Test
  void ethernetFramesCarryTheirIpPacketPlusPadding() {
    assertEquals(0, padded("http_espn.pcapng"));
    // the refusing RST/ACK is a 40-byte IP packet in a frame padded to 60 bytes
    assertEquals(1, padded("tcp_refused_connection.pcapng"));
  }

  private static int padded(String capture) {
    int padded = 0;
    for (Row r : rows(capture)) {
      if (r.isNullAt(3)) {
        assertTrue(r.isNullAt(4), "no IP header, no ip_len");
        continue;
      }
      int wire = r.getInt(0);
      int ipLen = r.getInt(4);
      // untagged Ethernet: 14 header bytes; frames below the 60-byte minimum are padded
      if (wire > 60) assertEquals(wire - 14, ipLen, "frame of " + wire + " bytes");
      else {
        assertTrue(ipLen <= wire - 14);
        if (ipLen < wire - 14) padded++;
      }
    }
    return padded;
  }

  @Test
  void ipv6LengthIsFixedHeaderPlusPayloadLength() {
    // ICMPv6 echo: 14 Ethernet + 40 IPv6 + 8 ICMPv6 + 52 data = 114-byte frames (570 bytes / 5 frames)
    for (Row r : rows("icmpv6_echo.cap")) {
      assertEquals(6, r.getInt(3));
      assertEquals(r.getInt(0) - 14, r.getInt(4));
    }
  }

  @Test
  void nullWithoutIp() {
    for (Row r : rows("wifi_radiotap_wpa.pcapng")) assertTrue(r.isNullAt(4));
  }
}

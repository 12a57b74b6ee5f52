package org.pcapanalytics.spark;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.decode.PacketDecoder;

/**
 * The columns of the {@code packets} table (see docs: interfaces.md), in schema order, with the
 * decoder layers each one needs — so a query decodes only what it selects.
 */
public final class PacketColumns {
  private PacketColumns() {}

  public static final int FILE = 0;
  public static final int OFFSET = 1;
  public static final int TS = 2;
  public static final int TS_NS = 3;
  public static final int INTERFACE_ID = 4;
  public static final int LINK_TYPE = 5;
  public static final int CAPLEN = 6;
  public static final int WIRELEN = 7;
  public static final int ETH_SRC = 8;
  public static final int ETH_DST = 9;
  public static final int ETH_TYPE = 10;
  public static final int VLAN_IDS = 11;
  public static final int IP_VERSION = 12;
  public static final int SRC_IP = 13;
  public static final int DST_IP = 14;
  public static final int IP_PROTO = 15;
  public static final int TTL = 16;
  public static final int IP_ID = 17;
  public static final int FRAG_OFFSET = 18;
  public static final int MORE_FRAGMENTS = 19;
  public static final int SRC_PORT = 20;
  public static final int DST_PORT = 21;
  public static final int TCP_FLAGS = 22;
  public static final int TCP_SEQ = 23;
  public static final int TCP_ACK = 24;
  public static final int TCP_WINDOW = 25;
  public static final int PAYLOAD_LEN = 26;
  public static final int ICMP_TYPE = 27;
  public static final int ICMP_CODE = 28;
  public static final int DNS_ID = 29;
  public static final int DNS_QTYPE = 30;
  public static final int DNS_RCODE = 31;
  public static final int DNS_QNAME = 32;
  public static final int DNS_RESPONSE = 33;
  public static final int TLS_SNI = 34;
  public static final int HTTP_METHOD = 35;
  public static final int HTTP_URI = 36;
  public static final int HTTP_HOST = 37;
  public static final int TRUNCATED = 38;
  public static final int DECODE_ERROR = 39;
  public static final int IP_LEN = 40;

  private static final Object[][] DEFS = {
      {"file", DataTypes.StringType, false, 0, "path of the capture file"},
      {"offset", DataTypes.LongType, false, 0, "byte offset of the record in its file"},
      {"ts", DataTypes.TimestampType, true, 0, "capture time (UTC instant)"},
      {"ts_ns", DataTypes.LongType, true, 0, "capture time, nanoseconds since the epoch"},
      {"interface_id", DataTypes.IntegerType, false, 0, "pcapng interface (0 for pcap)"},
      {"link_type", DataTypes.IntegerType, false, 0, "LINKTYPE_ value of the frame's interface"},
      {"caplen", DataTypes.IntegerType, false, 0, "bytes captured"},
      {"wirelen", DataTypes.IntegerType, false, 0, "bytes on the wire"},
      {"eth_src", DataTypes.StringType, true, PacketDecoder.LINK, "Ethernet source address"},
      {"eth_dst", DataTypes.StringType, true, PacketDecoder.LINK, "Ethernet destination address"},
      {"eth_type", DataTypes.IntegerType, true, PacketDecoder.LINK, "EtherType after the VLAN tags"},
      {"vlan_ids", DataTypes.createArrayType(DataTypes.IntegerType, false), true, PacketDecoder.LINK,
          "VLAN ids, outermost first"},
      {"ip_version", DataTypes.IntegerType, true, PacketDecoder.IP, "4, 6 or null"},
      {"src_ip", DataTypes.StringType, true, PacketDecoder.IP, "outermost IP source address"},
      {"dst_ip", DataTypes.StringType, true, PacketDecoder.IP, "outermost IP destination address"},
      {"ip_proto", DataTypes.IntegerType, true, PacketDecoder.IP, "upper-layer protocol"},
      {"ttl", DataTypes.IntegerType, true, PacketDecoder.IP, "IPv4 TTL or IPv6 hop limit"},
      {"ip_id", DataTypes.IntegerType, true, PacketDecoder.IP, "IPv4 identification"},
      {"frag_offset", DataTypes.IntegerType, true, PacketDecoder.IP, "fragment offset in bytes"},
      {"more_fragments", DataTypes.BooleanType, true, PacketDecoder.IP, "MF flag"},
      {"src_port", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "TCP/UDP source port"},
      {"dst_port", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "TCP/UDP destination port"},
      {"tcp_flags", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "TCP flags (12 bits)"},
      {"tcp_seq", DataTypes.LongType, true, PacketDecoder.TRANSPORT, "raw TCP sequence number"},
      {"tcp_ack", DataTypes.LongType, true, PacketDecoder.TRANSPORT, "raw TCP acknowledgement number"},
      {"tcp_window", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "raw TCP window field"},
      {"payload_len", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "TCP or UDP payload bytes"},
      {"icmp_type", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "ICMP or ICMPv6 type"},
      {"icmp_code", DataTypes.IntegerType, true, PacketDecoder.TRANSPORT, "ICMP or ICMPv6 code"},
      {"dns_id", DataTypes.IntegerType, true, PacketDecoder.DNS, "DNS transaction id"},
      {"dns_qtype", DataTypes.IntegerType, true, PacketDecoder.DNS, "type of the first question"},
      {"dns_rcode", DataTypes.IntegerType, true, PacketDecoder.DNS, "DNS response code"},
      {"dns_qname", DataTypes.StringType, true, PacketDecoder.DNS, "name of the first question"},
      {"dns_response", DataTypes.BooleanType, true, PacketDecoder.DNS, "QR bit"},
      {"tls_sni", DataTypes.StringType, true, PacketDecoder.TLS, "server name of a TLS ClientHello"},
      {"http_method", DataTypes.StringType, true, PacketDecoder.HTTP, "HTTP/1.x request method"},
      {"http_uri", DataTypes.StringType, true, PacketDecoder.HTTP, "HTTP/1.x request URI"},
      {"http_host", DataTypes.StringType, true, PacketDecoder.HTTP, "HTTP/1.x Host header"},
      {"truncated", DataTypes.BooleanType, false, PacketDecoder.ALL,
          "the snapshot length cut the frame before a layer ended"},
      {"decode_error", DataTypes.StringType, true, PacketDecoder.ALL,
          "null when the frame decoded cleanly; otherwise what was wrong and where"},
      // Appended after the tshark-comparable columns: the IP length Zeek's *_ip_bytes are made of.
      {"ip_len", DataTypes.IntegerType, true, PacketDecoder.IP,
          "IP packet length: IPv4 total length, IPv6 40 + payload length (the frame's for 0: TSO, jumbograms)"},
  };

  /** The full schema of {@code packets}. */
  public static final StructType SCHEMA = buildSchema();

  private static StructType buildSchema() {
    StructField[] f = new StructField[DEFS.length];
    for (int i = 0; i < DEFS.length; i++) {
      f[i] = new StructField((String) DEFS[i][0], (DataType) DEFS[i][1], (Boolean) DEFS[i][2], Metadata.empty())
          .withComment((String) DEFS[i][4]);
    }
    return new StructType(f);
  }

  public static int count() {
    return DEFS.length;
  }

  public static String name(int ordinal) {
    return (String) DEFS[ordinal][0];
  }

  /** Decoder layers the column needs. */
  public static int layers(int ordinal) {
    return (Integer) DEFS[ordinal][3];
  }

  /** Ordinal of a column name in {@link #SCHEMA}, or -1. */
  public static int ordinal(String name) {
    for (int i = 0; i < DEFS.length; i++) {
      if (((String) DEFS[i][0]).equalsIgnoreCase(name)) return i;
    }
    return -1;
  }
}

package org.pcapanalytics.conn;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftleft;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The packet fields connection assembly needs, as the shuffle carries them: the small integer
 * fields packed into three longs and TCP's sequence and acknowledgement numbers into a fourth
 * (the frame's length, up to 2^32, is an int of its own).
 * Every packet is shuffled and sorted, and a row of Spark's costs 8 bytes per field whatever its
 * type, so fourteen small integers as fields of their own would take several times more. The
 * application strings (DNS name, HTTP method, Host and User-Agent, TLS server name and JA4) are
 * null on nearly every packet: a null field costs a bit, and its 8 bytes. Each
 * nullable non-negative integer is stored as {@code value + 1} ({@code 0} for null) in a field
 * wide enough for its largest value plus one; this class is the only place that knows the layout.
 */
final class PackedPacket {
  private PackedPacket() {}

  // ordinals of the columns() row
  static final int TS_NS = 0;
  static final int VLAN = 1;
  static final int SRC_IP = 2;
  static final int DST_IP = 3;
  static final int TRANSPORT = 4;
  static final int IP = 5;
  static final int LENGTHS = 6;
  static final int SEQ_ACK = 7;
  static final int QNAME = 8;
  static final int METHOD = 9;
  static final int HOST = 10;
  static final int SNI = 11;
  static final int JA4 = 12;
  static final int USER_AGENT = 13;
  static final int WIRELEN = 14;
  /** The first ordinal after the packet's own fields. */
  static final int END = 15;

  // Field widths: the largest value plus one must fit (0 is null).
  private static final int BYTE = 9;
  private static final int SHORT = 17;
  private static final int INT = 32;
  private static final int TCP_FLAGS = 13;
  private static final int IP_VERSION = 4;
  // TRANSPORT: ports, TCP flags, ICMP type, then single bits
  private static final int SPORT = 0;
  private static final int DPORT = SPORT + SHORT;
  private static final int FLAGS = DPORT + SHORT;
  private static final int ICMP_TYPE = FLAGS + TCP_FLAGS;
  private static final int MORE_FRAGMENTS = ICMP_TYPE + BYTE;
  private static final int HAS_SEQ = MORE_FRAGMENTS + 1;
  private static final int HAS_ACK = HAS_SEQ + 1;
  // IP: version (4 or 6), protocol, IPv4 id, fragment offset in bytes (< 2^16), ICMP code
  private static final int VERSION = 0;
  private static final int PROTO = VERSION + IP_VERSION;
  private static final int IP_ID = PROTO + BYTE;
  private static final int FRAG = IP_ID + SHORT;
  private static final int ICMP_CODE = FRAG + SHORT;
  // LENGTHS: payload and IP lengths (non-negative ints); SEQ_ACK: two unsigned 32-bit numbers
  private static final int PAYLOAD = 0;
  private static final int IP_LEN = PAYLOAD + INT;

  /** The {@code pcap} columns {@link #columns()} reads, in the order it first names them. */
  private static final List<String> READ = new ArrayList<>();
  private static final Column[] COLUMNS = build();

  /** The packet's fields as {@code pcap} columns: ordinals as the constants above. */
  static Column[] columns() {
    return COLUMNS.clone();
  }

  /** The {@code pcap} columns the packed row is made of (what a scan for the assembly must read). */
  static List<String> reads() {
    return List.copyOf(READ);
  }

  /** A {@code pcap} column, noted in {@link #READ}. */
  private static Column col(String name) {
    if (!READ.contains(name)) READ.add(name);
    return functions.col(name);
  }

  private static Column[] build() {
    Column transport = plusOne("src_port", SPORT).bitwiseOR(plusOne("dst_port", DPORT))
        .bitwiseOR(plusOne("tcp_flags", FLAGS)).bitwiseOR(plusOne("icmp_type", ICMP_TYPE))
        .bitwiseOR(bit(col("more_fragments"), MORE_FRAGMENTS))
        .bitwiseOR(bit(col("tcp_seq").isNotNull(), HAS_SEQ)).bitwiseOR(bit(col("tcp_ack").isNotNull(), HAS_ACK));
    Column ip = plusOne("ip_version", VERSION).bitwiseOR(plusOne("ip_proto", PROTO)).bitwiseOR(plusOne("ip_id", IP_ID))
        .bitwiseOR(plusOne("frag_offset", FRAG)).bitwiseOR(plusOne("icmp_code", ICMP_CODE));
    Column lengths = plusOne("payload_len", PAYLOAD).bitwiseOR(plusOne("ip_len", IP_LEN));
    Column seqAck = shiftleft(coalesce(col("tcp_seq"), lit(0L)), 32).bitwiseOR(coalesce(col("tcp_ack"), lit(0L)));
    return new Column[] {col("ts_ns"), col("vlan_ids"), col("src_ip"), col("dst_ip"), transport.as("_transport"),
        ip.as("_ip"), lengths.as("_lengths"), seqAck.as("_seq_ack"), col("dns_qname"), col("http_method"),
        col("http_host"), col("tls_sni"), col("tls_ja4"), col("http_user_agent"),
        coalesce(col("wirelen"), lit(-1)).as("_wirelen")};
  }

  private static Column plusOne(String column, int shift) {
    return shiftleft(coalesce(col(column).cast("long").plus(1L), lit(0L)), shift);
  }

  private static Column bit(Column condition, int shift) {
    return when(condition, lit(1L << shift)).otherwise(lit(0L));
  }

  /** Reads a {@link #columns()} row into {@code p} (absent values as {@link PacketView} has them). */
  static PacketView read(Row r, PacketView p) {
    p.tsNs = r.getLong(TS_NS);
    p.vlanIds = r.isNullAt(VLAN) ? null : r.getList(VLAN); // a view: Flow copies it
    p.srcIp = r.getString(SRC_IP);
    p.dstIp = r.getString(DST_IP);
    long t = r.getLong(TRANSPORT);
    p.srcPort = field(t, SPORT, SHORT);
    p.dstPort = field(t, DPORT, SHORT);
    p.tcpFlags = field(t, FLAGS, TCP_FLAGS);
    p.icmpType = field(t, ICMP_TYPE, BYTE);
    p.moreFragments = (t >>> MORE_FRAGMENTS & 1) != 0;
    long ip = r.getLong(IP);
    p.ipVersion = Math.max(0, field(ip, VERSION, IP_VERSION));
    p.proto = field(ip, PROTO, BYTE);
    p.ipId = field(ip, IP_ID, SHORT);
    p.fragOffset = field(ip, FRAG, SHORT);
    p.icmpCode = field(ip, ICMP_CODE, BYTE);
    long len = r.getLong(LENGTHS);
    p.payloadLen = field(len, PAYLOAD, INT);
    p.ipLen = field(len, IP_LEN, INT);
    long sa = r.getLong(SEQ_ACK);
    p.tcpSeq = (t >>> HAS_SEQ & 1) != 0 ? sa >>> 32 : -1;
    p.tcpAck = (t >>> HAS_ACK & 1) != 0 ? sa & 0xFFFF_FFFFL : -1;
    p.dnsQname = r.getString(QNAME);
    p.httpMethod = r.getString(METHOD);
    p.httpHost = r.getString(HOST);
    p.tlsSni = r.getString(SNI);
    p.tlsJa4 = r.getString(JA4);
    p.httpUserAgent = r.getString(USER_AGENT);
    p.wireLen = r.getInt(WIRELEN);
    return p;
  }

  /** Whether the row's packet can join a connection: it has a time stamp and an IP protocol. */
  static boolean assemblable(Row r) {
    return !r.isNullAt(TS_NS) && field(r.getLong(IP), PROTO, BYTE) >= 0;
  }

  private static int field(long word, int shift, int width) {
    return (int) ((word >>> shift) & ((1L << width) - 1)) - 1;
  }
}

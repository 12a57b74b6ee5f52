package org.pcapanalytics.spark;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.pcapanalytics.decode.PacketDecoder.ALL;
import static org.pcapanalytics.decode.PacketDecoder.DNS;
import static org.pcapanalytics.decode.PacketDecoder.HTTP;
import static org.pcapanalytics.decode.PacketDecoder.IP;
import static org.pcapanalytics.decode.PacketDecoder.LINK;
import static org.pcapanalytics.decode.PacketDecoder.HTTP_HEADERS;
import static org.pcapanalytics.decode.PacketDecoder.NONE;
import static org.pcapanalytics.decode.PacketDecoder.QUIC;
import static org.pcapanalytics.decode.PacketDecoder.TLS;
import static org.pcapanalytics.decode.PacketDecoder.TLS_HELLO;
import static org.pcapanalytics.decode.PacketDecoder.TRANSPORT;

import java.util.Locale;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.PacketRecord;

/**
 * The columns of the {@code packets} table (see {@code docs/columns.md}), in schema order, each
 * declared once: its Spark type, whether it can be null, the decoder layers it needs (so a query
 * decodes only what it selects), its comment, and how it is written into a row from the framed
 * record and the decoded packet. The column's name is the constant's, in lower case. The schema
 * ({@link #SCHEMA}), column pruning ({@link #of}), the layers a scan decodes ({@link #layers}) and
 * the row writer ({@link PacketRowWriter}) are derived from these.
 *
 * <p>Adding a column: an entry here, with its {@code write} (new columns go at the end, so that
 * positions in existing tables and files stay put).
 */
public enum PacketColumn {
  FILE(StringType, false, NONE, "path of the capture file") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.file(i, r.file());
    }
  },
  OFFSET(LongType, false, NONE, "byte offset of the record in its file") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.writeLong(i, r.offset());
    }
  },
  TS(TimestampType, true, NONE, "capture time (UTC instant)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (r.hasTimestamp()) w.writeLong(i, Math.floorDiv(r.timestampNanos(), 1000L));
      else w.setNull(i);
    }
  },
  TS_NS(LongType, true, NONE, "capture time, nanoseconds since the epoch") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (r.hasTimestamp()) w.writeLong(i, r.timestampNanos());
      else w.setNull(i);
    }
  },
  INTERFACE_ID(IntegerType, false, NONE, "pcapng interface (0 for pcap)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.writeInt(i, r.interfaceId());
    }
  },
  LINK_TYPE(IntegerType, false, NONE, "LINKTYPE_ value of the frame's interface") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.writeInt(i, r.linkType());
    }
  },
  CAPLEN(IntegerType, false, NONE, "bytes captured") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.writeInt(i, r.caplen());
    }
  },
  WIRELEN(IntegerType, false, NONE, "bytes on the wire") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.writeInt(i, r.wirelen());
    }
  },
  ETH_SRC(StringType, true, LINK, "Ethernet source address") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.hasEth) w.mac(i, d.ethSrc);
      else w.setNull(i);
    }
  },
  ETH_DST(StringType, true, LINK, "Ethernet destination address") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.hasEth) w.mac(i, d.ethDst);
      else w.setNull(i);
    }
  },
  ETH_TYPE(IntegerType, true, LINK, "EtherType after the VLAN tags") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.ethType);
    }
  },
  VLAN_IDS(createArrayType(IntegerType, false), true, LINK, "VLAN ids, outermost first") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.vlanCount == 0) w.setNull(i);
      else w.intArray(i, d.vlanIds, d.vlanCount);
    }
  },
  IP_VERSION(IntegerType, true, IP, "4, 6 or null") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.ipVersion == 0 ? -1 : d.ipVersion);
    }
  },
  SRC_IP(StringType, true, IP, "outermost IP source address") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.ipVersion != 0) w.ip(i, d, true);
      else w.setNull(i);
    }
  },
  DST_IP(StringType, true, IP, "outermost IP destination address") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.ipVersion != 0) w.ip(i, d, false);
      else w.setNull(i);
    }
  },
  IP_PROTO(IntegerType, true, IP, "upper-layer protocol") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.ipProto);
    }
  },
  TTL(IntegerType, true, IP, "IPv4 TTL or IPv6 hop limit") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.ttl);
    }
  },
  IP_ID(IntegerType, true, IP, "IPv4 identification") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.ipVersion == 4 ? d.ipId : -1);
    }
  },
  FRAG_OFFSET(IntegerType, true, IP, "fragment offset in bytes") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.fragOffset);
    }
  },
  MORE_FRAGMENTS(BooleanType, true, IP, "MF flag") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.ipVersion != 0 && d.fragOffset >= 0) w.writeBoolean(i, d.moreFragments);
      else w.setNull(i);
    }
  },
  SRC_PORT(IntegerType, true, TRANSPORT, "TCP, UDP or SCTP source port") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.srcPort);
    }
  },
  DST_PORT(IntegerType, true, TRANSPORT, "TCP, UDP or SCTP destination port") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.dstPort);
    }
  },
  TCP_FLAGS(IntegerType, true, TRANSPORT, "TCP flags (12 bits)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.tcpFlags);
    }
  },
  TCP_SEQ(LongType, true, TRANSPORT, "raw TCP sequence number") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.longOrNull(i, d.tcpSeq);
    }
  },
  TCP_ACK(LongType, true, TRANSPORT, "raw TCP acknowledgement number") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.longOrNull(i, d.tcpAck);
    }
  },
  TCP_WINDOW(IntegerType, true, TRANSPORT, "raw TCP window field") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.tcpWindow);
    }
  },
  PAYLOAD_LEN(IntegerType, true, TRANSPORT, "TCP or UDP payload bytes") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.payloadLen);
    }
  },
  ICMP_TYPE(IntegerType, true, TRANSPORT, "ICMP or ICMPv6 type") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.icmpType);
    }
  },
  ICMP_CODE(IntegerType, true, TRANSPORT, "ICMP or ICMPv6 code") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.icmpCode);
    }
  },
  DNS_ID(IntegerType, true, DNS, "DNS transaction id") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.dnsId);
    }
  },
  DNS_QTYPE(IntegerType, true, DNS, "type of the first question") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.dnsQtype);
    }
  },
  DNS_RCODE(IntegerType, true, DNS, "DNS response code") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.dnsRcode);
    }
  },
  DNS_QNAME(StringType, true, DNS, "name of the first question") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.dnsQnameLen >= 0) w.utf8(i, d.dnsQname, 0, d.dnsQnameLen);
      else w.setNull(i);
    }
  },
  DNS_RESPONSE(BooleanType, true, DNS, "QR bit") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.dnsResponse >= 0) w.writeBoolean(i, d.dnsResponse == 1);
      else w.setNull(i);
    }
  },
  TLS_SNI(StringType, true, TLS | QUIC, "server name of a TLS ClientHello, over TCP or in QUIC Initial packets") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.text(i, d.helloBuf, d.sniOff, d.sniLen);
    }
  },
  HTTP_METHOD(StringType, true, HTTP, "HTTP/1.x request method") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.text(i, d.buf, d.httpMethodOff, d.httpMethodLen);
    }
  },
  HTTP_URI(StringType, true, HTTP, "HTTP/1.x request URI") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.text(i, d.buf, d.httpUriOff, d.httpUriLen);
    }
  },
  HTTP_HOST(StringType, true, HTTP, "HTTP/1.x Host header") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.text(i, d.buf, d.httpHostOff, d.httpHostLen);
    }
  },
  TRUNCATED(BooleanType, false, ALL, "the snapshot length cut the frame before a layer ended") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.writeBoolean(i, d.truncated);
    }
  },
  DECODE_ERROR(StringType, true, ALL,
      "null when the frame decoded cleanly; otherwise what was wrong and where") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      if (d.decodeError == null) w.setNull(i);
      else w.constant(i, d.decodeError);
    }
  },
  // After the tshark-comparable columns: the IP length Zeek's *_ip_bytes are made of.
  IP_LEN(IntegerType, true, IP,
      "IP packet length: IPv4 total length, IPv6 40 + payload length (the frame's for 0: TSO, jumbograms)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.ipVersion != 0 ? d.ipTotalLen : -1);
    }
  },
  // Issue 17: what the TLS hellos, DNS answers and HTTP responses say (see docs/columns.md for
  // what a hello spread over several packets shows).
  TLS_VERSION(StringType, true, TLS_HELLO | QUIC,
      "TLS version of a hello: negotiated (ServerHello) or highest offered (ClientHello), e.g. TLS 1.3") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.tlsVersion(i, d.tlsVersion);
    }
  },
  TLS_ALPN(createArrayType(StringType, false), true, TLS_HELLO | QUIC,
      "ALPN protocols offered (ClientHello) or selected (ServerHello)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.alpn(i, d);
    }
  },
  TLS_JA3(StringType, true, TLS_HELLO | QUIC, "JA3 of a ClientHello (MD5, GREASE left out; tshark tls.handshake.ja3)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.ja3(i, d, 1);
    }
  },
  TLS_JA3S(StringType, true, TLS_HELLO | QUIC, "JA3S of a ServerHello (tshark tls.handshake.ja3s)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.ja3(i, d, 2);
    }
  },
  TLS_JA4(StringType, true, TLS_HELLO | QUIC, "JA4 TLS client fingerprint of a ClientHello (q prefix for QUIC)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.ja4(i, d);
    }
  },
  DNS_ANSWERS(createArrayType(DnsAnswerStruct.TYPE, false), true, PacketDecoder.DNS_ANSWERS,
      "DNS answer section: owner name, type, TTL and data as text (the first 256 answers)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.dnsAnswers(i, d);
    }
  },
  DNS_QCLASS(IntegerType, true, DNS, "class of the first question (mDNS: without its unicast-response bit)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.dnsQclass);
    }
  },
  DNS_ANSWER_COUNT(IntegerType, true, DNS, "ANCOUNT of the DNS header (tshark dns.count.answers)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.dnsAnswerCount);
    }
  },
  HTTP_STATUS(IntegerType, true, HTTP_HEADERS, "status code of an HTTP/1.x response (tshark http.response.code)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.intOrNull(i, d.httpStatus);
    }
  },
  HTTP_USER_AGENT(StringType, true, HTTP_HEADERS, "User-Agent header of an HTTP/1.x request or response") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.text(i, d.buf, d.httpUserAgentOff, d.httpUserAgentLen);
    }
  },
  HTTP_CONTENT_TYPE(StringType, true, HTTP_HEADERS, "Content-Type header of an HTTP/1.x request or response") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.text(i, d.buf, d.httpContentTypeOff, d.httpContentTypeLen);
    }
  },
  // Issue 16: the flow key other tools' logs carry (seed: the read's communityIdSeed option).
  COMMUNITY_ID(StringType, true, TRANSPORT,
      "Community ID v1 of the packet's flow (outermost IP header; null without one, e.g. a later fragment)") {
    @Override
    void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d) {
      w.communityId(i, d);
    }
  };

  /** The full schema of {@code packets}: every column, in declaration order. */
  public static final StructType SCHEMA = schemaOf(values());

  private static final PacketColumn[] VALUES = values();

  private final String columnName;
  private final DataType type;
  private final boolean nullable;
  private final int layers;
  private final String comment;

  PacketColumn(DataType type, boolean nullable, int layers, String comment) {
    this.columnName = name().toLowerCase(Locale.ROOT);
    this.type = type;
    this.nullable = nullable;
    this.layers = layers;
    this.comment = comment;
  }

  /** The column's name in SQL. */
  public String columnName() {
    return columnName;
  }

  public DataType type() {
    return type;
  }

  /** The {@link org.pcapanalytics.decode.PacketDecoder} layers the column needs. */
  public int layers() {
    return layers;
  }

  /** Writes this column of a packet as field {@code i} of {@code w}'s row. */
  abstract void write(PacketRowWriter w, int i, PacketRecord r, DecodedPacket d);

  /** The column's field in {@link #SCHEMA}. */
  public StructField field() {
    return new StructField(columnName, type, nullable, Metadata.empty()).withComment(comment);
  }

  /** The fields of a {@link #DNS_ANSWERS} element. */
  static final class DnsAnswerStruct {
    static final StructType TYPE = new StructType(new StructField[] {
        new StructField("name", StringType, false, Metadata.empty()),
        new StructField("type", IntegerType, false, Metadata.empty()),
        new StructField("ttl", LongType, false, Metadata.empty()),
        new StructField("data", StringType, false, Metadata.empty())});

    private DnsAnswerStruct() {}
  }

  /** Arrays are not plain values: neither grouped nor counted by the readers' aggregation. */
  boolean isArray() {
    return type instanceof ArrayType;
  }

  /** The column called {@code name} (case-insensitive, as Spark resolves names), or null. */
  public static PacketColumn byName(String name) {
    for (PacketColumn c : VALUES) {
      if (c.columnName.equalsIgnoreCase(name)) return c;
    }
    return null;
  }

  /** The columns of {@code schema}'s fields, in its order; each must be a packet column. */
  static PacketColumn[] of(StructType schema) {
    StructField[] fields = schema.fields();
    PacketColumn[] out = new PacketColumn[fields.length];
    for (int i = 0; i < fields.length; i++) {
      out[i] = byName(fields[i].name());
      if (out[i] == null) throw new IllegalArgumentException("unknown column " + fields[i].name());
    }
    return out;
  }

  /** The decoder layers all of {@code columns} need. */
  static int layers(PacketColumn... columns) {
    int l = NONE;
    for (PacketColumn c : columns) l |= c.layers;
    return l;
  }

  static StructType schemaOf(PacketColumn... columns) {
    StructField[] f = new StructField[columns.length];
    for (int i = 0; i < columns.length; i++) f[i] = columns[i].field();
    return new StructType(f);
  }
}

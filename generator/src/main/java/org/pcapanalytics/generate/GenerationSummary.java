package org.pcapanalytics.generate;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the generator knows it wrote, for tests to compare a reader against. Bounded in size: totals,
 * counters, one row per IP address and 168 hour-of-week buckets; nothing per packet.
 */
public final class GenerationSummary {

  /** Event counters; {@link #jsonKey()} is the key in {@link #toJson()}. */
  public enum Counter {
    /** TCP connections Zeek should log as SF (established, closed with FIN both ways). */
    TCP_SF("tcpSF"),
    /** TCP connections refused: SYN answered by RST/ACK (Zeek REJ). */
    TCP_REJ("tcpREJ"),
    /** Unanswered SYNs, including SYN-scan probes without reply (Zeek S0). */
    TCP_S0("tcpS0"),
    /** Established, then reset by the originator (Zeek RSTO). */
    TCP_RSTO("tcpRSTO"),
    /** Established, then reset by the responder (Zeek RSTR). */
    TCP_RSTR("tcpRSTR"),
    /** SYN-scan probes (each also counted as S0 or REJ). */
    SYN_SCAN_PROBES("synScanProbes"),
    /** DNS query/response pairs over UDP port 53. */
    DNS_TRANSACTIONS("dnsTransactions"),
    DNS_NXDOMAIN("dnsNxdomain"),
    DNS_SERVFAIL("dnsServfail"),
    /** UDP flows of any kind (DNS transactions, probes answered by ICMP, fragmented datagrams). */
    UDP_FLOWS("udpFlows"),
    /** ICMP echo request/reply pairs. */
    ICMP_ECHO_EXCHANGES("icmpEchoExchanges"),
    ICMPV6_ECHO_EXCHANGES("icmpv6EchoExchanges"),
    /** ICMP destination-unreachable messages (each quotes the offending IP header and 8 bytes). */
    ICMP_UNREACHABLE("icmpUnreachable"),
    /** HTTP/1.1 requests (frames carrying a request line and Host header). */
    HTTP_REQUESTS("httpRequests"),
    /** TLS ClientHello messages with an SNI. */
    TLS_CLIENT_HELLOS("tlsClientHellos"),
    /** UDP datagrams sent as IPv4 fragments. */
    FRAGMENTED_DATAGRAMS("fragmentedDatagrams"),
    /** Frames that are IPv4 fragments (MF set or offset &gt; 0). */
    IPV4_FRAGMENTS("ipv4Fragments"),
    /** Ethernet frames with at least one VLAN tag. */
    VLAN_FRAMES("vlanFrames"),
    /** Ethernet frames with an 802.1ad (0x88a8) S-tag outside an 802.1Q C-tag. */
    QINQ_FRAMES("qinqFrames"),
    ARP_FRAMES("arpFrames"),
    /** Frames longer than 1518 bytes and at most 9018 (jumbo MTU). */
    JUMBO_FRAMES("jumboFrames"),
    /** TCP segmentation-offload super-frames (IP length above the MTU, up to 64 KiB). */
    TSO_FRAMES("tsoFrames"),
    /** Frames of more than 64 KiB (IPv6 jumbograms). */
    GIANT_FRAMES("giantFrames"),
    /** Records whose caplen is smaller than their wirelen. */
    TRUNCATED_RECORDS("truncatedRecords"),
    /** Records whose payload holds fake container structures. */
    ADVERSARIAL_RECORDS("adversarialRecords"),
    /** Records whose captured bytes end exactly with the end of a fake record chain. */
    ADVERSARIAL_CHAINS_AT_RECORD_END("adversarialChainsAtRecordEnd"),
    /** Fake pcap/pcapng records or blocks inside payloads. */
    FAKE_RECORDS("fakeRecords"),
    /** Fake pcap file headers and pcapng section headers inside payloads. */
    FAKE_FILE_HEADERS("fakeFileHeaders"),
    /** Large internal-to-external uploads started outside business hours. */
    AFTER_HOURS_UPLOADS("afterHoursUploads"),
    /** Records written with a timestamp shifted by hours (out-of-order option). */
    TIME_SHIFTED_RECORDS("timeShiftedRecords");

    private final String jsonKey;

    Counter(String jsonKey) {
      this.jsonKey = jsonKey;
    }

    public String jsonKey() {
      return jsonKey;
    }
  }

  /** Frames and frame bytes (wirelen) an address sent and received, counted as tshark's {@code -z endpoints}. */
  public record EndpointStats(long framesSent, long bytesSent, long framesReceived, long bytesReceived) {
    public long frames() {
      return framesSent + framesReceived;
    }

    public long bytes() {
      return bytesSent + bytesReceived;
    }
  }

  private final GeneratorOptions options;
  private final long records;
  private final long fileBytes;
  private final long wireBytes;
  private final long capturedBytes;
  private final long ipFrames;
  private final long firstTs;
  private final long lastTs;
  private final long minTs;
  private final long maxTs;
  private final long nonPacketBlocks;
  private final int sections;
  private final int interfaces;
  private final EnumMap<Counter, Long> counters;
  private final long[] connectionStarts;
  private final long[] tcpConnectionStarts;
  private final Map<String, EndpointStats> endpoints;

  GenerationSummary(GeneratorOptions options, long records, long fileBytes, long wireBytes, long capturedBytes,
      long ipFrames, long firstTs, long lastTs, long minTs, long maxTs, long nonPacketBlocks,
      int sections, int interfaces, long[] counts, long[] connectionStarts, long[] tcpConnectionStarts,
      Map<String, EndpointStats> endpoints) {
    this.options = options;
    this.records = records;
    this.fileBytes = fileBytes;
    this.wireBytes = wireBytes;
    this.capturedBytes = capturedBytes;
    this.ipFrames = ipFrames;
    this.firstTs = firstTs;
    this.lastTs = lastTs;
    this.minTs = minTs;
    this.maxTs = maxTs;
    this.nonPacketBlocks = nonPacketBlocks;
    this.sections = sections;
    this.interfaces = interfaces;
    this.counters = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      counters.put(c, counts[c.ordinal()]);
    }
    this.connectionStarts = connectionStarts.clone();
    this.tcpConnectionStarts = tcpConnectionStarts.clone();
    this.endpoints = Collections.unmodifiableMap(new TreeMap<>(endpoints));
  }

  public GeneratorOptions options() { return options; }
  /** Packet records (EPBs for pcapng; other pcapng blocks are not counted). */
  public long records() { return records; }
  /** Size of the file. */
  public long fileBytes() { return fileBytes; }
  /** Sum of wirelen (original frame length) over all records. */
  public long wireBytes() { return wireBytes; }
  /** Sum of caplen over all records. */
  public long capturedBytes() { return capturedBytes; }
  /** Records with an IPv4 or IPv6 header. */
  public long ipFrames() { return ipFrames; }
  /** Timestamp of the first record in file order, ns since the epoch, as a reader decodes it. */
  public long firstTimestampNs() { return firstTs; }
  /** Timestamp of the last record in file order. */
  public long lastTimestampNs() { return lastTs; }
  public long minTimestampNs() { return minTs; }
  public long maxTimestampNs() { return maxTs; }
  /** pcapng blocks that are not packets (SHB, IDB, NRB, ISB, custom). */
  public long nonPacketBlocks() { return nonPacketBlocks; }
  public int sections() { return sections; }
  public int interfaces() { return interfaces; }

  public long count(Counter c) {
    return counters.get(c);
  }

  /** TCP connections by the Zeek {@code conn_state} they should get: keys SF, REJ, S0, RSTO, RSTR. */
  public Map<String, Long> tcpConnStates() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("SF", count(Counter.TCP_SF));
    m.put("REJ", count(Counter.TCP_REJ));
    m.put("S0", count(Counter.TCP_S0));
    m.put("RSTO", count(Counter.TCP_RSTO));
    m.put("RSTR", count(Counter.TCP_RSTR));
    return m;
  }

  public long tcpConnections() {
    return tcpConnStates().values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Connections started per UTC hour of the week (index 0 = Monday 00:00-00:59), by the timestamp of their
   * first packet: TCP connections (every state), UDP flows and ICMP echo exchanges.
   */
  public long[] connectionStartsByHourOfWeek() {
    return connectionStarts.clone();
  }

  /** The TCP share of {@link #connectionStartsByHourOfWeek()}. */
  public long[] tcpConnectionStartsByHourOfWeek() {
    return tcpConnectionStarts.clone();
  }

  /** Per IP address (tshark's text form), sorted by address text. */
  public Map<String, EndpointStats> endpoints() {
    return endpoints;
  }

  /** The summary as a JSON object (stable key order). */
  public String toJson() {
    StringBuilder sb = new StringBuilder(256 + endpoints.size() * 120);
    sb.append("{\n");
    field(sb, "format", str(options.format().cliName()));
    field(sb, "byteOrder", str(options.byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? "little" : "big"));
    field(sb, "linkType", Integer.toString(options.linkType()));
    field(sb, "snaplen", Integer.toString(options.snaplen()));
    field(sb, "seed", Long.toString(options.seed()));
    field(sb, "targetBytes", Long.toString(options.targetBytes()));
    field(sb, "adversarial", Boolean.toString(options.adversarial()));
    field(sb, "outOfOrder", Boolean.toString(options.outOfOrder()));
    field(sb, "sections", Integer.toString(sections));
    field(sb, "interfaces", Integer.toString(interfaces));
    field(sb, "records", Long.toString(records));
    field(sb, "fileBytes", Long.toString(fileBytes));
    field(sb, "wireBytes", Long.toString(wireBytes));
    field(sb, "capturedBytes", Long.toString(capturedBytes));
    field(sb, "ipFrames", Long.toString(ipFrames));
    field(sb, "nonPacketBlocks", Long.toString(nonPacketBlocks));
    field(sb, "firstTimestampNs", Long.toString(firstTs));
    field(sb, "lastTimestampNs", Long.toString(lastTs));
    field(sb, "minTimestampNs", Long.toString(minTs));
    field(sb, "maxTimestampNs", Long.toString(maxTs));
    field(sb, "firstTimestamp", str(instant(firstTs)));
    field(sb, "lastTimestamp", str(instant(lastTs)));
    field(sb, "minTimestamp", str(instant(minTs)));
    field(sb, "maxTimestamp", str(instant(maxTs)));
    StringBuilder states = new StringBuilder("{");
    tcpConnStates().forEach((k, v) -> states.append(states.length() > 1 ? ", " : "").append(str(k))
        .append(": ").append(v));
    field(sb, "tcpConnStates", states.append('}').toString());
    StringBuilder cs = new StringBuilder("{");
    for (Counter c : Counter.values()) {
      cs.append(cs.length() > 1 ? ", " : "").append(str(c.jsonKey())).append(": ").append(count(c));
    }
    field(sb, "counts", cs.append('}').toString());
    field(sb, "connectionStartsByHourOfWeek", array(connectionStarts));
    field(sb, "tcpConnectionStartsByHourOfWeek", array(tcpConnectionStarts));
    sb.append("  \"endpoints\": {");
    boolean first = true;
    for (Map.Entry<String, EndpointStats> e : endpoints.entrySet()) {
      EndpointStats s = e.getValue();
      sb.append(first ? "\n    " : ",\n    ").append(str(e.getKey())).append(": {\"framesSent\": ")
          .append(s.framesSent()).append(", \"bytesSent\": ").append(s.bytesSent())
          .append(", \"framesReceived\": ").append(s.framesReceived()).append(", \"bytesReceived\": ")
          .append(s.bytesReceived()).append('}');
      first = false;
    }
    sb.append(first ? "}\n" : "\n  }\n");
    return sb.append("}\n").toString();
  }

  private static String instant(long ns) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
  }

  private static void field(StringBuilder sb, String key, String json) {
    sb.append("  ").append(str(key)).append(": ").append(json).append(",\n");
  }

  private static String array(long[] a) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < a.length; i++) {
      sb.append(i > 0 ? ", " : "").append(a[i]);
    }
    return sb.append(']').toString();
  }

  /** A JSON string literal; our strings are ASCII addresses and names, but escape defensively. */
  private static String str(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return "GenerationSummary{records=" + records + ", fileBytes=" + fileBytes + ", wireBytes=" + wireBytes
        + ", endpoints=" + endpoints.size() + ", tcp=" + tcpConnStates() + '}';
  }
}

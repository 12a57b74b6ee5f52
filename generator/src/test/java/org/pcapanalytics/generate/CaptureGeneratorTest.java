package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.generate.GenerationSummary.Counter;

class CaptureGeneratorTest {
  private static final long MB = 1 << 20;

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("pcap LE Ethernet", Generated.options(MB, 1)),
        Arguments.of("pcap-ns BE Ethernet", Generated.options(MB, 2).format(CaptureFormat.PCAP_NS)
            .byteOrder(ByteOrder.BIG_ENDIAN)),
        Arguments.of("pcap LE NULL", Generated.options(MB, 3).linkType(0)),
        Arguments.of("pcap BE NULL", Generated.options(MB / 2, 3).linkType(0).byteOrder(ByteOrder.BIG_ENDIAN)),
        Arguments.of("pcap BE raw", Generated.options(MB, 4).linkType(101).byteOrder(ByteOrder.BIG_ENDIAN)),
        Arguments.of("pcap-ns LE SLL", Generated.options(MB, 5).linkType(113).format(CaptureFormat.PCAP_NS)),
        Arguments.of("pcap LE SLL2", Generated.options(MB, 6).linkType(276)),
        Arguments.of("pcapng LE", Generated.options(MB, 7).format(CaptureFormat.PCAPNG)),
        Arguments.of("pcapng BE 5 interfaces 3 sections", Generated.options(2 * MB, 8)
            .format(CaptureFormat.PCAPNG).byteOrder(ByteOrder.BIG_ENDIAN).interfaces(5).sections(3)
            .alternateSectionByteOrder(true)),
        Arguments.of("pcap snaplen 128", Generated.options(MB, 9).snaplen(128)),
        Arguments.of("pcapng snaplen 200", Generated.options(MB, 10).snaplen(200).format(CaptureFormat.PCAPNG)),
        Arguments.of("pcap out of order", Generated.options(MB, 11).outOfOrder(true)),
        Arguments.of("pcap no adversarial", Generated.options(MB, 12).adversarial(false)),
        Arguments.of("pcap small mix", Generated.options(MB, 13).mix(GeneratorOptions.Mix.SMALL)));
  }

  @Test
  void smallMixHasShortFramesAndNoJumbo() {
    Generated small = Generated.of(Generated.options(4 * MB, 7).mix(GeneratorOptions.Mix.SMALL).build());
    Generated office = Generated.of(Generated.options(4 * MB, 7).build());
    double avgSmall = (double) small.summary().wireBytes() / small.summary().records();
    double avgOffice = (double) office.summary().wireBytes() / office.summary().records();
    assertTrue(avgSmall > 200 && avgSmall < 400, "small mix average frame " + avgSmall);
    assertTrue(avgOffice > 2 * avgSmall, "office " + avgOffice + " vs small " + avgSmall);
    for (CaptureWalker.Rec r : small.walk().records) {
      assertTrue(r.wirelen() <= 1522, "frame of " + r.wirelen() + " bytes in the small mix");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurations")
  void fileStructureAndSummaryAgree(String name, GeneratorOptions.Builder builder) {
    GeneratorOptions opts = builder.build();
    Generated g = Generated.of(opts);
    GenerationSummary s = g.summary();
    CaptureWalker.Result w = g.walk();

    assertEquals(g.bytes().length, s.fileBytes());
    assertEquals(w.records.size(), s.records());
    assertEquals(w.nonPacketBlocks, s.nonPacketBlocks());
    assertEquals(w.interfaces.size(), s.sections());
    assertEquals(opts.format() == CaptureFormat.PCAPNG ? opts.interfaces() : 1, w.interfaces.get(0).size());
    assertEquals(opts.snaplen(), w.snaplen);
    long wire = 0;
    long cap = 0;
    long truncated = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (CaptureWalker.Rec r : w.records) {
      wire += r.wirelen();
      cap += r.caplen();
      truncated += r.caplen() < r.wirelen() ? 1 : 0;
      min = Math.min(min, r.tsNs());
      max = Math.max(max, r.tsNs());
      assertTrue(r.caplen() <= opts.snaplen());
    }
    assertEquals(s.wireBytes(), wire);
    assertEquals(s.capturedBytes(), cap);
    assertEquals(s.count(Counter.TRUNCATED_RECORDS), truncated);
    assertEquals(s.firstTimestampNs(), w.records.get(0).tsNs());
    assertEquals(s.lastTimestampNs(), w.records.get(w.records.size() - 1).tsNs());
    assertEquals(s.minTimestampNs(), min);
    assertEquals(s.maxTimestampNs(), max);
    if (opts.snaplen() < GeneratorOptions.MAX_SNAPLEN) {
      assertTrue(truncated > s.records() / 10, "a small snaplen truncates frames");
    }
    assertEquals(opts.outOfOrder(), s.count(Counter.TIME_SHIFTED_RECORDS) > 0);
    assertEquals(opts.adversarial(), s.count(Counter.ADVERSARIAL_RECORDS) > 0);

    checkDecodedTraffic(g, opts);
  }

  /** Decodes every frame independently and checks the summary's endpoints and protocol counters. */
  private static void checkDecodedTraffic(Generated g, GeneratorOptions opts) {
    GenerationSummary s = g.summary();
    Map<String, long[]> ep = new HashMap<>();
    long ip = 0;
    long vlan = 0;
    long qinq = 0;
    long frags = 0;
    long dns = 0;
    long nx = 0;
    long servfail = 0;
    long echo4 = 0;
    long echo6 = 0;
    long unreach = 0;
    long http = 0;
    long hello = 0;
    long rst = 0;
    long fin = 0;
    long synAck = 0;
    long arp = 0;
    long giant = 0;
    boolean full = opts.snaplen() == GeneratorOptions.MAX_SNAPLEN;
    for (CaptureWalker.Rec r : g.walk().records) {
      FrameView f = new FrameView(g.bytes(), r);
      if (r.linkType() == 1) {
        vlan += f.vlanTags > 0 ? 1 : 0;
        qinq += f.sTag ? 1 : 0;
      }
      arp += f.etherType == 0x0806 ? 1 : 0;
      giant += r.caplen() > 65600 ? 1 : 0;
      if (f.ipVersion == 0) {
        continue;
      }
      ip++;
      long[] a = ep.computeIfAbsent(HexFormat.of().formatHex(f.src), k -> new long[4]);
      a[0]++;
      a[1] += r.wirelen();
      long[] d = ep.computeIfAbsent(HexFormat.of().formatHex(f.dst), k -> new long[4]);
      d[2]++;
      d[3] += r.wirelen();
      frags += f.fragment ? 1 : 0;
      if (f.proto == 17 && f.sport == 53 && f.payloadLen >= 4) {
        dns++;
        int rcode = f.b[f.payloadOff + 3] & 0x0F;
        nx += rcode == 3 ? 1 : 0;
        servfail += rcode == 2 ? 1 : 0;
      }
      if (f.proto == 1) {
        echo4 += f.icmpType == 0 ? 1 : 0;
        unreach += f.icmpType == 3 ? 1 : 0;
      }
      echo6 += f.proto == 58 && f.icmpType == 129 ? 1 : 0;
      if (f.proto == 6 && f.tcpFlags >= 0) {
        rst += (f.tcpFlags & 0x04) != 0 ? 1 : 0;
        fin += (f.tcpFlags & 0x01) != 0 ? 1 : 0;
        synAck += (f.tcpFlags & 0x12) == 0x12 ? 1 : 0;
        if ((f.payloadStartsWith("GET ") || f.payloadStartsWith("POST ") || f.payloadStartsWith("HEAD "))
            && f.payloadContains("\r\nHost: ")) {
          http++;
        }
        if (f.payloadLen > 43 && f.b[f.payloadOff] == 0x16 && f.b[f.payloadOff + 5] == 1) {
          hello++;
        }
      }
    }
    assertEquals(s.ipFrames(), ip);
    assertEquals(ep.size(), s.endpoints().size());
    for (Map.Entry<String, GenerationSummary.EndpointStats> e : s.endpoints().entrySet()) {
      long[] a = ep.get(HexFormat.of().formatHex(address(e.getKey())));
      GenerationSummary.EndpointStats st = e.getValue();
      assertArrayEquals(new long[] {st.framesSent(), st.bytesSent(), st.framesReceived(), st.bytesReceived()}, a,
          e.getKey());
    }
    assertEquals(s.count(Counter.VLAN_FRAMES), vlan);
    assertEquals(s.count(Counter.QINQ_FRAMES), qinq);
    assertEquals(s.count(Counter.ARP_FRAMES), arp);
    assertEquals(s.count(Counter.IPV4_FRAGMENTS), frags);
    assertEquals(s.count(Counter.DNS_TRANSACTIONS), dns);
    assertEquals(s.count(Counter.DNS_NXDOMAIN), nx);
    assertEquals(s.count(Counter.DNS_SERVFAIL), servfail);
    assertEquals(s.count(Counter.ICMP_ECHO_EXCHANGES), echo4);
    assertEquals(s.count(Counter.ICMPV6_ECHO_EXCHANGES), echo6);
    assertEquals(s.count(Counter.ICMP_UNREACHABLE), unreach);
    assertEquals(s.count(Counter.GIANT_FRAMES), giant);
    // every refused, reset-originator and reset-responder connection has exactly one RST; SF ones two FINs
    assertEquals(s.count(Counter.TCP_REJ) + s.count(Counter.TCP_RSTO) + s.count(Counter.TCP_RSTR), rst);
    assertEquals(2 * s.count(Counter.TCP_SF), fin);
    assertEquals(s.count(Counter.TCP_SF) + s.count(Counter.TCP_RSTO) + s.count(Counter.TCP_RSTR), synAck);
    if (full) {
      assertEquals(s.count(Counter.HTTP_REQUESTS), http);
      assertEquals(s.count(Counter.TLS_CLIENT_HELLOS), hello);
    }
  }

  static byte[] address(String text) {
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (IOException e) {
      throw new AssertionError(text, e);
    }
  }

  @Test
  void sameSeedSameBytesDifferentSeedDifferentBytes() {
    for (GeneratorOptions.Builder b : new GeneratorOptions.Builder[] {
      Generated.options(300_000, 42),
      Generated.options(300_000, 42).format(CaptureFormat.PCAPNG).interfaces(4).sections(2)
          .alternateSectionByteOrder(true).outOfOrder(true),
    }) {
      GeneratorOptions o = b.build();
      Generated a = Generated.of(o);
      Generated again = Generated.of(o);
      assertArrayEquals(a.bytes(), again.bytes());
      assertEquals(a.summary().toJson(), again.summary().toJson());
      Generated other = Generated.of(o.toBuilder().seed(43).build());
      assertFalse(Arrays.equals(a.bytes(), other.bytes()));
      assertNotEquals(a.summary().toJson(), other.summary().toJson());
    }
  }

  @Test
  void fileAndStreamOutputsAreIdentical(@TempDir Path dir) throws IOException {
    GeneratorOptions o = Generated.options(200_000, 5).format(CaptureFormat.PCAPNG).build();
    Path file = dir.resolve("x.pcapng");
    GenerationSummary s = CaptureGenerator.generate(o, file);
    assertArrayEquals(Generated.of(o).bytes(), Files.readAllBytes(file));
    assertEquals(Files.size(file), s.fileBytes());
  }

  @Test
  void sizeTargetIsReachedAndOnlySlightlyExceeded() {
    for (long target : new long[] {20_000, 200 * 1024, MB, 5 * MB}) {
      for (CaptureFormat f : CaptureFormat.values()) {
        GenerationSummary s = Generated.of(Generated.options(target, target).format(f).build()).summary();
        assertTrue(s.fileBytes() >= target, f + " " + target + ": " + s.fileBytes());
        assertTrue(s.fileBytes() <= target + Math.max(64 * 1024, target / 50),
            f + " " + target + " overshoot: " + s.fileBytes());
      }
    }
  }

  @Test
  void timestampsStayInsideTheSimulatedWeekAndInOrderUnlessAskedOtherwise() {
    GeneratorOptions o = Generated.options(2 * MB, 3).build();
    Generated g = Generated.of(o);
    long start = o.start().getEpochSecond() * CaptureWalker.NS;
    long end = start + o.duration().toNanos();
    long prev = 0;
    for (CaptureWalker.Rec r : g.walk().records) {
      assertTrue(r.tsNs() >= prev, "time order");
      prev = r.tsNs();
    }
    assertTrue(g.summary().minTimestampNs() >= start);
    assertTrue(g.summary().maxTimestampNs() <= end + 3600 * CaptureWalker.NS);
    assertTrue(g.summary().maxTimestampNs() - g.summary().minTimestampNs() > o.duration().toNanos() * 9 / 10,
        "the capture spans the whole simulated duration");

    Generated ooo = Generated.of(o.toBuilder().outOfOrder(true).build());
    long jumpsBack = 0;
    prev = 0;
    for (CaptureWalker.Rec r : ooo.walk().records) {
      jumpsBack += r.tsNs() < prev - 3600 * CaptureWalker.NS ? 1 : 0;
      prev = r.tsNs();
    }
    assertTrue(jumpsBack > 0, "some records jump back by more than an hour");
    long shifted = ooo.summary().count(Counter.TIME_SHIFTED_RECORDS);
    assertTrue(shifted > 0 && shifted < ooo.summary().records() / 5, "a small fraction is shifted: " + shifted);
  }

  @Test
  void pcapngInterfacesSectionsAndExtraBlocks() {
    GeneratorOptions o = Generated.options(3 * MB, 9).format(CaptureFormat.PCAPNG).interfaces(5).sections(4)
        .alternateSectionByteOrder(true).build();
    Generated g = Generated.of(o);
    CaptureWalker.Result w = g.walk();
    assertEquals(4, w.interfaces.size());
    assertEquals(ByteOrder.LITTLE_ENDIAN, w.sectionOrders.get(0));
    assertEquals(ByteOrder.BIG_ENDIAN, w.sectionOrders.get(1));
    assertEquals(ByteOrder.LITTLE_ENDIAN, w.sectionOrders.get(2));
    Set<Integer> links = new HashSet<>();
    Set<Integer> resolutions = new HashSet<>();
    boolean offset = false;
    for (CaptureWalker.Iface i : w.interfaces.get(0)) {
      links.add(i.linkType());
      resolutions.add(i.tsresol());
      offset |= i.tsOffset() != 0;
    }
    assertEquals(5, links.size(), "different link types");
    assertTrue(resolutions.containsAll(Set.of(9, 0x94, 6)), resolutions.toString());
    assertTrue(offset, "one interface has an if_tsoffset");
    Set<Integer> used = new HashSet<>();
    Set<Integer> sectionsWithPackets = new HashSet<>();
    for (CaptureWalker.Rec r : w.records) {
      used.add(r.iface());
      sectionsWithPackets.add(r.section());
    }
    assertEquals(5, used.size(), "packets on every interface");
    assertEquals(4, sectionsWithPackets.size());
    assertTrue(w.nrbBlocks >= 4 && w.isbBlocks >= 20 && w.customBlocks > 0, "NRB, ISB and custom blocks");
    assertTrue(w.commentedPackets > 0, "some EPBs carry opt_comment");
    assertEquals(w.nonPacketBlocks, g.summary().nonPacketBlocks());
  }

  @Test
  void largeFramesAndTruncation() {
    GenerationSummary s = Generated.of(Generated.options(MB, 1).build()).summary();
    assertTrue(s.count(Counter.GIANT_FRAMES) >= 1, "a ~256 KiB frame when the snaplen allows it");
    assertTrue(s.count(Counter.JUMBO_FRAMES) > 0);
    Generated g = Generated.of(Generated.options(4 * MB, 2).build());
    assertTrue(g.summary().count(Counter.TSO_FRAMES) > 0);
    int maxCap = g.walk().records.stream().mapToInt(CaptureWalker.Rec::caplen).max().orElse(0);
    assertTrue(maxCap > 250_000 && maxCap <= GeneratorOptions.MAX_SNAPLEN, "max caplen " + maxCap);
    assertTrue(g.walk().records.stream().anyMatch(r -> r.caplen() > 9100 && r.caplen() <= 65600),
        "TSO super-frames up to 64 KiB");

    GenerationSummary small = Generated.of(Generated.options(MB, 1).snaplen(65535).build()).summary();
    assertEquals(0, small.count(Counter.GIANT_FRAMES));
  }

  @Test
  void trafficMixCoversTheProtocolsAndConnectionStates() {
    GenerationSummary s = Generated.of(Generated.options(4 * MB, 21).build()).summary();
    for (Counter c : new Counter[] {Counter.TCP_SF, Counter.TCP_REJ, Counter.TCP_S0, Counter.TCP_RSTO,
      Counter.TCP_RSTR, Counter.SYN_SCAN_PROBES, Counter.DNS_TRANSACTIONS, Counter.DNS_NXDOMAIN,
      Counter.DNS_SERVFAIL, Counter.ICMP_ECHO_EXCHANGES, Counter.ICMPV6_ECHO_EXCHANGES, Counter.ICMP_UNREACHABLE,
      Counter.HTTP_REQUESTS, Counter.TLS_CLIENT_HELLOS, Counter.FRAGMENTED_DATAGRAMS, Counter.VLAN_FRAMES,
      Counter.QINQ_FRAMES, Counter.ARP_FRAMES, Counter.AFTER_HOURS_UPLOADS}) {
      assertTrue(s.count(c) > 0, c.name());
    }
    assertTrue(s.count(Counter.IPV4_FRAGMENTS) >= 2 * s.count(Counter.FRAGMENTED_DATAGRAMS));
    assertTrue(s.endpoints().keySet().stream().anyMatch(a -> a.startsWith("fd")), "fd00::/8 hosts");
    assertTrue(s.endpoints().keySet().stream().anyMatch(a -> a.startsWith("2001:db8:")), "2001:db8::/32 hosts");
    assertTrue(s.endpoints().keySet().stream().anyMatch(a -> a.startsWith("192.168.")));
    assertTrue(s.endpoints().size() > 150);
    // heavy hitters: ten of several hundred addresses take part in about half of the IP bytes
    long total = s.endpoints().values().stream().mapToLong(GenerationSummary.EndpointStats::bytesSent).sum();
    long top = s.endpoints().values().stream().mapToLong(GenerationSummary.EndpointStats::bytes).sorted()
        .skip(Math.max(0, s.endpoints().size() - 10)).sum();
    assertTrue(top > total * 0.45, "top-10 talkers carry " + top + " of " + total);
  }

  @Test
  void summaryIsSelfConsistent() {
    GenerationSummary s = Generated.of(Generated.options(2 * MB, 4).format(CaptureFormat.PCAPNG).interfaces(3)
        .outOfOrder(true).build()).summary();
    long sent = 0;
    long received = 0;
    long bytesSent = 0;
    long bytesReceived = 0;
    for (GenerationSummary.EndpointStats e : s.endpoints().values()) {
      sent += e.framesSent();
      received += e.framesReceived();
      bytesSent += e.bytesSent();
      bytesReceived += e.bytesReceived();
    }
    assertEquals(s.ipFrames(), sent);
    assertEquals(s.ipFrames(), received);
    assertEquals(bytesSent, bytesReceived);
    assertTrue(bytesSent <= s.wireBytes());
    assertTrue(s.ipFrames() <= s.records());
    assertEquals(s.tcpConnections(), Arrays.stream(s.tcpConnectionStartsByHourOfWeek()).sum());
    long starts = Arrays.stream(s.connectionStartsByHourOfWeek()).sum();
    assertTrue(starts >= s.tcpConnections() + s.count(Counter.UDP_FLOWS));
    assertTrue(starts <= s.tcpConnections() + s.count(Counter.UDP_FLOWS) + s.count(Counter.ICMP_ECHO_EXCHANGES)
        + s.count(Counter.ICMPV6_ECHO_EXCHANGES));
    assertTrue(s.count(Counter.DNS_TRANSACTIONS) <= s.count(Counter.UDP_FLOWS));
    assertTrue(s.count(Counter.DNS_NXDOMAIN) + s.count(Counter.DNS_SERVFAIL) <= s.count(Counter.DNS_TRANSACTIONS));
    assertTrue(s.count(Counter.QINQ_FRAMES) <= s.count(Counter.VLAN_FRAMES));
    assertTrue(s.count(Counter.SYN_SCAN_PROBES) <= s.count(Counter.TCP_S0) + s.count(Counter.TCP_REJ));
    assertTrue(s.count(Counter.ADVERSARIAL_CHAINS_AT_RECORD_END) <= s.count(Counter.ADVERSARIAL_RECORDS));
    assertTrue(s.minTimestampNs() <= s.firstTimestampNs() && s.lastTimestampNs() <= s.maxTimestampNs());
    String json = s.toJson();
    assertTrue(json.startsWith("{") && json.trim().endsWith("}"));
    for (Counter c : Counter.values()) {
      assertTrue(json.contains("\"" + c.jsonKey() + "\": " + s.count(c)), c.jsonKey());
    }
    assertTrue(json.contains("\"tcpConnStates\": {\"SF\": " + s.tcpConnStates().get("SF")));
    assertTrue(json.length() < 200 * s.endpoints().size() + 20_000, "bounded size");
  }

  @Test
  void trafficFollowsDayNightAndWeekdayWeekend() {
    GenerationSummary s = Generated.of(Generated.options(8 * MB, 6).build()).summary();
    long[] h = s.connectionStartsByHourOfWeek();
    long businessHours = 0;
    long nights = 0;
    long weekend = 0;
    for (int i = 0; i < 168; i++) {
      int day = i / 24;
      int hour = i % 24;
      if (day >= 5) {
        weekend += h[i];
      } else if (hour >= 8 && hour < 18) {
        businessHours += h[i];
      } else if (hour < 6 || hour >= 21) {
        nights += h[i];
      }
    }
    // per hour: 50 business hours, 45 weekday night hours, 48 weekend hours
    assertTrue(businessHours / 50.0 > 4 * nights / 45.0, businessHours + " vs nights " + nights);
    assertTrue(businessHours / 50.0 > 3 * weekend / 48.0, businessHours + " vs weekend " + weekend);
    assertTrue(nights > 0 && weekend > 0, "there is after-hours traffic");
  }
}

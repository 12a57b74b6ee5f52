package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * Community ID v1 against the specification's own expected values (its README tables and
 * {@code baseline_deflt.json} over its test captures, decoded by our decoder) and against
 * tshark's {@code communityid} post-dissector on every frame of the shared corpus.
 */
class CommunityIdTest {
  private static final long A4 = ip4("1.2.3.4"), B4 = ip4("5.6.7.8");
  private static final long[] A6 = ip6("fe80:0001:0203:0405:0607:0809:0A0B:0C0D"),
      B6 = ip6("fe80:1011:1213:1415:1617:1819:1A1B:1C1D");

  /** The specification's README tables (baseline/README.md): default seed and seed 1. */
  @Test
  void specificationTables() {
    CommunityId s0 = new CommunityId(0), s1 = new CommunityId(1);
    for (CommunityId c : List.of(s0, s1)) {
      boolean one = c == s1;
      expect(c, one ? "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=" : "1:wCb3OG7yAFWelaUydu0D+125CLM=", 6, 1122, 3344);
      expect(c, one ? "1:OShq+iKDAMVouh/4bMxB9Sz4amw=" : "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=", 17, 1122, 3344);
      expect(c, one ? "1:uitchpn5MMGAQKBJh7bIr/bAr7s=" : "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=", 132, 1122, 3344);
      // ICMP echo request 8/0 from A, reply 0/0 from B: one flow.
      assertEquals(one ? "1:9pr4ZGTICiuZoIh90RRYE2RyXpU=" : "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=", c.ipv4(A4, B4, 1, 8, 0));
      assertEquals(c.ipv4(A4, B4, 1, 8, 0), c.ipv4(B4, A4, 1, 0, 0));
      // Time exceeded: one-way, never flipped.
      assertEquals(one ? "1:1DD7cWGC/Yg91YGsQeni8du3pIA=" : "1:f/YiSyWqczrTgfUCZlBUnvHRcPk=", c.ipv4(A4, B4, 1, 11, 0));
      assertNotEquals(c.ipv4(A4, B4, 1, 11, 0), c.ipv4(B4, A4, 1, 11, 0));
      String echo6 = c.ipv6(A6[0], A6[1], B6[0], B6[1], 58, 128, 0);
      assertEquals(one ? "1:IO27GQzPuCtNnwFvjWALMHu5tJE=" : "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=", echo6);
      assertEquals(echo6, c.ipv6(B6[0], B6[1], A6[0], A6[1], 58, 129, 0));
      assertEquals(one ? "1:Cv4IKJe56BNkF0MBW2YxQ3Nwc3s=" : "1:fYC8+pz24E+EhANP1EZhpX0Dw10=",
          c.ipv6(A6[0], A6[1], B6[0], B6[1], 58, 146, 0));
      // RSVP: no ports, bidirectional.
      assertEquals(one ? "1:/buhqeOmaRCopOZFy9HnoJd5XW8=" : "1:ikv3kmf89luf73WPz1jOs49S768=",
          c.ipv4(A4, B4, 46, -1, -1));
      assertEquals(c.ipv4(A4, B4, 46, -1, -1), c.ipv4(B4, A4, 46, -1, -1));
      String rsvp6 = c.ipv6(A6[0], A6[1], B6[0], B6[1], 46, -1, -1);
      assertEquals(one ? "1:j6EyyfBzL4vWKHFXgUqb5Az3OxM=" : "1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=", rsvp6);
      assertEquals(rsvp6, c.ipv6(B6[0], B6[1], A6[0], A6[1], 46, -1, -1));
    }
  }

  private static void expect(CommunityId c, String id, int proto, int sp, int dp) {
    assertEquals(id, c.ipv4(A4, B4, proto, sp, dp));
    assertEquals(id, c.ipv4(B4, A4, proto, dp, sp), "the reverse direction hashes alike");
  }

  @Test
  void tuplesWithoutAnIdAndBadSeeds() {
    CommunityId c = new CommunityId(0);
    assertNull(c.ipv4(A4, B4, 6, -1, -1), "TCP needs its ports");
    assertNull(c.ipv4(A4, B4, 17, 53, -1));
    assertNull(c.ipv4(A4, B4, 1, -1, -1), "ICMP needs type and code");
    assertNull(c.ipv4(A4, B4, 6, 70000, 80));
    assertNull(c.ipv4(A4, B4, 256, -1, -1));
    assertNull(c.ipv4(1L << 32, B4, 46, -1, -1));
    assertThrows(IllegalArgumentException.class, () -> new CommunityId(65536));
    assertThrows(IllegalArgumentException.class, () -> new CommunityId(-1));
    assertEquals(65535, new CommunityId(65535).seed());
  }

  /** Equal addresses: the ports order the endpoints. IPv6 addresses compare as unsigned bytes. */
  @Test
  void orderingEdges() {
    CommunityId c = new CommunityId(0);
    assertEquals(c.ipv4(A4, A4, 6, 1000, 80), c.ipv4(A4, A4, 6, 80, 1000));
    long hiHigh = 0x8000_0000_0000_0000L; // negative as a long, yet the larger address
    assertEquals(c.ipv6(hiHigh, 1, 0, 1, 6, 1, 2), c.ipv6(0, 1, hiHigh, 1, 6, 2, 1));
    assertEquals(c.ipv4(0xFFFF_FFFFL, 1, 6, 1, 2), c.ipv4(1, 0xFFFF_FFFFL, 6, 2, 1));
  }

  @Test
  void decodedPacketsAndAllocationFreeWrite() {
    CommunityId c = new CommunityId(0);
    DecodedPacket tcp = decode(1, eth(0x0800, ipv4(6, tcp(1122, 3344, new byte[0]))));
    assertEquals(c.ipv4(0x0A000001L, 0xC0A80102L, 6, 1122, 3344), c.of(tcp));
    byte[] dst = new byte[40];
    assertEquals(CommunityId.LENGTH, c.write(tcp, dst, 5));
    assertEquals(c.of(tcp), new String(dst, 5, CommunityId.LENGTH, StandardCharsets.US_ASCII));

    DecodedPacket echo = decode(1, eth(0x86DD, ipv6(58, hex("80000000 00010001"))));
    assertEquals(c.ipv6(0x20010db800000000L, 1, 0xfe80000000000000L, 2, 58, 128, 0), c.of(echo));
    DecodedPacket sctp = decode(1, eth(0x0800, ipv4(132, cat(u16(2905), u16(2906), new byte[8]))));
    assertEquals(c.ipv4(0x0A000001L, 0xC0A80102L, 132, 2905, 2906), c.of(sctp));
    // RSVP over IPv6 from the specification's README table, through the decoder.
    byte[] rsvp6 = cat(u32(0x60000000L), u16(8), bytes(46, 64), hex("fe80000102030405060708090a0b0c0d"),
        hex("fe80101112131415161718191a1b1c1d"), new byte[8]);
    assertEquals("1:wQ/2mwrnXP4lmJcHdGL5ePjR+e0=", c.of(decode(1, eth(0x86DD, rsvp6))));
    DecodedPacket gre = decode(1, eth(0x0800, ipv4(47, new byte[8])));
    assertEquals(c.ipv4(0x0A000001L, 0xC0A80102L, 47, -1, -1), c.of(gre));

    DecodedPacket laterFragment = decode(1, eth(0x0800, ipv4(5, 28, 0x0001, 17, new byte[0], new byte[8])));
    assertNull(c.of(laterFragment), "a later UDP fragment has no ports");
    assertEquals(0, c.write(laterFragment, dst, 0));
    assertNull(c.of(decode(1, eth(0x0806, new byte[28]))), "ARP is not IP");
  }

  // ---- the specification's captures and baseline ----

  static final List<String> SPEC_CAPTURES =
      List.of("tcp", "udp", "sctp", "icmp", "icmp6", "ipv6", "rsvp", "arp");

  /**
   * Every IP packet of the specification's captures, decoded by us, has the ID the baseline gives
   * its tuple (keyed as the baseline shows it: ICMP "ports" are type and counterpart or code); and
   * every baseline entry is met.
   */
  @Test
  void specificationBaselineOnItsCaptures() throws IOException {
    JsonNode baseline = new ObjectMapper().readTree(Captures.file("community-id/baseline_deflt.json").toFile());
    Map<String, String> expected = new HashMap<>();
    for (JsonNode e : baseline) {
      String key = key(e.get("proto").asInt(), InetAddress.getByName(e.get("saddr").asText()),
          InetAddress.getByName(e.get("daddr").asText()), e.get("sport").isNull() ? -1 : e.get("sport").asInt(),
          e.get("dport").isNull() ? -1 : e.get("dport").asInt());
      expected.put(key, e.get("communityid").asText());
    }
    CommunityId c = new CommunityId(0);
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    Set<String> met = new HashSet<>();
    int packets = 0, ip = 0;
    for (String name : SPEC_CAPTURES) {
      for (CorpusFrames.Frame f : CorpusFrames.read("community-id/" + name + ".pcap")) {
        packets++;
        dec.decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
        String id = c.of(p);
        if (p.ipVersion == 0) {
          assertNull(id, name + ": not IP");
          continue;
        }
        ip++;
        String key = key(p);
        assertTrue(expected.containsKey(key), name + ": no baseline entry for " + key);
        assertEquals(expected.get(key), id, name + " " + key);
        met.add(key);
      }
    }
    System.out.printf("specification baseline: %d packets, %d IP packets equal to their entry, %d of %d entries met%n",
        packets, ip, met.size(), expected.size());
    assertEquals(expected.keySet(), met, "every baseline entry is met by a packet");
  }

  private static String key(DecodedPacket p) throws IOException {
    int sp = p.srcPort, dp = p.dstPort;
    if (p.ipProto == CommunityId.ICMP || p.ipProto == CommunityId.ICMPV6) {
      sp = p.icmpType;
      int counterpart = CommunityId.icmpCounterpart(p.ipProto == CommunityId.ICMPV6, p.icmpType);
      dp = counterpart >= 0 ? counterpart : p.icmpCode;
    }
    return key(p.ipProto, address(p.ipVersion, p.srcHi, p.srcLo), address(p.ipVersion, p.dstHi, p.dstLo), sp, dp);
  }

  private static String key(int proto, InetAddress src, InetAddress dst, int sp, int dp) {
    return proto + " " + src.getHostAddress() + " " + sp + " > " + dst.getHostAddress() + " " + dp;
  }

  private static InetAddress address(int version, long hi, long lo) throws IOException {
    byte[] b = new byte[version == 4 ? 4 : 16];
    if (version == 4) {
      for (int i = 0; i < 4; i++) b[i] = (byte) (lo >>> (24 - 8 * i));
    } else {
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
    }
    return InetAddress.getByAddress(b);
  }

  // ---- tshark over the whole corpus ----

  /**
   * Where tshark 4.0 and the specification part, each checked on the frame (not only named): a
   * frame whose values differ must match one of these, and each must still occur.
   */
  enum Deviation {
    LATER_FRAGMENT("only tshark: a later IPv4 fragment of TCP/UDP/SCTP/ICMP carries no ports, which the"
        + " specification requires for these protocols (pycommunityid refuses such a tuple); tshark hashes it"
        + " without ports, a value that is not its flow's (the first fragment's) ID"),
    IPV6_LATER_FRAGMENT("only tshark: a later IPv6 fragment (no ports, as above); tshark hashes it without ports as"
        + " a protocol that is in none of the packet's headers (48 on rawipv6_229_frag, whose headers are IPv6,"
        + " Fragment 44, TCP 6): its look-up of the IPv6 protocol reads an unrelated per-layer value"),
    QUOTED_ICMP_TYPE("differ: an ICMP error quoting a whole ICMP message; tshark hashes the quoted message's type"
        + " and code (state its dissector left while decoding the quoted packet), the specification the error's"
        + " own type and code"),
    IPV6_PORTLESS("only us: IPv6 with a protocol without ports; tshark 4.0 gives no ID for these (nor for RSVP over"
        + " IPv6, whose ID the specification's README table gives), the specification does");

    final String reason;

    Deviation(String reason) {
      this.reason = reason;
    }

    /** The deviation this frame shows (tshark's value checked against what the reason says), or null. */
    static Deviation of(DecodedPacket p, String ours, String theirs, CommunityId c) throws IOException {
      boolean laterFragment = ours == null && !theirs.isEmpty() && p.fragOffset > 0
          && CommunityId.needsPorts(p.ipProto);
      if (laterFragment && p.ipVersion == 4 && theirs.equals(portless(p, p.ipProto))) return LATER_FRAGMENT;
      if (laterFragment && p.ipVersion == 6) {
        for (int proto = 0; proto < 256; proto++) {
          if (proto != p.ipProto && proto != Ipv6.FRAGMENT && theirs.equals(portless(p, proto))) {
            return IPV6_LATER_FRAGMENT;
          }
        }
      }
      if (ours != null && !theirs.isEmpty() && p.ipVersion == 4 && p.ipProto == CommunityId.ICMP
          && CommunityId.icmpCounterpart(false, p.icmpType) < 0) {
        int inner = p.transportOffset + 8; // the quoted IPv4 header
        int quoted = inner + 20 <= p.buf.length ? inner + (p.buf[inner] & 0x0F) * 4 : p.buf.length;
        if (quoted + 2 <= p.buf.length && p.buf[inner + 9] == CommunityId.ICMP) {
          int type = p.buf[quoted] & 0xFF, code = p.buf[quoted + 1] & 0xFF;
          if (theirs.equals(c.ipv4(p.srcLo, p.dstLo, CommunityId.ICMP, type, code))) return QUOTED_ICMP_TYPE;
        }
      }
      if (ours != null && theirs.isEmpty() && p.ipVersion == 6 && !CommunityId.needsPorts(p.ipProto)) {
        return IPV6_PORTLESS;
      }
      return null;
    }
  }

  /**
   * Every frame of every shared capture (the corpus, the specification's captures, the JA4
   * captures) against tshark's {@code communityid} ({@code golden-more}, seed 0).
   */
  @Test
  void equalToTsharkOnEveryFrameOfTheCorpus() throws IOException {
    CommunityId c = new CommunityId(0);
    againstTshark("decoder", (name, frames) -> {
      List<String> ids = new ArrayList<>();
      for (DecodedPacket p : frames) ids.add(c.of(p));
      return ids;
    });
  }

  /** The IDs one way of computing them gives the decoded frames of one capture, in order. */
  interface Ids {
    List<String> of(String capture, List<DecodedPacket> frames) throws IOException;
  }

  /**
   * Checks the IDs {@code ours} gives every frame of the corpus against tshark's (seed 0): equal,
   * or different as one {@link Deviation} explains; every deviation still occurs.
   */
  static void againstTshark(String what, Ids ours) throws IOException {
    CommunityId c = new CommunityId(0);
    int agree = 0, differ = 0, onlyUs = 0, onlyTshark = 0, neither = 0, frames = 0;
    Map<Deviation, Integer> deviations = new EnumMap<>(Deviation.class);
    List<String> unexplained = new ArrayList<>();
    List<String> captures = corpus();
    for (String name : captures) {
      List<DecodedPacket> decoded = decoded(name);
      List<String> ids = ours.of(name, decoded);
      assertEquals(decoded.size(), ids.size(), name + ": one ID (or null) per frame");
      Set<String> customBlocks = customBlockRows(name);
      int i = 0;
      for (Map<String, String> row : GoldenCsv.read(goldenMore(name)).rows()) {
        if (customBlocks.contains(row.get("frame.number"))) continue;
        DecodedPacket p = decoded.get(i);
        String id = ids.get(i++);
        frames++;
        String theirs = row.get("communityid");
        if (theirs.isEmpty() && id == null) {
          neither++;
          continue;
        }
        if (theirs.equals(id)) {
          agree++;
          continue;
        }
        if (id == null) {
          onlyTshark++;
        } else if (theirs.isEmpty()) {
          onlyUs++;
        } else {
          differ++;
        }
        Deviation d = Deviation.of(p, id, theirs, c);
        if (d != null) {
          deviations.merge(d, 1, Integer::sum);
        } else {
          unexplained.add(name + " frame " + row.get("frame.number") + ": tshark '" + theirs + "' ours '" + id + "' "
              + describe(p));
        }
      }
    }
    System.out.printf("community id (%s) vs tshark, %d captures, %d frames: agree %d, differ %d, only us %d,"
        + " only tshark %d, neither %d%n", what, captures.size(), frames, agree, differ, onlyUs, onlyTshark, neither);
    deviations.forEach((d, n) -> System.out.printf("  %d x %s: %s%n", n, d, d.reason));
    unexplained.forEach(u -> System.out.println("  unexplained: " + u));
    assertTrue(unexplained.isEmpty(), unexplained.size() + " frames differ from tshark without a known reason");
    for (Deviation d : Deviation.values()) assertTrue(deviations.containsKey(d), "stale deviation " + d);
    assertTrue(agree > 17_000, "the corpus has over 17 000 frames with an ID");
  }

  /** Every frame of a capture, decoded (each its own DecodedPacket). */
  static List<DecodedPacket> decoded(String capture) throws IOException {
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    List<DecodedPacket> out = new ArrayList<>();
    for (CorpusFrames.Frame f : CorpusFrames.read(capture)) {
      DecodedPacket p = new DecodedPacket();
      dec.decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
      out.add(p);
    }
    return out;
  }

  /** The specification's hash without ports, computed here independently of CommunityId. */
  private static String portless(DecodedPacket p, int proto) throws IOException {
    byte[] a = address(p.ipVersion, p.srcHi, p.srcLo).getAddress();
    byte[] b = address(p.ipVersion, p.dstHi, p.dstLo).getAddress();
    if (Arrays.compareUnsigned(a, b) > 0) {
      byte[] t = a;
      a = b;
      b = t;
    }
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(new byte[2]); // seed 0
      sha1.update(a);
      sha1.update(b);
      sha1.update(new byte[] {(byte) proto, 0});
      return "1:" + Base64.getEncoder().encodeToString(sha1.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(DecodedPacket p) {
    return "(v" + p.ipVersion + " proto " + p.ipProto + " ports " + p.srcPort + "/" + p.dstPort + " icmp " + p.icmpType
        + "/" + p.icmpCode + " frag " + p.fragOffset + (p.moreFragments ? "+MF" : "") + " err " + p.decodeError
        + (p.truncated ? " truncated" : "") + ")";
  }

  /** The shared corpus, then the specification's and the JA4 captures (all with a golden-more CSV). */
  static List<String> corpus() throws IOException {
    List<String> out = new ArrayList<>(Captures.names());
    for (String dir : List.of("community-id", "ja4")) {
      try (Stream<Path> s = Files.list(Captures.dir().resolve(dir).resolve("golden-more"))) {
        s.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted()
            .forEach(n -> out.add(dir + "/" + n.substring(0, n.length() - 4)));
      }
    }
    return out;
  }

  static Path goldenMore(String name) {
    int slash = name.lastIndexOf('/');
    String dir = slash < 0 ? "" : name.substring(0, slash + 1);
    return Captures.dir().resolve(dir + "golden-more/" + name.substring(slash + 1) + ".csv");
  }

  /** Frame numbers tshark gave pcapng Custom Blocks (no timestamp, no interface; MANIFEST note 2). */
  static Set<String> customBlockRows(String name) throws IOException {
    Path golden = Captures.dir().resolve("golden").resolve(name + ".csv");
    if (name.contains("/") || !CorpusFrames.isPcapng(name)) return Set.of();
    return GoldenCsv.read(golden).rows().stream()
        .filter(r -> r.get("frame.time_epoch").isEmpty() && r.get("frame.interface_id").isEmpty())
        .map(r -> r.get("frame.number")).collect(Collectors.toSet());
  }

  // ---- helpers ----

  private static long ip4(String text) {
    try {
      long v = 0;
      for (byte b : InetAddress.getByName(text).getAddress()) v = (v << 8) | (b & 0xFF);
      return v;
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static long[] ip6(String text) {
    try {
      byte[] b = InetAddress.getByName(text).getAddress();
      long hi = 0, lo = 0;
      for (int i = 0; i < 8; i++) {
        hi = (hi << 8) | (b[i] & 0xFF);
        lo = (lo << 8) | (b[8 + i] & 0xFF);
      }
      return new long[] {hi, lo};
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}

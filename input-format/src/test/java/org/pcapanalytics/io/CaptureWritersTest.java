package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PcapWriter} and {@link PcapngWriter}: read back by our {@link CaptureReader} field by
 * field and byte for byte, read by tshark and capinfos without a warning, and copies of shared
 * captures that tshark decodes like the originals.
 */
class CaptureWritersTest {
  private static final long NS = 1_000_000_000L;

  @TempDir
  Path dir;

  /** A record as written: its interface, timestamp, bytes and original length. */
  private record Written(InterfaceFormat format, long tsNs, byte[] data, int wirelen) {}

  // ---- byte layout ----

  /** The exact bytes of a one-record pcapng on a nanosecond interface, block by block. */
  @Test
  void pcapngBlocksByteForByte() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapngWriter w = new PcapngWriter(bytes, "ab")) {
      w.write(new InterfaceFormat(1, 65535, 9), 0x0000_0001_0000_0002L, new byte[] {1, 2, 3, 4, 5}, 0, 5, 60);
      assertEquals(bytes.size(), w.bytes());
      assertEquals(1, w.records());
    }
    String expected = ""
        // SHB: type, length 40, byte-order magic, version 1.0, section length -1,
        // shb_userappl "ab" padded to 4, opt_endofopt, length.
        + "0a0d0d0a 28000000 4d3c2b1a 0100 0000 ffffffffffffffff 0400 0200 61620000 00000000 28000000"
        // IDB: type 1, length 32, link type 1, reserved, snaplen 65535, if_tsresol 9 padded,
        // opt_endofopt, length.
        + "01000000 20000000 0100 0000 ffff0000 0900 0100 09000000 00000000 20000000"
        // EPB: type 6, length 40, interface 0, timestamp high then low, caplen 5, wirelen 60,
        // data padded to 8, length.
        + "06000000 28000000 00000000 01000000 02000000 05000000 3c000000 0102030405000000 28000000";
    assertEquals(expected.replace(" ", ""), hex(bytes.toByteArray()));
  }

  /** A µs pcap file header and record; the magic changes with the resolution. */
  @Test
  void pcapHeaderAndRecordByteForByte() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PcapWriter w = new PcapWriter(bytes, new InterfaceFormat(113, 0, InterfaceFormat.TSRESOL_US))) {
      w.write(3 * NS + 4_567_891L, new byte[] {9, 8, 7}, 0, 3, 1500);
    }
    String expected = "d4c3b2a1 0200 0400 00000000 00000000 00000400 71000000" // snaplen 0 written as 262144
        + "03000000 d7110000 03000000 dc050000 090807"; // 3 s, 4567 µs, caplen 3, wirelen 1500, data
    assertEquals(expected.replace(" ", ""), hex(bytes.toByteArray()));
    ByteArrayOutputStream ns = new ByteArrayOutputStream();
    new PcapWriter(ns, new InterfaceFormat(1, 100, InterfaceFormat.TSRESOL_NS)).write(3 * NS + 4_567_891L,
        new byte[0], 0, 0, 0);
    assertEquals("4d3cb2a1", hex(ns.toByteArray()).substring(0, 8));
    assertEquals("53b34500", hex(ns.toByteArray()).substring(56, 64), "4 567 891 ns kept");
  }

  @Test
  void whatTheFilesCannotHoldIsRefused() throws IOException {
    OutputStream sink = OutputStream.nullOutputStream();
    PcapWriter pcap = new PcapWriter(sink, new InterfaceFormat(1, 100, 6));
    byte[] b = new byte[200];
    assertThrows(IllegalArgumentException.class, () -> pcap.write(PcapWriter.MAX_TIMESTAMP_NS + 1, b, 0, 10, 10),
        "after 2106");
    assertThrows(IllegalArgumentException.class, () -> pcap.write(-1, b, 0, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> pcap.write(0, b, 0, 101, 101), "above the snaplen");
    pcap.write(PcapWriter.MAX_TIMESTAMP_NS, b, 0, 100, 100);
    assertThrows(IllegalArgumentException.class, () -> new PcapWriter(sink, new InterfaceFormat(1, 0, 3)),
        "pcap holds µs or ns only");
    PcapngWriter ng = new PcapngWriter(sink, "t");
    assertThrows(IllegalArgumentException.class, () -> ng.write(new InterfaceFormat(1, 0, 6), -1, b, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> ng.write(new InterfaceFormat(1, 64, 6), 0, b, 0, 65, 65));
    ng.write(new InterfaceFormat(1, 0, 6), 4_323_283_200L * NS, b, 0, 200, 200); // 2107: pcapng holds it
    assertThrows(IllegalArgumentException.class, () -> new InterfaceFormat(70000, 0, 6));
    assertThrows(IllegalArgumentException.class, () -> new InterfaceFormat(1, -1, 6));
    assertThrows(IllegalArgumentException.class, () -> new InterfaceFormat(1, 0, 12), "finer than 1 ns");
    assertThrows(IllegalArgumentException.class, () -> new InterfaceFormat(1, 0, 0x80 | 30));
    assertThrows(IllegalArgumentException.class, () -> new InterfaceFormat(1, 0, -256));
  }

  // ---- read back by our reader and by tshark ----

  /**
   * One pcapng holding records of six interfaces: four link types, snaplens, and resolutions of
   * µs, ns, ms and 2^-20 s. Our reader gives back every field (timestamps rounded down to each
   * interface's resolution) and every byte; tshark and capinfos read it without a word, with the
   * same interface, time and lengths per frame.
   */
  @Test
  void pcapngWithSeveralInterfaces() throws Exception {
    List<Written> in = new ArrayList<>();
    addAll(in, "tcp_handshake_nsec_sll.pcap", null); // SLL, ns
    addAll(in, "null_loopback.pcap", null); // NULL, µs
    addAll(in, "http_google_snaplen80.pcap", null); // Ethernet, snaplen 80, µs
    addAll(in, "vlan_8021ad_qinq.pcapng", null); // Ethernet, pcapng default snaplen
    // The same Ethernet frames on a millisecond and a 2^-20 s interface: timestamps with digits
    // below each resolution (rounded down on writing) and, for 2^-20, whole multiples of 2^-9 s
    // (exact in ns, so every tool prints the same time).
    List<Written> eth = new ArrayList<>();
    addAll(eth, "http_google_snaplen80.pcap", null);
    for (int i = 0; i < eth.size(); i++) {
      Written w = eth.get(i);
      in.add(new Written(new InterfaceFormat(1, 80, 3), w.tsNs + 123_456, w.data, w.wirelen));
      long exact = 1_700_000_000L * NS + i * (NS >> 9);
      in.add(new Written(new InterfaceFormat(1, 80, 0x80 | 20), exact, w.data, w.wirelen));
    }
    Path file = dir.resolve("several.pcapng");
    List<InterfaceFormat> interfaces;
    try (PcapngWriter w = new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(file)), "test")) {
      for (Written r : in) w.write(r.format, r.tsNs, r.data, 0, r.data.length, r.wirelen);
      interfaces = w.interfaces();
      assertEquals(in.size(), w.records());
    }
    assertEquals(6, interfaces.size());
    assertEquals(new LinkedHashSet<>(interfaces), formats(in), "one interface per distinct format, in order met");

    List<Rec> back = Captures.readFile(file, new CaptureReader.Options());
    assertEquals(in.size(), back.size());
    List<String> expectedTshark = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      Written w = in.get(i);
      Rec r = back.get(i);
      long ts = roundDown(w.tsNs, w.format.tsresol());
      assertEquals(ts, r.ts, "record " + i + " timestamp");
      assertEquals(interfaces.indexOf(w.format), r.iface);
      assertEquals(w.format.linkType(), r.linkType);
      assertEquals(w.data.length, r.caplen);
      assertEquals(w.wirelen, r.wirelen);
      assertArrayEquals(w.data, r.data, "record " + i + " bytes");
      expectedTshark.add(r.iface + "\t" + epoch(ts) + "\t" + r.wirelen + "\t" + r.caplen);
    }
    assertTrue(in.stream().anyMatch(w -> roundDown(w.tsNs, w.format.tsresol()) != w.tsNs), "some rounding tested");

    Path tshark = WiresharkTools.require("tshark");
    assertEquals(expectedTshark, WiresharkTools.run(dir, tshark.toString(), "-n", "-r", file.toString(), "-T", "fields",
        "-e", "frame.interface_id", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len"));
    Path capinfos = WiresharkTools.require("capinfos");
    List<String> info = WiresharkTools.run(dir, capinfos.toString(), "-c", "-I", file.toString());
    assertTrue(info.stream().anyMatch(l -> l.matches("Number of packets:\\s+" + in.size())), String.join("\n", info));
    assertTrue(info.stream().anyMatch(l -> l.matches("Number of interfaces in file:\\s+6")), String.join("\n", info));
  }

  /**
   * Nanosecond pcap files copied to a nanosecond pcap keep every nanosecond (our reader and
   * tshark agree with the source); to a µs pcap they are rounded down.
   */
  @Test
  void classicPcapKeepsNanoseconds() throws Exception {
    for (String name : List.of("tcp_handshake_nsec_sll.pcap", "http_nsec_bigendian.pcap")) {
      List<Rec> source = Captures.readFile(Captures.file(name), new CaptureReader.Options());
      assertTrue(source.stream().anyMatch(r -> r.ts % 1000 != 0), name + " has sub-µs digits");
      InterfaceFormat ns = formatOf(name);
      assertEquals(InterfaceFormat.TSRESOL_NS, ns.tsresol());
      Path copy = dir.resolve("ns-" + name);
      Path micro = dir.resolve("us-" + name);
      InterfaceFormat us = new InterfaceFormat(ns.linkType(), ns.snaplen(), InterfaceFormat.TSRESOL_US);
      try (PcapWriter a = new PcapWriter(Files.newOutputStream(copy), ns);
          PcapWriter b = new PcapWriter(Files.newOutputStream(micro), us)) {
        for (Rec r : source) {
          a.write(r.ts, r.data, 0, r.caplen, r.wirelen);
          b.write(r.ts, r.data, 0, r.caplen, r.wirelen);
        }
      }
      List<Rec> back = Captures.readFile(copy, new CaptureReader.Options());
      List<Rec> backUs = Captures.readFile(micro, new CaptureReader.Options());
      assertEquals(source.size(), back.size());
      for (int i = 0; i < source.size(); i++) {
        Rec s = source.get(i);
        assertEquals(s.ts, back.get(i).ts);
        assertEquals(s.ts / 1000 * 1000, backUs.get(i).ts);
        assertEquals(s.linkType, back.get(i).linkType);
        assertEquals(s.wirelen, back.get(i).wirelen);
        assertArrayEquals(s.data, back.get(i).data);
      }
      Path tshark = WiresharkTools.require("tshark");
      String[] fields = {"-T", "fields", "-e", "frame.time_epoch"};
      assertEquals(tsharkOut(tshark, Captures.file(name), fields), tsharkOut(tshark, copy, fields));
      Path capinfos = WiresharkTools.require("capinfos");
      assertTrue(WiresharkTools.run(dir, capinfos.toString(), "-F", "-E", copy.toString()).stream()
          .anyMatch(l -> l.contains("nanosecond")), "capinfos sees a nanosecond pcap");
    }
  }

  /**
   * Every record of several shared captures copied through the writer their records' formats
   * call for (pcap when they share one µs or ns format, else pcapng): tshark gives the same
   * time, lengths and protocol stack for every frame of the copy as of the original.
   */
  @Test
  void copiesOfSharedCapturesDecodeAlike() throws Exception {
    Path tshark = WiresharkTools.require("tshark");
    String[] fields = {"-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "frame.cap_len", "-e",
        "frame.protocols"};
    int frames = 0;
    // pcapng to pcap, 11 interfaces to 2, caplen < len, NULL with snaplen 256, SLL2, raw IPv6, a
    // time after 2106 (pcapng only), a time of 0, 802.11 with radiotap.
    List<String> captures = List.of("http_espn.pcapng", "pcapng_many_interfaces.pcapng", "http_rst_caplen_lt_len.pcap",
        "quic_null_snaplen256.pcap", "sll2_http.pcap", "rawipv6_229_frag.pcap", "dns_time_2107.pcapng",
        "ipv6_ext_headers_pcapng_content.pcap", "wifi_radiotap_wpa.pcapng");
    for (String name : captures) {
      Path original = Captures.file(name);
      List<PacketRecord> records = new ArrayList<>();
      Set<InterfaceFormat> formats = new HashSet<>();
      long fileLength = Files.size(original);
      try (CaptureReader r = CaptureReader.open(Captures.conf(), new org.apache.hadoop.fs.Path(original.toUri()), 0,
          fileLength, fileLength, new CaptureReader.Options())) {
        PacketRecord rec = new PacketRecord();
        while (r.next(rec)) {
          assertNotNull(rec.format(), name + ": " + rec);
          assertTrue(rec.hasTimestamp(), name);
          PacketRecord copy = new PacketRecord();
          copy.set(rec.file(), rec.offset(), rec.timestampNanos(), true, rec.caplen(), rec.wirelen(), 0,
              rec.linkType(), rec.copyData(), 0);
          copy.format = rec.format();
          records.add(copy);
          formats.add(rec.format());
        }
      }
      InterfaceFormat only = formats.size() == 1 ? formats.iterator().next() : null;
      boolean pcap = only != null && only.fitsPcap()
          && records.stream().allMatch(r -> PcapWriter.fits(r.timestampNanos()));
      Path copy = dir.resolve(name + (pcap ? ".pcap" : ".pcapng"));
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(copy))) {
        if (pcap) {
          PcapWriter w = new PcapWriter(out, only);
          for (PacketRecord r : records) w.write(r.timestampNanos(), r.buffer(), 0, r.caplen(), r.wirelen());
        } else {
          PcapngWriter w = new PcapngWriter(out, "test");
          for (PacketRecord r : records) {
            w.write(r.format(), r.timestampNanos(), r.buffer(), 0, r.caplen(), r.wirelen());
          }
        }
      }
      List<String> expected = tsharkOut(tshark, original, fields);
      assertEquals(records.size(), expected.size(), name);
      assertEquals(expected, tsharkOut(tshark, copy, fields), name);
      frames += expected.size();
    }
    System.out.println("copies of " + captures.size() + " shared captures: " + frames
        + " frames decoded alike by tshark");
  }

  // ---- helpers ----

  private List<String> tsharkOut(Path tshark, Path file, String... fields) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tshark.toString(), "-n", "-r", file.toString()));
    cmd.addAll(List.of(fields));
    return WiresharkTools.run(dir, cmd.toArray(new String[0]));
  }

  private static void addAll(List<Written> out, String capture, InterfaceFormat as) throws IOException {
    Path file = Captures.file(capture);
    long len = Files.size(file);
    try (CaptureReader r = CaptureReader.open(Captures.conf(), new org.apache.hadoop.fs.Path(file.toUri()), 0, len,
        len, new CaptureReader.Options())) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) {
        out.add(new Written(as != null ? as : rec.format(), rec.timestampNanos(), rec.copyData(), rec.wirelen()));
      }
    }
  }

  private static InterfaceFormat formatOf(String capture) throws IOException {
    List<Written> w = new ArrayList<>();
    addAll(w, capture, null);
    return w.get(0).format;
  }

  private static Set<InterfaceFormat> formats(List<Written> in) {
    Set<InterfaceFormat> s = new LinkedHashSet<>();
    for (Written w : in) s.add(w.format);
    return s;
  }

  /** The instant a reader gives for {@code ns} written at {@code tsresol}, computed exactly. */
  private static long roundDown(long ns, int tsresol) {
    BigInteger perSecond = (tsresol & 0x80) != 0 ? BigInteger.ONE.shiftLeft(tsresol & 0x7F)
        : BigInteger.TEN.pow(tsresol);
    BigInteger billion = BigInteger.valueOf(NS);
    BigInteger units = BigInteger.valueOf(ns).multiply(perSecond).divide(billion);
    return units.multiply(billion).divide(perSecond).longValueExact();
  }

  /** tshark's frame.time_epoch: seconds with 9 decimals. */
  private static String epoch(long ns) {
    return String.format("%d.%09d", ns / NS, ns % NS);
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xFF));
    return sb.toString();
  }
}

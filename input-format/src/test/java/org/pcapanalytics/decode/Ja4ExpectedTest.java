package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * JA4 against the fingerprint authors' own expected values ({@code ja4/expected_ja4.csv}: one row
 * per TLS ClientHello of their test captures, the n-th hello of a TCP connection): every capture's
 * frames go in order through the decoder and a {@link HandshakeReassembly}, as a reader does, and
 * every row must find its hello with the same JA4 and JA4_r (the text before hashing, compared to
 * show where a difference comes from).
 *
 * <p>QUIC: suricata-verify's ja4-quic test (the source of {@code quic_sni.pcap}) expects {@code
 * q13d0310h3_55b375c5d22e_cd85d2d88918} for all 11 ClientHellos, and its README lists their 11 server
 * names in order; the JA4 authors' reference output for {@code tls-handshake.pcapng} gives the same
 * fingerprint for that capture's 20 QUIC ClientHellos (same browser).
 */
class Ja4ExpectedTest {
  static final String CHROME_QUIC_JA4 = "q13d0310h3_55b375c5d22e_cd85d2d88918";

  /** One ClientHello seen: the connection's 4-tuple, its server name and fingerprints. */
  static final class Hello {
    final String tuple, sni, ja4, ja4r;
    final boolean quic;

    Hello(DecodedPacket p, TlsFingerprints fp) {
      tuple = AddressFormat.srcIpString(p) + "," + AddressFormat.dstIpString(p) + "," + p.srcPort + "," + p.dstPort;
      sni = TsharkFields.text(p.helloBuf, p.sniOff, p.sniLen);
      ja4 = fp.ja4String(p);
      ja4r = fp.ja4RawString(p);
      quic = p.tlsQuic;
    }
  }

  /** The ClientHellos of a capture in frame order. */
  static List<Hello> hellos(String capture) throws IOException {
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    HandshakeReassembly reassembly = new HandshakeReassembly();
    TlsFingerprints fp = new TlsFingerprints();
    DecodedPacket p = new DecodedPacket();
    List<Hello> out = new ArrayList<>();
    for (CorpusFrames.Frame f : CorpusFrames.read(capture)) {
      dec.decode(f.data, 0, f.caplen, f.wirelen, f.linkType, p);
      reassembly.accept(p);
      if (p.tlsHandshakeType == Tls.CLIENT_HELLO) out.add(new Hello(p, fp));
    }
    return out;
  }

  @Test
  void everyRowOfTheAuthorsExpectedValues() throws IOException {
    List<String> lines = Files.readAllLines(Captures.dir().resolve("ja4/expected_ja4.csv"), StandardCharsets.UTF_8);
    List<String> header = GoldenCsv.parseLine(lines.get(0));
    Map<String, Map<String, List<Hello>>> byFile = new HashMap<>();
    int rows = 0, matched = 0;
    List<String> failures = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isEmpty()) continue;
      List<String> f = GoldenCsv.parseLine(line);
      Map<String, String> r = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) r.put(header.get(i), f.get(i));
      rows++;
      Map<String, List<Hello>> tuples = byFile.computeIfAbsent(r.get("file"), Ja4ExpectedTest::byTuple);
      String tuple = r.get("src") + "," + r.get("dst") + "," + r.get("srcport") + "," + r.get("dstport");
      List<Hello> hs = tuples.getOrDefault(tuple, List.of());
      int n = Integer.parseInt(r.get("hello"));
      String where = r.get("file") + " stream " + r.get("stream") + " hello " + n + " (" + r.get("domain") + ")";
      if (hs.size() < n) {
        failures.add(where + ": not found (" + hs.size() + " hellos on " + tuple + ")");
        continue;
      }
      Hello h = hs.get(n - 1);
      if (!r.get("ja4").equals(h.ja4) || !r.get("ja4_r").equals(h.ja4r) || !r.get("domain").equals(h.sni) || h.quic) {
        failures.add(where + ": expected " + r.get("ja4") + " / " + r.get("ja4_r") + ", ours " + h.ja4 + " / " + h.ja4r
            + " sni " + h.sni);
        continue;
      }
      matched++;
    }
    failures.forEach(System.out::println);
    System.out.printf("expected_ja4.csv: %d of %d rows equal (ja4, ja4_r, server name)%n", matched, rows);
    assertTrue(rows >= 78, "rows read: " + rows);
    assertEquals(rows, matched, () -> failures.get(0));
  }

  private static Map<String, List<Hello>> byTuple(String file) {
    try {
      Map<String, List<Hello>> m = new HashMap<>();
      for (Hello h : hellos("ja4/" + file)) m.computeIfAbsent(h.tuple, k -> new ArrayList<>()).add(h);
      return m;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void quicServerNamesAndJa4OfSuricataVerify() throws IOException {
    List<Hello> hs = hellos("quic_sni.pcap");
    List<String> names = new ArrayList<>();
    for (Hello h : hs) {
      names.add(h.sni);
      assertEquals(CHROME_QUIC_JA4, h.ja4, h.sni);
      assertTrue(h.quic);
    }
    assertEquals(List.of("www.blogger.com", "socpuppet.blogspot.com", "apis.google.com", "www.blogger.com",
        "apis.google.com", "www.google.com", "www.gstatic.com", "fonts.gstatic.com", "4.bp.blogspot.com",
        "1.bp.blogspot.com", "2.bp.blogspot.com"), names);
  }

  @Test
  void quicHellosOfTheJa4AuthorsCapture() throws IOException {
    int quic = 0;
    for (Hello h : hellos("ja4/tls-handshake.pcapng")) {
      if (!h.quic) continue;
      quic++;
      assertEquals(CHROME_QUIC_JA4, h.ja4, h.sni);
    }
    assertEquals(20, quic);
  }
}

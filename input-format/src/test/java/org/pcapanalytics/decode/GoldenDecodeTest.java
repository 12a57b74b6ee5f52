package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * Every frame of every shared capture, decoded with all layers, compared field by field with
 * tshark's golden CSV (per-packet view: no defragmentation, no TCP/DNS reassembly). Every field of
 * the CSV that has a packets column (docs/columns.md) is compared (see {@link TsharkFields} for how each of
 * ours is rendered, and for the three columns whose tshark counterpart means something slightly
 * different: eth.type, vlan.id, ipv6.nxt).
 *
 * <p>pcapng Custom Block rows (no timestamp and no interface) are not frames for us, as in
 * GoldenFramingTest. For damaged files tshark stops early; we compare the frames it printed.
 *
 * <p>The only deliberate differences are listed in {@link #DIFFERENCES}, each keyed by capture and
 * field with its reason; a listed difference that no longer occurs fails the test. Known
 * differences the corpus does not exercise (so not listed): tshark's first-occurrence transport
 * and DNS fields of an ICMP error come from the quoted packet, ours stay empty (we decode the
 * outer message only); tunnels (IP in IP, GRE, Teredo) give tshark inner fields, we stop at the
 * outer IP header.
 *
 * <p>MANIFEST note 6 (http.host placed on the last fragment by reassembly) does not apply: the
 * golden CSVs are made with defragmentation and reassembly off, and show the Host of
 * ipv4_frag_http_req on its first fragment, where we find it too.
 */
class GoldenDecodeTest {

  /** A deliberate difference from tshark: where, which field, why. */
  static final class Difference {
    final String capture, field, reason;

    Difference(String capture, String field, String reason) {
      this.capture = capture;
      this.field = field;
      this.reason = reason;
    }
  }

  static final List<Difference> DIFFERENCES = List.of();

  static Difference difference(String capture, String field) {
    for (Difference d : DIFFERENCES) {
      if (d.capture.equals(capture) && d.field.equals(field)) return d;
    }
    return null;
  }

  static Stream<String> captures() {
    return Captures.names().stream();
  }

  @ParameterizedTest
  @MethodSource("captures")
  void decodeMatchesTshark(String name) throws IOException {
    Result r = compare(name);
    for (String m : r.mismatches.subList(0, Math.min(40, r.mismatches.size()))) System.out.println(m);
    r.differences.forEach((d, n) -> System.out.println(name + ": " + n + " x " + d.field + " differs deliberately: " + d.reason));
    for (Difference d : DIFFERENCES) {
      if (d.capture.equals(name)) assertTrue(r.differences.containsKey(d), "stale difference entry: " + d.capture + " " + d.field);
    }
    int values = 0, compared = 0;
    for (int[] c : r.perField.values()) {
      values += c[3];
      compared += c[1];
    }
    System.out.printf("%s: %d field comparisons (%d non-empty in tshark), %d mismatches%n", name, compared, values,
        r.mismatches.size());
    r.perField.forEach((f, c) -> {
      if (c[0] != c[1]) System.out.printf("  %s %d/%d%n", f, c[0], c[1]);
    });
    assertTrue(r.mismatches.isEmpty(),
        () -> name + ": " + r.mismatches.size() + " mismatches, first " + r.mismatches.get(0));
  }

  /** matched / compared per field, the mismatches, and the frames set aside as deliberate differences. */
  static final class Result {
    final Map<String, int[]> perField = new LinkedHashMap<>();
    final List<String> mismatches = new ArrayList<>();
    final Map<Difference, Integer> differences = new LinkedHashMap<>();
    final Map<String, Integer> errors = new java.util.TreeMap<>();
    int truncated, cut;
  }

  static Result compare(String name) throws IOException {
    List<CorpusFrames.Frame> frames = CorpusFrames.read(name);
    boolean pcapng = CorpusFrames.isPcapng(name);
    Result res = new Result();
    for (String f : TsharkFields.FIELDS.keySet()) res.perField.put(f, new int[4]);
    res.perField.put(UPPER_V6, new int[4]);
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket p = new DecodedPacket();
    int i = 0;
    for (Map<String, String> row : GoldenCsv.of(name).rows()) {
      if (pcapng && row.get("frame.time_epoch").isEmpty() && row.get("frame.interface_id").isEmpty()) continue;
      CorpusFrames.Frame fr = frames.get(i++);
      dec.decode(fr.data, 0, fr.caplen, fr.wirelen, fr.linkType, p);
      if (p.decodeError != null) res.errors.merge(p.decodeError, 1, Integer::sum);
      if (p.truncated) res.truncated++;
      if (fr.caplen < fr.wirelen) res.cut++;
      if (p.truncated && fr.caplen >= fr.wirelen) {
        res.mismatches.add(name + " frame " + row.get("frame.number") + ": truncated although caplen >= wirelen");
      }
      for (Map.Entry<String, Function<DecodedPacket, String>> e : TsharkFields.FIELDS.entrySet()) {
        String expected = row.get(e.getKey());
        String actual = e.getValue().apply(p);
        int[] c = res.perField.get(e.getKey());
        Difference d = expected.equals(actual) ? null : difference(name, e.getKey());
        if (d != null) {
          res.differences.merge(d, 1, Integer::sum);
          continue; // a named deliberate difference: not compared
        }
        count(res, c, name, row, e.getKey(), expected, actual, p);
      }
      // ipv6.nxt is the first Next Header; our ipProto (after the extension headers) is checked
      // against the transport tshark decoded.
      if (p.ipVersion == 6) {
        String expected = !row.get("tcp.srcport").isEmpty() ? "6" : !row.get("udp.srcport").isEmpty() ? "17"
            : !row.get("icmpv6.type").isEmpty() ? "58" : null;
        if (expected != null) count(res, res.perField.get(UPPER_V6), name, row, UPPER_V6, expected, TsharkFields.num(p.ipProto), p);
      }
    }
    return res;
  }

  /** Pseudo-field: our IPv6 upper-layer protocol vs the transport tshark found. */
  static final String UPPER_V6 = "(ipv6 upper-layer proto vs tcp/udp/icmpv6)";

  private static void count(Result res, int[] c, String name, Map<String, String> row, String field, String expected,
      String actual, DecodedPacket p) {
    c[1]++;
    if (!expected.isEmpty()) c[3]++;
    if (expected.equals(actual)) {
      c[0]++;
      if (!expected.isEmpty()) c[2]++;
    } else {
      res.mismatches.add(name + " frame " + row.get("frame.number") + " " + field + ": tshark '" + expected
          + "' ours '" + actual + "' (err=" + p.decodeError + ", trunc=" + p.truncated + ")");
    }
  }

  @Test
  void corpusReport() throws IOException {
    Map<String, int[]> total = new LinkedHashMap<>();
    Map<Difference, Integer> set = new LinkedHashMap<>();
    Map<String, Integer> errors = new java.util.TreeMap<>();
    int truncated = 0, cut = 0;
    for (String name : Captures.names()) {
      Result r = compare(name);
      r.errors.forEach((e, n) -> errors.merge(e + " (" + name + ")", n, Integer::sum));
      truncated += r.truncated;
      cut += r.cut;
      r.differences.forEach((d, n) -> set.merge(d, n, Integer::sum));
      r.perField.forEach((f, c) -> {
        int[] t = total.computeIfAbsent(f, k -> new int[4]);
        for (int k = 0; k < 4; k++) t[k] += c[k];
      });
    }
    System.out.println("field agreement with tshark over the corpus: matched/compared frames,"
        + " and matched/compared where tshark shows a value");
    total.forEach((f, c) -> System.out.printf("  %-42s %6d/%-6d  non-empty %6d/%-6d%n", f, c[0], c[1], c[2], c[3]));
    set.forEach((d, n) -> System.out.printf("  set aside: %d x %s in %s (%s)%n", n, d.field, d.capture, d.reason));
    System.out.printf("  truncated: %d frames flagged, %d frames have caplen < wirelen%n", truncated, cut);
    errors.forEach((e, n) -> System.out.printf("  decode_error %d x %s%n", n, e));
    total.forEach((f, c) -> assertTrue(c[0] == c[1], f + ": " + c[0] + "/" + c[1]));
  }
}

package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.GoldenCsv;

/**
 * The TLS hello, DNS answer and HTTP fields of every frame of every shared capture (the corpus, the
 * JA4 authors' captures in {@code ja4/}, the Community ID ones in {@code community-id/}), compared
 * with tshark's golden-more CSV (per-packet view; {@link TsharkMoreFields} says how each field is
 * rendered). Frames are decoded with every layer and fed in order to a {@link HandshakeReassembly},
 * as a reader does: tshark decrypts a QUIC server's Initial with the client's keys too.
 *
 * <p>Each field is counted as agree (equal, non-empty), both empty, differ, only ours, only
 * tshark's. Any difference fails the test unless listed in {@link #DIFFERENCES} with its reason (a
 * listed difference that no longer occurs fails as stale).
 */
public class GoldenMoreTest {

  /** A deliberate difference from tshark: where, which field, why. */
  static final class Difference {
    final String capture, field, reason;

    Difference(String capture, String field, String reason) {
      this.capture = capture;
      this.field = field;
      this.reason = reason;
    }
  }

  static final List<Difference> DIFFERENCES = List.of(
      new Difference("mixed_example2.pcap", "http.content_type",
          "frames 1051 and 1060 start mid-way through a response's headers (the status line is in the"
              + " segment before); tshark takes their lines for headers (also with the frame alone), we read"
              + " a segment's headers only after a request or status line in it"));

  static Difference difference(String capture, String field) {
    for (Difference d : DIFFERENCES) {
      if (d.capture.equals(capture) && d.field.equals(field)) return d;
    }
    return null;
  }

  /** Every capture with a golden-more CSV. */
  public static List<String> captures() {
    List<String> out = new ArrayList<>(Captures.names());
    for (String dir : new String[] {"ja4", "community-id"}) {
      try (Stream<Path> s = Files.list(Captures.dir().resolve(dir).resolve("golden-more"))) {
        out.addAll(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
            .map(n -> dir + "/" + n.substring(0, n.length() - 4)).sorted().collect(Collectors.toList()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Per field: agree, both empty, differ, only ours, only tshark's. */
  static final class Result {
    final Map<String, int[]> perField = new LinkedHashMap<>();
    final List<String> mismatches = new ArrayList<>();
    final Map<Difference, Integer> differences = new LinkedHashMap<>();
    int reassembled;
  }

  static final int AGREE = 0, BOTH_EMPTY = 1, DIFFER = 2, ONLY_US = 3, ONLY_TSHARK = 4;

  static Result compare(String name) throws IOException {
    List<CorpusFrames.Frame> frames = CorpusFrames.read(name);
    List<Map<String, String>> rows = GoldenCsv.more(name).rows();
    // pcapng Custom Blocks are tshark frames but not ours (see GoldenDecodeTest): the corpus's
    // golden CSV says which rows they are.
    boolean[] skip = new boolean[rows.size()];
    if (GoldenCsv.exists(name) && CorpusFrames.isPcapng(name)) {
      List<Map<String, String>> g = GoldenCsv.of(name).rows();
      for (int i = 0; i < g.size(); i++) {
        skip[i] = g.get(i).get("frame.time_epoch").isEmpty() && g.get(i).get("frame.interface_id").isEmpty();
      }
    }
    Result res = new Result();
    for (String f : TsharkMoreFields.FIELDS.keySet()) res.perField.put(f, new int[5]);
    PacketDecoder dec = new PacketDecoder(PacketDecoder.ALL);
    HandshakeReassembly reassembly = new HandshakeReassembly();
    DecodedPacket p = new DecodedPacket();
    int i = 0;
    for (int r = 0; r < rows.size(); r++) {
      if (skip[r]) continue;
      Map<String, String> row = rows.get(r);
      CorpusFrames.Frame fr = frames.get(i++);
      dec.decode(fr.data, 0, fr.caplen, fr.wirelen, fr.linkType, p);
      reassembly.accept(p);
      if (p.tlsReassembled) res.reassembled++;
      for (TsharkMoreFields.Field f : TsharkMoreFields.FIELDS.values()) {
        String expected = f.expected.apply(row);
        String actual = f.actual.apply(p);
        int[] c = res.perField.get(f.name);
        if (expected.equals(actual)) {
          c[expected.isEmpty() ? BOTH_EMPTY : AGREE]++;
          continue;
        }
        Difference d = difference(name, f.name);
        if (d != null) {
          res.differences.merge(d, 1, Integer::sum);
          continue;
        }
        c[expected.isEmpty() ? ONLY_US : actual.isEmpty() ? ONLY_TSHARK : DIFFER]++;
        res.mismatches.add(name + " frame " + row.get("frame.number") + " " + f.name + ": tshark '" + expected
            + "' ours '" + actual + "' (err=" + p.decodeError + ", trunc=" + p.truncated + ")");
      }
    }
    // tshark stops at a damaged record (it says so in golden/F.stderr.txt): we compare what it printed.
    if (!Files.exists(Captures.dir().resolve("golden").resolve(name + ".stderr.txt"))) {
      assertEquals(frames.size(), i, name + ": frames of the capture vs rows of its golden-more CSV");
    }
    return res;
  }

  @ParameterizedTest
  @MethodSource("captures")
  void agreesWithTshark(String name) throws IOException {
    Result r = compare(name);
    r.mismatches.stream().limit(40).forEach(System.out::println);
    r.differences.forEach((d, n) -> System.out.println(name + ": " + n + " x " + d.field + " differs deliberately: "
        + d.reason));
    for (Difference d : DIFFERENCES) {
      if (d.capture.equals(name)) {
        assertTrue(r.differences.containsKey(d), "stale difference entry: " + d.capture + " " + d.field);
      }
    }
    assertTrue(r.mismatches.isEmpty(),
        () -> name + ": " + r.mismatches.size() + " mismatches, first " + r.mismatches.get(0));
  }

  @Test
  void corpusReport() throws IOException {
    Map<String, int[]> total = new LinkedHashMap<>();
    Map<Difference, Integer> set = new LinkedHashMap<>();
    int reassembled = 0;
    for (String name : captures()) {
      Result r = compare(name);
      reassembled += r.reassembled;
      r.differences.forEach((d, n) -> set.merge(d, n, Integer::sum));
      r.perField.forEach((f, c) -> {
        int[] t = total.computeIfAbsent(f, k -> new int[5]);
        for (int k = 0; k < 5; k++) t[k] += c[k];
      });
    }
    System.out.println("golden-more agreement with tshark over every shared capture (frames):");
    System.out.printf("  %-46s %7s %7s %7s %7s %7s%n", "field", "agree", "empty", "differ", "only-us", "only-ts");
    total.forEach((f, c) -> System.out.printf("  %-46s %7d %7d %7d %7d %7d%n", f, c[0], c[1], c[2], c[3], c[4]));
    set.forEach((d, n) -> System.out.printf("  set aside: %d x %s in %s (%s)%n", n, d.field, d.capture, d.reason));
    System.out.printf("  hellos completed from several packets: %d%n", reassembled);
    total.forEach((f, c) -> assertTrue(c[DIFFER] + c[ONLY_US] + c[ONLY_TSHARK] == 0, f + " differs"));
  }
}

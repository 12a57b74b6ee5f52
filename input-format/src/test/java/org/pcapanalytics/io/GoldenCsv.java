package org.pcapanalytics.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** tshark's golden per-frame CSV ({@code -T fields -E quote=d}), one map per frame. */
public final class GoldenCsv {
  private final List<Map<String, String>> rows;

  private GoldenCsv(List<Map<String, String>> rows) {
    this.rows = rows;
  }

  public static GoldenCsv of(String capture) throws IOException {
    return read(Captures.dir().resolve("golden").resolve(capture + ".csv"));
  }

  /**
   * The {@code golden-more} CSV of a capture ({@code regen-golden-more.sh}: every occurrence of a
   * field joined by {@code |}); {@code capture} may name a file in a subdirectory such as {@code
   * ja4/tls12.pcap}, whose golden-more directory is beside it.
   */
  public static GoldenCsv more(String capture) throws IOException {
    Path cap = Captures.dir().resolve(capture);
    return read(cap.getParent().resolve("golden-more").resolve(cap.getFileName() + ".csv"));
  }

  /** Whether {@link #of} has a file for the capture. */
  public static boolean exists(String capture) {
    return Files.exists(Captures.dir().resolve("golden").resolve(capture + ".csv"));
  }

  /** Any CSV of the corpus made the same way (e.g. {@code golden-more/F.csv}). */
  public static GoldenCsv read(Path p) throws IOException {
    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
    List<String> header = parse(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isEmpty()) continue;
      List<String> f = parse(lines.get(i));
      Map<String, String> m = new HashMap<>();
      for (int k = 0; k < header.size(); k++) m.put(header.get(k), k < f.size() ? f.get(k) : "");
      rows.add(m);
    }
    return new GoldenCsv(rows);
  }

  public List<Map<String, String>> rows() { return rows; }

  /** Splits one line of comma-separated, double-quoted fields. */
  public static List<String> parseLine(String line) {
    return parse(line);
  }

  static List<String> parse(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /** "1340954905.298858000" → nanoseconds; null for an empty field. */
  public static Long epochNanos(String s) {
    if (s == null || s.isEmpty()) return null;
    int dot = s.indexOf('.');
    String sec = dot < 0 ? s : s.substring(0, dot);
    String frac = dot < 0 ? "" : s.substring(dot + 1);
    frac = (frac + "000000000").substring(0, 9);
    return Long.parseLong(sec) * 1_000_000_000L + Long.parseLong(frac);
  }
}

package org.pcapanalytics.report.zeek;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A reader of Zeek ASCII logs written independently of {@link ZeekWriter}, from Zeek's documented
 * format: it takes the separators, the unset and empty markers, the field names and types from
 * each file's header (as Zeek's own input reader does) and gives every row as typed values —
 * times and intervals as {@link BigDecimal} seconds, counts, ints and ports as {@code Long},
 * {@code T}/{@code F} as {@code Boolean}, containers as lists, unset as null.
 */
final class ZeekLogReader {
  /** One log file: its header entries and rows. */
  record Log(Map<String, String> header, List<String> fields, List<String> types, List<Map<String, Object>> rows) {}

  private ZeekLogReader() {}

  /** Every {@code *.log} file in {@code dir}, in name order. */
  static List<Log> readDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
      List<Log> logs = new ArrayList<>();
      for (Path p : files) logs.add(read(Files.readString(p, StandardCharsets.UTF_8)));
      return logs;
    }
  }

  /** The rows of every log in {@code dir}. */
  static List<Map<String, Object>> rows(Path dir) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Log l : readDir(dir)) rows.addAll(l.rows());
    return rows;
  }

  static Log read(String text) {
    String[] lines = text.split("\n", -1);
    if (!lines[0].startsWith("#separator ")) throw new IllegalArgumentException("no #separator line: " + lines[0]);
    String sep = unescape(lines[0].substring("#separator ".length()));
    Map<String, String> header = new LinkedHashMap<>();
    List<String> fields = null;
    List<String> types = null;
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && i == lines.length - 1) break;
      if (line.startsWith("#")) {
        String[] kv = line.substring(1).split(sep, -1);
        List<String> values = List.of(kv).subList(1, kv.length);
        header.put(kv[0], String.join(sep, values));
        if (kv[0].equals("fields")) fields = values;
        if (kv[0].equals("types")) types = values;
        continue;
      }
      if (fields == null || types == null) throw new IllegalArgumentException("row before #fields/#types: " + line);
      String[] v = line.split(sep, -1);
      if (v.length != fields.size()) {
        throw new IllegalArgumentException(v.length + " values for " + fields.size() + " fields: " + line);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int f = 0; f < v.length; f++) row.put(fields.get(f), value(v[f], types.get(f), header));
      rows.add(row);
    }
    return new Log(header, fields, types, rows);
  }

  private static Object value(String text, String type, Map<String, String> header) {
    if (text.equals(header.get("unset_field"))) return null;
    int bracket = type.indexOf('[');
    if (bracket > 0) {
      List<Object> list = new ArrayList<>();
      if (text.equals(header.get("empty_field"))) return list;
      String elementType = type.substring(bracket + 1, type.length() - 1);
      for (String e : text.split(unescape(header.get("set_separator")), -1)) list.add(value(e, elementType, header));
      return list;
    }
    switch (type) {
      case "time":
      case "interval":
        return new BigDecimal(text);
      case "count":
      case "int":
      case "port":
        return Long.parseLong(text);
      case "double":
        return Double.parseDouble(text);
      case "bool":
        if (!text.equals("T") && !text.equals("F")) throw new IllegalArgumentException("bool " + text);
        return text.equals("T");
      default:
        return text.equals(header.get("empty_field")) ? "" : unescape(text);
    }
  }

  /** {@code \xHH} escapes to their bytes, the rest as UTF-8. */
  static String unescape(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '\\' && i + 3 < in.length && in[i + 1] == 'x') {
        b.write(Integer.parseInt(new String(in, i + 2, 2, StandardCharsets.US_ASCII), 16));
        i += 3;
      } else {
        b.write(in[i]);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}

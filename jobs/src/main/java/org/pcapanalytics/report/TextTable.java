package org.pcapanalytics.report;

import java.util.ArrayList;
import java.util.List;

/** Rows as an aligned text table for the terminal (numbers right-aligned, long values cut). */
final class TextTable {
  private static final int MAX_WIDTH = 40;

  private TextTable() {}

  static String render(String[] header, List<org.apache.spark.sql.Row> rows) {
    int n = header.length;
    List<String[]> cells = new ArrayList<>();
    boolean[] numeric = new boolean[n];
    java.util.Arrays.fill(numeric, true);
    for (org.apache.spark.sql.Row r : rows) {
      String[] c = new String[n];
      for (int i = 0; i < n; i++) {
        Object v = SparkValues.plain(r.get(i));
        if (v != null && !(v instanceof Number)) numeric[i] = false;
        c[i] = text(v);
      }
      cells.add(c);
    }
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = header[i].length();
      for (String[] c : cells) width[i] = Math.max(width[i], c[i].length());
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, width, new boolean[n]);
    for (String[] c : cells) line(sb, c, width, numeric);
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] c, int[] width, boolean[] right) {
    sb.append("   ");
    for (int i = 0; i < c.length; i++) {
      String pad = " ".repeat(width[i] - c[i].length());
      sb.append(right[i] ? pad + c[i] : c[i] + (i == c.length - 1 ? "" : pad));
      if (i < c.length - 1) sb.append("  ");
    }
    sb.append('\n');
  }

  private static String text(Object v) {
    if (v == null) return "-";
    String s;
    if (v instanceof Double d) s = String.format(java.util.Locale.ROOT, "%.3f", d);
    else s = String.valueOf(v);
    return s.length() > MAX_WIDTH ? s.substring(0, MAX_WIDTH - 1) + "…" : s;
  }
}

package org.pcapanalytics.report.html;

import static org.pcapanalytics.report.html.Html.esc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * Charts of the HTML report as inline SVG (no script, no external resource). Each chart is an
 * {@code <svg role="img">} with a {@code <title>} and {@code <desc>} for screen readers, and a
 * {@code <title>} per bar with its exact figures (shown as a tooltip by browsers).
 */
final class SvgCharts {
  private SvgCharts() {}

  static final String BAR = "#2563eb";
  static final String SENT = "#2563eb";
  static final String RECEIVED = "#f59e0b";
  static final String[] CATEGORIES = {"#2563eb", "#f59e0b", "#10b981", "#8b5cf6", "#ef4444", "#0891b2", "#db2777",
      "#65a30d", "#64748b"};
  private static final String GRID = "#e5e7eb";
  private static final String AXIS = "#9ca3af";
  private static final String MUTED = "#6b7280";
  private static final String TEXT = "#1f2937";

  /** More hours than this are drawn per day. */
  static final int MAX_HOURLY_BARS = 24 * 31;
  /** At most about this many labels on a time axis: more run into each other. */
  private static final int MAX_LABELS = 14;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE dd MMM", Locale.ENGLISH);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter SPAN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ROOT);

  /** One hour of summary-hourly: its UTC start, packets and bytes. */
  record Hour(Instant start, long packets, long bytes) {}

  /**
   * One bar of a horizontal bar chart: label, segment values (stacked), text after the bar,
   * tooltip, and its own colour (null: the chart's segment colours).
   */
  record HBar(String label, double[] values, String valueText, String tooltip, String color) {
    HBar(String label, double[] values, String valueText, String tooltip) {
      this(label, values, valueText, tooltip, null);
    }
  }

  /**
   * Bytes per hour (gaps filled with empty hours) as vertical bars, labelled in {@code zone};
   * per day when the capture spans more than {@link #MAX_HOURLY_BARS} hours.
   */
  static String hourly(String id, List<Hour> hours, ZoneId zone) {
    if (hours.isEmpty()) return empty("No timestamped packets: nothing to chart.");
    long first = hours.get(0).start().getEpochSecond();
    long last = hours.get(hours.size() - 1).start().getEpochSecond();
    boolean daily = daily(hours);
    // bucket start (UTC epoch second) -> {packets, bytes}
    TreeMap<Long, long[]> buckets = new TreeMap<>();
    if (daily) {
      for (Hour h : hours) {
        long day = h.start().atZone(zone).toLocalDate().atStartOfDay(zone).toEpochSecond();
        long[] v = buckets.computeIfAbsent(day, k -> new long[2]);
        v[0] += h.packets();
        v[1] += h.bytes();
      }
      // fill empty days
      LocalDate d = Instant.ofEpochSecond(buckets.firstKey()).atZone(zone).toLocalDate();
      LocalDate end = Instant.ofEpochSecond(buckets.lastKey()).atZone(zone).toLocalDate();
      for (; !d.isAfter(end); d = d.plusDays(1)) buckets.putIfAbsent(d.atStartOfDay(zone).toEpochSecond(), new long[2]);
    } else {
      for (long t = first; t <= last; t += 3600) buckets.put(t, new long[2]);
      for (Hour h : hours) {
        long[] v = buckets.computeIfAbsent(h.start().getEpochSecond(), k -> new long[2]);
        v[0] += h.packets();
        v[1] += h.bytes();
      }
    }
    List<Map.Entry<Long, long[]>> bars = new ArrayList<>(buckets.entrySet());
    int n = bars.size();
    long max = 0;
    int peak = 0;
    long total = 0;
    for (int i = 0; i < n; i++) {
      long b = bars.get(i).getValue()[1];
      total += b;
      if (b > max) {
        max = b;
        peak = i;
      }
    }

    int w = 1100;
    int h = 320;
    int left = 78;
    int right = 20;
    int top = 28;
    int bottom = 64;
    double pw = w - left - right;
    double ph = h - top - bottom;
    double[] ticks = niceTicks(max);
    double ymax = ticks[ticks.length - 1];
    double bw = pw / n;

    String unit = daily ? "day" : "hour";
    ZonedDateTime from = Instant.ofEpochSecond(bars.get(0).getKey()).atZone(zone);
    ZonedDateTime peakAt = Instant.ofEpochSecond(bars.get(peak).getKey()).atZone(zone);
    StringBuilder s = new StringBuilder();
    open(s, id, w, h, "Traffic per " + unit,
        "Bytes on the wire per " + unit + " for " + n + " " + unit + "s from " + SPAN.format(from) + " "
            + Html.zoneName(from) + " (" + zone.getId() + "); total " + Html.bytes(total) + ", peak "
            + Html.bytes(max) + " in the " + unit + " starting " + SPAN.format(peakAt) + " " + Html.zoneName(peakAt)
            + ".");
    yAxis(s, ticks, ymax, left, top, pw, ph, Html::bytes, "Bytes per " + unit);

    // x axis: a label every `stride` hours (or days, or `months` months), a faint line at local midnight
    int stride = daily ? pick(n, new int[] {1, 2, 7, 14, 28}) : pick(n, new int[] {1, 2, 3, 6, 12, 24, 48, 168});
    int months = daily && n / stride > MAX_LABELS ? pick(n / 30, new int[] {1, 2, 3, 6, 12, 24, 60, 120}) : 0;
    double baseY = top + ph;
    for (int i = 0; i < n; i++) {
      ZonedDateTime t = Instant.ofEpochSecond(bars.get(i).getKey()).atZone(zone);
      double x = left + i * bw;
      boolean midnight = t.getHour() == 0 && !daily;
      if (midnight && i > 0 && n > 24) {
        line(s, x, top, x, baseY, GRID, "4 3");
      }
      boolean label = months > 0 ? t.getDayOfMonth() == 1 && (t.getYear() * 12L + t.getMonthValue() - 1) % months == 0
          : daily ? t.toLocalDate().toEpochDay() % stride == 0
          : stride < 24 ? t.getHour() % stride == 0 : t.getHour() == 0 && t.toLocalDate().toEpochDay() % (stride / 24) == 0;
      if (!label) continue;
      double cx = x;
      line(s, cx, baseY, cx, baseY + 5, AXIS, null);
      // labels at the ends stay inside the chart
      String anchor = cx > left + pw - 36 ? "end" : "middle";
      if (months > 0) {
        text(s, cx, baseY + 19, anchor, 11, MUTED, (months % 12 == 0 ? YEAR : MONTH).format(t));
      } else if (daily || stride >= 24) {
        text(s, cx, baseY + 19, anchor, 11, MUTED, DAY.format(t));
      } else {
        text(s, cx, baseY + 19, "middle", 11, MUTED, HOUR.format(t));
        if (t.getHour() == 0) text(s, cx, baseY + 33, anchor, 11, TEXT, DAY.format(t));
      }
    }
    // the first day, unless a labelled midnight is close
    if (!daily && stride < 24) {
      ZonedDateTime t0 = Instant.ofEpochSecond(bars.get(0).getKey()).atZone(zone);
      if (t0.getHour() != 0 && (24 - t0.getHour()) * bw > 90) text(s, left, baseY + 33, "start", 11, TEXT, DAY.format(t0));
    }
    line(s, left, baseY, left + pw, baseY, AXIS, null);
    text(s, left + pw / 2, h - 8, "middle", 12, TEXT, (daily ? "Day" : "Hour") + " (local time, " + zone.getId()
        + ")");

    // bars, each with its exact figures as tooltip
    s.append("<g class=\"bars\" fill=\"").append(BAR).append("\">");
    double gap = bw > 4 ? Math.max(1, bw * 0.15) : 0;
    for (int i = 0; i < n; i++) {
      long[] v = bars.get(i).getValue();
      double bh = ymax == 0 ? 0 : v[1] / ymax * ph;
      ZonedDateTime t = Instant.ofEpochSecond(bars.get(i).getKey()).atZone(zone);
      String tip = SPAN.format(t) + " " + Html.zoneName(t) + ": " + Html.count(v[1]) + " bytes (" + Html.bytes(v[1])
          + "), " + Html.count(v[0]) + " packets";
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
          left + i * bw + gap / 2, baseY - bh, Math.max(0.6, bw - gap), bh));
      s.append("<title>").append(esc(tip)).append("</title></rect>");
    }
    s.append("</g>");
    // the peak, labelled
    if (max > 0) {
      double px = left + (peak + 0.5) * bw;
      double py = baseY - max / ymax * ph - 6;
      String anchor = px < left + 60 ? "start" : px > left + pw - 60 ? "end" : "middle";
      text(s, px, py, anchor, 11, TEXT, "peak " + Html.bytes(max));
    }
    s.append("</svg>");
    return s.toString();
  }

  /**
   * Horizontal bars, one per row, with stacked segments ({@code colors} and {@code names} per
   * segment; a legend when there is more than one), values formatted by {@code format}.
   */
  static String horizontal(String id, String title, String desc, List<HBar> rows, String[] colors, String[] names,
      DoubleFunction<String> format, String axisTitle) {
    if (rows.isEmpty()) return empty("No rows: nothing to chart.");
    int longest = 0;
    double max = 0;
    for (HBar r : rows) {
      longest = Math.max(longest, r.label().length());
      double sum = 0;
      for (double v : r.values()) sum += v;
      max = Math.max(max, sum);
    }
    int w = 1100;
    int rowH = 26;
    int left = (int) Math.min(330, Math.max(90, longest * 7.3 + 20));
    int right = 120;
    int top = names.length > 1 ? 34 : 10;
    int bottom = 46;
    int h = top + rows.size() * rowH + bottom;
    double pw = w - left - right;
    double[] ticks = niceTicks(max);
    double xmax = ticks[ticks.length - 1];

    StringBuilder s = new StringBuilder();
    open(s, id, w, h, title, desc);
    if (names.length > 1) {
      double lx = left;
      for (int k = 0; k < names.length; k++) {
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"10\" width=\"14\" height=\"14\" rx=\"2\" fill=\"%s\"/>",
            lx, colors[k]));
        text(s, lx + 20, 22, "start", 12, TEXT, names[k]);
        lx += 30 + names[k].length() * 7.5;
      }
    }
    double baseY = top + rows.size() * rowH;
    for (double t : ticks) {
      double x = left + (xmax == 0 ? 0 : t / xmax * pw);
      line(s, x, top, x, baseY, GRID, null);
      text(s, x, baseY + 16, "middle", 11, MUTED, format.apply(t));
    }
    text(s, left + pw / 2, h - 8, "middle", 12, TEXT, axisTitle);
    for (int i = 0; i < rows.size(); i++) {
      HBar r = rows.get(i);
      double y = top + i * rowH;
      s.append("<g>").append("<title>").append(esc(r.tooltip())).append("</title>");
      text(s, left - 10, y + rowH / 2.0 + 4, "end", 12, TEXT, r.label(), "mono");
      double x = left;
      for (int k = 0; k < r.values().length; k++) {
        double bw = xmax == 0 ? 0 : r.values()[k] / xmax * pw;
        s.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, y + 4, bw, rowH - 8,
            r.color() != null ? r.color() : colors[k % colors.length]));
        x += bw;
      }
      text(s, x + 6, y + rowH / 2.0 + 4, "start", 12, TEXT, r.valueText());
      s.append("</g>");
    }
    line(s, left, top, left, baseY, AXIS, null);
    s.append("</svg>");
    return s.toString();
  }

  /** Ticks from 0 to a round value at or above {@code max} (about 5 steps of 1, 2, 2.5 or 5 × 10^k). */
  static double[] niceTicks(double max) {
    if (max <= 0) return new double[] {0, 1};
    double raw = max / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m == 2.5 && mag < 10) continue; // whole numbers for small counts
      step = m * mag;
      if (step >= raw) break;
    }
    int n = (int) Math.ceil(max / step - 1e-9);
    double[] t = new double[n + 1];
    for (int i = 0; i <= n; i++) t[i] = i * step;
    return t;
  }

  /** Whether {@link #hourly} draws these hours per day. */
  static boolean daily(List<Hour> hours) {
    if (hours.isEmpty()) return false;
    long first = hours.get(0).start().getEpochSecond();
    long last = hours.get(hours.size() - 1).start().getEpochSecond();
    return (last - first) / 3600 + 1 > MAX_HOURLY_BARS;
  }

  private static int pick(int n, int[] strides) {
    for (int s : strides) if (n / s <= MAX_LABELS) return s;
    return strides[strides.length - 1];
  }

  private static void open(StringBuilder s, String id, int w, int h, String title, String desc) {
    s.append("<svg class=\"chart\" id=\"").append(esc(id))
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\" aria-labelledby=\"")
        .append(esc(id)).append("-title ").append(esc(id)).append("-desc\">")
        .append("<title id=\"").append(esc(id)).append("-title\">").append(esc(title)).append("</title>")
        .append("<desc id=\"").append(esc(id)).append("-desc\">").append(esc(desc)).append("</desc>");
  }

  private static void yAxis(StringBuilder s, double[] ticks, double ymax, int left, int top, double pw, double ph,
      DoubleFunction<String> format, String title) {
    for (double t : ticks) {
      double y = top + ph - (ymax == 0 ? 0 : t / ymax * ph);
      line(s, left, y, left + pw, y, GRID, null);
      text(s, left - 8, y + 4, "end", 11, MUTED, format.apply(t));
    }
    s.append(String.format(Locale.ROOT,
        "<text transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\" fill=\"%s\">%s</text>",
        top + ph / 2, TEXT, esc(title)));
  }

  private static void line(StringBuilder s, double x1, double y1, double x2, double y2, String color, String dash) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>", x1,
        y1, x2, y2, color, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
  }

  private static void text(StringBuilder s, double x, double y, String anchor, int size, String color, String text) {
    text(s, x, y, anchor, size, color, text, null);
  }

  private static void text(StringBuilder s, double x, double y, String anchor, int size, String color, String text,
      String cls) {
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" fill=\"%s\"%s>",
        x, y, anchor, size, color, cls == null ? "" : " class=\"" + cls + "\"")).append(esc(text)).append("</text>");
  }

  private static String empty(String message) {
    return "<p class=\"empty\">" + esc(message) + "</p>";
  }
}

package org.pcapanalytics.generate;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time. Traffic intensity follows a day/night and weekday/weekend pattern (UTC); the generator maps
 * its progress through the byte budget to time with the inverse of the cumulative intensity, so whatever
 * the file size, the capture spans the whole duration and busy hours hold most traffic.
 */
final class TimeModel {
  static final long NS_PER_SEC = 1_000_000_000L;
  static final long NS_PER_HOUR = 3600 * NS_PER_SEC;
  /** 1970-01-05T00:00:00Z was a Monday. */
  private static final long MONDAY_EPOCH_NS = 4 * 24 * NS_PER_HOUR;

  final long startNs;
  final long endNs;
  private final long[] segStart;
  private final double[] cumulative;
  private final double total;

  TimeModel(Instant start, Duration duration) {
    startNs = start.getEpochSecond() * NS_PER_SEC + start.getNano();
    endNs = startNs + duration.toNanos();
    long firstHour = Math.floorDiv(startNs, NS_PER_HOUR);
    long lastHour = Math.floorDiv(endNs - 1, NS_PER_HOUR);
    int n = (int) (lastHour - firstHour + 1);
    segStart = new long[n + 1];
    cumulative = new double[n + 1];
    double acc = 0;
    for (int i = 0; i < n; i++) {
      long h = firstHour + i;
      long s = Math.max(startNs, h * NS_PER_HOUR);
      long e = Math.min(endNs, (h + 1) * NS_PER_HOUR);
      segStart[i] = s;
      cumulative[i] = acc;
      acc += intensity(hourOfWeek(s)) * (e - s) / (double) NS_PER_HOUR;
    }
    segStart[n] = endNs;
    cumulative[n] = acc;
    total = acc;
  }

  /** The instant at which a fraction {@code f} (0..1) of the total intensity has elapsed. */
  long timeAt(double f) {
    double t = Math.max(0, Math.min(1, f)) * total;
    int lo = 0;
    int hi = cumulative.length - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= t) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double w = cumulative[hi] - cumulative[lo];
    double frac = w <= 0 ? 0 : (t - cumulative[lo]) / w;
    return segStart[lo] + (long) (frac * (segStart[hi] - segStart[lo]));
  }

  /** Hour of the week in UTC, Monday 00:00-00:59 = 0 … Sunday 23:00-23:59 = 167. */
  static int hourOfWeek(long epochNs) {
    return (int) Math.floorMod(Math.floorDiv(epochNs - MONDAY_EPOCH_NS, NS_PER_HOUR), 168L);
  }

  /** Outside Monday–Friday 08:00–18:00 UTC. */
  static boolean afterHours(long epochNs) {
    int how = hourOfWeek(epochNs);
    int day = how / 24;
    int hour = how % 24;
    return day >= 5 || hour < 8 || hour >= 18;
  }

  /** Relative traffic intensity of an hour of the week. */
  static double intensity(int hourOfWeek) {
    int day = hourOfWeek / 24;
    int hour = hourOfWeek % 24;
    boolean weekend = day >= 5;
    if (hour >= 8 && hour < 18) {
      return weekend ? 0.15 : (hour == 12 ? 0.7 : 1.0);
    }
    if (hour == 7 || hour == 18 || hour == 19) {
      return weekend ? 0.1 : 0.45;
    }
    return weekend ? 0.05 : 0.08;
  }
}

package org.pcapanalytics.report;

import java.util.ArrayList;
import java.util.List;

/** Every report, in the order {@code report all} runs them. */
public final class ReportRegistry {
  private ReportRegistry() {}

  /** The name that runs every report. */
  public static final String ALL = "all";

  private static final List<Report> REPORTS = List.of(new ConnectionsReport(), new TopTalkersReport(),
      new AfterHoursReport(), new DnsReport(), new WatchlistReport(), new ErrorsReport(), new SummaryReport());

  public static List<Report> all() {
    return REPORTS;
  }

  /** The reports' names, in order (without {@link #ALL}). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Report r : REPORTS) names.add(r.name());
    return names;
  }

  /** What {@code report NAME} runs: that report, or every one for {@link #ALL}. */
  public static List<Report> select(String name) {
    if (name.equals(ALL)) return REPORTS;
    for (Report r : REPORTS) {
      if (r.name().equals(name)) return List.of(r);
    }
    throw new IllegalArgumentException("unknown report '" + name + "' (one of " + String.join(", ", names())
        + ", all)");
  }
}

package org.pcapanalytics.config;

import java.io.Serializable;

/** Size knobs of the reports (the {@code reports} section of the configuration). */
public final class ReportSizes implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int topN;

  private ReportSizes(int topN) {
    if (topN < 1) throw new IllegalArgumentException("topN must be at least 1, got " + topN);
    this.topN = topN;
  }

  public static ReportSizes of(int topN) {
    return new ReportSizes(topN);
  }

  public static ReportSizes defaults() {
    return new ReportSizes(100);
  }

  /** Rows kept by the ranking reports (top-talkers and the like). */
  public int topN() {
    return topN;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReportSizes r && r.topN == topN;
  }

  @Override
  public int hashCode() {
    return topN;
  }

  @Override
  public String toString() {
    return "ReportSizes{topN=" + topN + "}";
  }
}

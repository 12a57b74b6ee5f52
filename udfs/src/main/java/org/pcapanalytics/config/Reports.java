package org.pcapanalytics.config;

import java.io.Serializable;

/** Size knobs of the reports. */
public final class Reports implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int topN;

  private Reports(int topN) {
    if (topN < 1) throw new IllegalArgumentException("topN must be at least 1, got " + topN);
    this.topN = topN;
  }

  public static Reports of(int topN) {
    return new Reports(topN);
  }

  public static Reports defaults() {
    return new Reports(100);
  }

  /** Rows kept by the ranking reports (top-talkers and the like). */
  public int topN() {
    return topN;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reports r && r.topN == topN;
  }

  @Override
  public int hashCode() {
    return topN;
  }

  @Override
  public String toString() {
    return "Reports{topN=" + topN + "}";
  }
}

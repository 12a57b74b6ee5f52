package org.pcapanalytics.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What a reader saw: one value per {@link ReadCounter}. Summed over splits by the job (Hadoop
 * counters, Spark task metrics). Keeps the first few problems verbatim.
 */
public final class ReadCounters implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Problems kept verbatim per reader; the counts below are exact regardless. */
  private static final int MAX_PROBLEMS = 100;
  private static final ReadCounter[] COUNTERS = ReadCounter.values();

  private final long[] counts = new long[COUNTERS.length];
  private final List<String> problems = new ArrayList<>();

  public long get(ReadCounter c) {
    return counts[c.ordinal()];
  }

  public void add(ReadCounter c, long n) {
    counts[c.ordinal()] += n;
  }

  public List<String> problems() { return Collections.unmodifiableList(problems); }

  void problem(String message) {
    if (problems.size() < MAX_PROBLEMS) problems.add(message);
  }

  /** True when a {@link ReadCounter#problem()} counter is not zero. */
  public boolean hasProblems() {
    for (ReadCounter c : COUNTERS) {
      if (c.problem() && counts[c.ordinal()] > 0) return true;
    }
    return false;
  }

  public void add(ReadCounters o) {
    addCounts(o);
    for (String p : o.problems) problem(p);
  }

  /** Adds the counts only, not the problem messages. */
  public void addCounts(ReadCounters o) {
    for (int i = 0; i < counts.length; i++) counts[i] += o.counts[i];
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (ReadCounter c : COUNTERS) {
      sb.append(sb.length() == 0 ? "" : " ").append(c.name().toLowerCase(Locale.ROOT)).append('=').append(get(c));
    }
    return sb.toString();
  }
}

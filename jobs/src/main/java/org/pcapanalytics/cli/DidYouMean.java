package org.pcapanalytics.cli;

import java.util.Collection;
import java.util.Locale;

/**
 * The known name closest to a mistyped one, for "unknown option --ouput (did you mean --output?)":
 * the smallest edit distance (insertions, deletions, substitutions and swaps of neighbours, case
 * ignored), if it is small for the name's length.
 */
final class DidYouMean {
  private DidYouMean() {}

  /** " (did you mean X?)" with the closest of {@code known}, or "" when none is close. */
  static String hint(String given, Collection<String> known, String prefix) {
    String best = closest(given, known);
    return best == null ? "" : " (did you mean " + prefix + best + "?)";
  }

  static String closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    // one edit per three characters, at least one: "ignoreCorruptFile" is one edit away, "x" matches nothing
    int limit = Math.max(1, g.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(g, k.toLowerCase(Locale.ROOT));
      if (d <= limit && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: Levenshtein plus swaps of adjacent characters. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

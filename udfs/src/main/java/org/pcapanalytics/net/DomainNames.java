package org.pcapanalytics.net;

import java.util.Locale;

/**
 * DNS name helpers shared by the SQL functions and the watch list.
 *
 * <p>Normal form: lower case ({@code Locale.ROOT}), one trailing dot removed. A name that is
 * empty after that, or has an empty label ({@code a..b}, {@code .a}), is invalid ({@code null}).
 * Label characters are not checked: captures carry names like {@code _ldap._tcp.dc._msdcs.corp}.
 */
public final class DomainNames {
  private DomainNames() {}

  /** The normal form of {@code name}, or {@code null} if it is null or invalid. */
  public static String normalize(String name) {
    if (name == null) return null;
    int n = name.length();
    if (n > 0 && name.charAt(n - 1) == '.') n--;
    if (n == 0) return null;
    boolean lower = true;
    char prev = '.';
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c == '.' && prev == '.') return null; // empty label
      if ((c >= 'A' && c <= 'Z') || c >= 0x80) lower = false;
      prev = c;
    }
    if (prev == '.') return null; // "a.." : an empty last label
    String s = n == name.length() ? name : name.substring(0, n);
    return lower ? s : s.toLowerCase(Locale.ROOT);
  }

  /** The last {@code labels} labels of the normalized name (all of it when it has fewer). */
  public static String suffix(String name, int labels) {
    String s = normalize(name);
    if (s == null || labels <= 0) return null;
    int seen = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      if (s.charAt(i) == '.' && ++seen == labels) return s.substring(i + 1);
    }
    return s;
  }

  /**
   * The registered domain: the public suffix plus one label ({@code www.bbc.co.uk} →
   * {@code bbc.co.uk}, {@code a.b.example.com} → {@code example.com}). Public suffixes are the
   * last label and the entries of the compact built-in {@link PublicSuffixes} list; the
   * longest matching suffix wins. {@code null} for invalid names and for names that are
   * themselves a public suffix ({@code com}, {@code co.uk}, {@code github.io}).
   */
  public static String registeredDomain(String name) {
    String s = normalize(name);
    if (s == null) return null;
    int n = s.length();
    // Label start positions, right to left; at most MAX_LABELS + 1 of them matter.
    int maxLabels = PublicSuffixes.MAX_LABELS;
    int[] starts = new int[maxLabels + 2];
    int count = 0;
    for (int i = n - 1; i >= -1 && count < starts.length; i--) {
      if (i < 0 || s.charAt(i) == '.') {
        starts[count++] = i + 1;
      }
    }
    // starts[k] is where the suffix of k+1 labels begins; count labels known (capped).
    int suffixLabels = 1;
    for (int k = Math.min(count, maxLabels) - 1; k >= 1; k--) {
      if (PublicSuffixes.contains(s, starts[k])) {
        suffixLabels = k + 1;
        break;
      }
    }
    if (count <= suffixLabels) return null; // the name is a public suffix
    int from = starts[suffixLabels];
    return from == 0 ? s : s.substring(from);
  }
}

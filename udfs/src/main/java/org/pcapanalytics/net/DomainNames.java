package org.pcapanalytics.net;

import com.google.common.net.InternetDomainName;
import java.util.ArrayDeque;
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
   * The registered domain ("registrable domain", eTLD+1): the public suffix plus one label, by the
   * <a href="https://publicsuffix.org/">Public Suffix List</a> (through Guava's
   * {@link InternetDomainName}): {@code www.bbc.co.uk} → {@code bbc.co.uk}, {@code a.b.example.com}
   * → {@code example.com}, {@code x.b.ck} → {@code x.b.ck} (wildcard {@code *.ck}), {@code a.www.ck}
   * → {@code www.ck} (exception {@code !www.ck}).
   *
   * <p>Both sections of the list count, as in browsers (cookie scope, "same site"): the private
   * section's {@code github.io}, {@code blogspot.com} or {@code s3.amazonaws.com} are suffixes, so
   * {@code docs.user.github.io} → {@code user.github.io}, because every name under them belongs to
   * a different party. A name under no listed suffix falls under the list's default rule (its last
   * label is the suffix): {@code a.host.corp} → {@code host.corp}. Punycode ({@code xn--…}) and
   * Unicode labels both match the list; the result keeps the form of the input.
   *
   * <p>{@code null} for invalid names, IP addresses, and names that are themselves a public suffix
   * ({@code com}, {@code co.uk}, {@code github.io}, {@code localhost}).
   */
  public static String registeredDomain(String name) {
    String s = normalize(name);
    if (s == null || IpAddress.parse(s) != null) return null;
    int keep = publicSuffixLabels(s) + 1;
    int dots = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      if (s.charAt(i) == '.' && ++dots == keep) return s.substring(i + 1);
    }
    return dots + 1 == keep ? s : null; // exactly the suffix and one label, or only the suffix
  }

  /** Number of labels of the public suffix of the normalized name {@code s} (at least 1). */
  private static int publicSuffixLabels(String s) {
    InternetDomainName d;
    try {
      d = InternetDomainName.from(listForm(s));
    } catch (IllegalArgumentException e) {
      return 1; // not expected after listForm; the default rule is the safe answer
    }
    return d.hasPublicSuffix() ? d.publicSuffix().parts().size() : 1;
  }

  /** Stands in for a label that no list rule names; only a wildcard rule matches it (as the label). */
  private static final String PLACEHOLDER = "label-placeholder";
  /** InternetDomainName's limits, RFC 1035's: characters of a name, labels of a name. */
  private static final int MAX_NAME = 253;
  private static final int MAX_LABELS = 127;

  /**
   * The normalized name in a form InternetDomainName accepts, with the same public suffix. List
   * rules are host names (letters, digits, inner hyphens, Unicode), so a label that is none of
   * these ({@code _ldap}, longer than 63 characters, a top label starting with a digit) can only be
   * matched by a wildcard: it becomes a placeholder. Of names longer than InternetDomainName allows,
   * the last whole labels are kept (rules are far shorter). The name itself when nothing changes.
   */
  static String listForm(String s) {
    int labels = 0;
    boolean plain = true;
    for (int end = s.length(), i = end - 1; i >= -1; i--) {
      if (i >= 0 && s.charAt(i) != '.') continue;
      plain &= isListLabel(s, i + 1, end, labels++ == 0);
      end = i;
    }
    if (plain && s.length() <= MAX_NAME && labels <= MAX_LABELS) return s;
    ArrayDeque<String> out = new ArrayDeque<>();
    int length = -1;
    for (int end = s.length(), i = end - 1; i >= -1; i--) {
      if (i >= 0 && s.charAt(i) != '.') continue;
      String label = isListLabel(s, i + 1, end, out.isEmpty()) ? s.substring(i + 1, end) : PLACEHOLDER;
      if (length + 1 + label.length() > MAX_NAME || out.size() == MAX_LABELS) break;
      out.addFirst(label);
      length += 1 + label.length();
      end = i;
    }
    return String.join(".", out);
  }

  /** Whether {@code s[from, to)} could be a label of a list rule (as a top label when {@code top}). */
  private static boolean isListLabel(String s, int from, int to, boolean top) {
    int n = to - from;
    if (n < 1 || n > 63 || s.charAt(from) == '-' || s.charAt(to - 1) == '-') return false;
    if (top && s.charAt(from) >= '0' && s.charAt(from) <= '9') return false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
          // Unicode, except the dots InternetDomainName would split on (U+3002, U+FF0E, U+FF61)
          || (c >= 0x80 && c != '\u3002' && c != '\uFF0E' && c != '\uFF61');
      if (!ok) return false;
    }
    return true;
  }
}

package org.pcapanalytics.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GNU-style options: {@code --name value}, {@code --name=value}, repeatable options, flags and
 * positional arguments. Each command declares what it accepts; anything else is a usage error.
 */
public final class Args {
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * @param withValue options that take a value
   * @param flags     options without a value
   */
  public static Args parse(String[] argv, Set<String> withValue, Set<String> flags) {
    Args a = new Args();
    for (int i = 0; i < argv.length; i++) {
      String s = argv[i];
      if (s.equals("--")) {
        for (i++; i < argv.length; i++) a.positional.add(argv[i]);
        break;
      }
      if (s.startsWith("--") && s.length() > 2) {
        String name = s.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name)) {
          if (value != null) throw new UsageException("option --" + name + " takes no value");
          a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
        } else if (withValue.contains(name)) {
          if (value == null) {
            if (i + 1 >= argv.length) throw new UsageException("option --" + name + " needs a value");
            value = argv[++i];
          }
          a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        } else {
          Set<String> known = new java.util.TreeSet<>(withValue);
          known.addAll(flags);
          throw new UsageException("unknown option --" + name + DidYouMean.hint(name, known, "--"));
        }
      } else if (s.equals("-h")) {
        a.values.computeIfAbsent("help", k -> new ArrayList<>()).add("true");
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  public String get(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  public String get(String name, String dflt) {
    String v = get(name);
    return v == null ? dflt : v;
  }

  public String required(String name) {
    String v = get(name);
    if (v == null) throw new UsageException("missing required option --" + name);
    return v;
  }

  /** A whole number in {@code [min, max]}, or {@code dflt} when not given. */
  public long whole(String name, long dflt, long min, long max) {
    String v = get(name);
    if (v == null) return dflt;
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException("--" + name + " takes a whole number" + (min > Long.MIN_VALUE ? " from " + min : "")
        + (max < Long.MAX_VALUE ? " to " + max : "") + ", not '" + v + "'");
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  public List<String> positional() {
    return positional;
  }

  /** {@code K=V} pairs of a repeatable option. */
  public Map<String, String> pairs(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : all(name)) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw new UsageException("--" + name + " takes KEY=VALUE, not '" + kv + "'");
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }

  /** Sizes like 200K, 50M, 1G, 1.5G or plain bytes. */
  public static long size(String s) {
    String t = s.trim().toUpperCase();
    long mult = 1;
    if (t.endsWith("B")) t = t.substring(0, t.length() - 1);
    char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
    if (last == 'K') mult = 1L << 10;
    else if (last == 'M') mult = 1L << 20;
    else if (last == 'G') mult = 1L << 30;
    else if (last == 'T') mult = 1L << 40;
    if (mult > 1) t = t.substring(0, t.length() - 1);
    try {
      double v = Double.parseDouble(t);
      if (v < 0) throw new NumberFormatException();
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw new UsageException("not a size: '" + s + "' (use e.g. 200K, 50M, 1G)");
    }
  }
}

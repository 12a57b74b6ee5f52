package org.pcapanalytics.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pcapanalytics.spark.PcapOption;
import org.pcapanalytics.spark.PcapOptions;

/**
 * The {@code --option K=V} pairs of a command, checked before anything runs: each key must be an
 * option of the {@code pcap} source ({@link PcapOption}; case-insensitive, as every Spark option)
 * that the command uses, each value one the source accepts. Every command has the same
 * vocabulary; a mistyped key is an error with the closest known key, not an option silently
 * ignored.
 */
final class SourceOptions {
  private SourceOptions() {}

  /** Commands that read through the data source: every option but the paths, which --input gives. */
  static final Set<PcapOption> DATA_SOURCE = EnumSet.complementOf(EnumSet.of(PcapOption.PATH, PcapOption.PATHS));

  /** {@code summary}, which frames records through the InputFormat and decodes nothing. */
  static final Set<PcapOption> FRAMING = framing();

  private static Set<PcapOption> framing() {
    Set<PcapOption> s = EnumSet.noneOf(PcapOption.class);
    for (PcapOption o : DATA_SOURCE) if (o.framing()) s.add(o);
    return s;
  }

  /**
   * The pairs of {@code --option}, keyed by the options' own spelling.
   *
   * @throws UsageException for an unknown key, one the command does not use, or a bad value
   */
  static Map<String, String> of(Args a, Set<PcapOption> accepted, String command) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : a.pairs("option").entrySet()) {
      PcapOption o = find(e.getKey());
      if (o == null) {
        List<String> keys = new ArrayList<>();
        for (PcapOption k : accepted) keys.add(k.key());
        String hint = DidYouMean.hint(e.getKey(), keys, "");
        throw new UsageException("unknown --option " + e.getKey()
            + (hint.isEmpty() ? " (options: " + String.join(", ", keys) + ")" : hint));
      }
      if (o == PcapOption.PATH || o == PcapOption.PATHS) {
        throw new UsageException("--option " + o.key() + ": give the captures with --input");
      }
      if (!accepted.contains(o)) {
        throw new UsageException("--option " + o.key() + " does not apply to " + command
            + (o.framing() ? "" : " (it reads records without decoding packets)"));
      }
      out.put(o.key(), e.getValue());
    }
    try {
      PcapOptions.parse(out);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new UsageException(m.startsWith("option ") ? "--" + m : "--option " + m);
    }
    return out;
  }

  /** The option of a key, case-insensitively, or null. */
  static PcapOption find(String key) {
    for (PcapOption o : PcapOption.values()) {
      if (o.key().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) return o;
    }
    return null;
  }

  /** With --table the captures were decoded by convert: options of the pcap source have nothing to do. */
  static void noneWithTable(Args a) {
    if (a.get("table") != null && !a.all("option").isEmpty()) {
      throw new UsageException("--option sets how captures are read (--input), not a --table written by convert");
    }
  }
}

package org.pcapanalytics.spark;

import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of the {@code pcap} data source, each declared once: its key (case-insensitive, as
 * every Spark option), its default and what it does. {@link PcapOptions} parses them.
 *
 * <p>A default that names a {@code spark.sql.} setting is that setting of the session, as for
 * Spark's own file sources; null: none (see the option).
 */
public enum PcapOption {
  /** Set by Spark from {@code load(path)} or {@code LOCATION}. */
  PATH("path", null, "a capture file or a directory of them; several: load(a, b, ...)"),
  /** Set by Spark from {@code load(a, b, ...)}. */
  PATHS("paths", null, "JSON array of capture files or directories"),
  MODE("mode", "PERMISSIVE", "what to do with malformed input: PERMISSIVE (skip and count it), DROPMALFORMED "
      + "(also drop rows of packets that fail to decode) or FAILFAST (fail naming file and offset)"),
  SPLIT_SIZE("splitSize", SQLConf.FILES_MAX_PARTITION_BYTES().key(), "target bytes per split of one file; when "
      + "not given, at most the default and balanced so that the splits are a multiple of the cores"),
  MAX_PARTITION_BYTES("maxPartitionBytes", SQLConf.FILES_MAX_PARTITION_BYTES().key(),
      "bytes of small files packed into one partition"),
  OPEN_COST("openCostInBytes", SQLConf.FILES_OPEN_COST_IN_BYTES().key(),
      "estimated cost of opening a file, in bytes, when packing small files"),
  RECURSIVE("recursiveFileLookup", "false", "descend into subdirectories (as Spark's file sources)"),
  GLOB("pathGlobFilter", null, "only read files whose name matches this glob (as Spark's file sources)"),
  IGNORE_CORRUPT_FILES("ignoreCorruptFiles", SQLConf.IGNORE_CORRUPT_FILES().key(),
      "skip, per file, what cannot be read (not a capture, a damaged file or section header, a corrupt or "
      + "truncated compressed stream), keeping the records before the damage, counted and named, instead of "
      + "failing"),
  LOOKBACK("lookback", null, "bytes a split reader walks back before its start to find the record chain "
      + "(advanced; default per format, never below twice the longest record)"),
  SECTION_SCAN("pcapngSectionScan", "false", "scan the block headers of each pcapng file that is split, once, "
      + "on the driver, to learn where its sections start (for files whose later sections redefine interfaces "
      + "without declaring section lengths)"),
  PUSH_AGGREGATES("pushAggregates", "true", "let the readers compute GROUP BY count/sum/min/max per split"),
  TIME_ORDERED("timeOrdered", "false", "the records of each file are in time order (as tcpdump writes them): "
      + "with a time window, readers skip what lies before it (whole splits, and by bisection inside the split "
      + "it starts in) and stop a file at its first record after it. Off by default: captures merged or written "
      + "by several threads can be out of order, and a record after a later one would be lost"),
  COMMUNITY_ID_SEED("communityIdSeed", "0", "seed (0 to 65535) of the community_id column's Community ID v1 flow "
      + "hashes; our commands pass the configuration's communityId.seed");

  private final String key;
  private final String defaultValue;
  private final String doc;

  PcapOption(String key, String defaultValue, String doc) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.doc = doc;
  }

  public String key() {
    return key;
  }

  /** The default as declared: a value, the name of a {@code spark.sql.} setting, or null. */
  public String defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  /**
   * Whether it concerns finding and framing the capture records, which the Hadoop
   * {@code PcapInputFormat} also does (see {@link PcapOptions#configure}), rather than what the
   * data source does with the packets.
   */
  public boolean framing() {
    return this != PUSH_AGGREGATES && this != TIME_ORDERED;
  }

  /** Whether {@code options} give this option. */
  boolean isSet(CaseInsensitiveStringMap options) {
    return options.containsKey(key);
  }

  /** The value {@code options} give, else the default (the session's, for a {@code spark.sql.} setting), or null. */
  String value(CaseInsensitiveStringMap options) {
    String v = options.get(key);
    if (v != null || defaultValue == null) return v;
    return defaultValue.startsWith("spark.sql.") ? SQLConf.get().getConfString(defaultValue) : defaultValue;
  }
}

package org.pcapanalytics.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.pcapanalytics.io.ParseMode;

/**
 * Options of the {@code pcap} data source, each declared once with its default. Defaults not
 * given here come from the session's SQL configuration, as for Spark's own file sources.
 */
public final class PcapOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@code PERMISSIVE} (default), {@code DROPMALFORMED} or {@code FAILFAST}. */
  public static final String MODE = "mode";
  /** Target bytes per split of one file; default {@code spark.sql.files.maxPartitionBytes}. */
  public static final String SPLIT_SIZE = "splitSize";
  /** Bytes of small files packed into one partition; default {@code spark.sql.files.maxPartitionBytes}. */
  public static final String MAX_PARTITION_BYTES = "maxPartitionBytes";
  /** Estimated cost of opening a file when packing; default {@code spark.sql.files.openCostInBytes}. */
  public static final String OPEN_COST = "openCostInBytes";
  /** Descend into subdirectories (as Spark's file sources); default false. */
  public static final String RECURSIVE = "recursiveFileLookup";
  /** Only read files whose name matches this glob (as Spark's file sources). */
  public static final String GLOB = "pathGlobFilter";
  /** Skip files that are not captures; default {@code spark.sql.files.ignoreCorruptFiles}. */
  public static final String IGNORE_CORRUPT_FILES = "ignoreCorruptFiles";
  /** Bytes a split reader walks back before its start (advanced; default per format). */
  public static final String LOOKBACK = "lookback";
  /**
   * Scan the block headers of each pcapng file that is split, once, on the driver, to learn
   * where its sections start (for files whose later sections redefine interfaces without
   * declaring section lengths); default false.
   */
  public static final String SECTION_SCAN = "pcapngSectionScan";
  /** Let the readers compute GROUP BY count/sum/min/max per split (default true). */
  public static final String PUSH_AGGREGATES = "pushAggregates";
  /**
   * The records of each file are in time order (as tcpdump writes them): with a time window,
   * readers skip what lies before it (whole splits, and by bisection inside the split it starts
   * in) and stop a file at its first record after it, instead of framing everything. Default
   * false — captures merged or written by several threads can be out of order, and a record after
   * a later one would be lost.
   */
  public static final String TIME_ORDERED = "timeOrdered";

  final List<String> paths;
  final ParseMode mode;
  final long splitSize;
  /** Whether {@link #SPLIT_SIZE} was given (otherwise the scan balances splits over the cores). */
  final boolean splitSizeGiven;
  final long maxPartitionBytes;
  final long openCost;
  final boolean recursive;
  final String globFilter;
  final boolean ignoreCorruptFiles;
  final long lookback;
  final boolean sectionScan;
  final boolean pushAggregates;
  final boolean timeOrdered;

  private PcapOptions(CaseInsensitiveStringMap o) {
    SQLConf sql = SQLConf.get();
    this.paths = Collections.unmodifiableList(paths(o));
    this.mode = ParseMode.parse(o.get(MODE));
    long maxBytes = (Long) sql.filesMaxPartitionBytes();
    this.splitSize = bytes(o, SPLIT_SIZE, maxBytes);
    this.splitSizeGiven = o.containsKey(SPLIT_SIZE);
    this.maxPartitionBytes = bytes(o, MAX_PARTITION_BYTES, maxBytes);
    this.openCost = bytes(o, OPEN_COST, (Long) sql.filesOpenCostInBytes());
    this.recursive = o.getBoolean(RECURSIVE, false);
    this.globFilter = o.get(GLOB);
    this.ignoreCorruptFiles = o.getBoolean(IGNORE_CORRUPT_FILES, sql.ignoreCorruptFiles());
    this.lookback = o.containsKey(LOOKBACK) ? bytes(o, LOOKBACK, -1) : -1;
    this.sectionScan = o.getBoolean(SECTION_SCAN, false);
    this.pushAggregates = o.getBoolean(PUSH_AGGREGATES, true);
    this.timeOrdered = o.getBoolean(TIME_ORDERED, false);
  }

  public static PcapOptions parse(CaseInsensitiveStringMap options) {
    return new PcapOptions(options);
  }

  public static PcapOptions parse(Map<String, String> options) {
    return new PcapOptions(new CaseInsensitiveStringMap(options));
  }

  private static long bytes(CaseInsensitiveStringMap o, String key, long dflt) {
    String v = o.get(key);
    if (v == null) return dflt;
    try {
      long b = JavaUtils.byteStringAsBytes(v.trim());
      if (b <= 0 && !key.equals(LOOKBACK)) throw new IllegalArgumentException("must be positive");
      return b;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("option " + key + ": not a byte size: '" + v + "' (e.g. 134217728, 128m, 1g)");
    }
  }

  private static List<String> paths(CaseInsensitiveStringMap o) {
    List<String> out = new ArrayList<>();
    String json = o.get("paths");
    if (json != null && !json.isEmpty()) {
      try {
        for (String p : new ObjectMapper().readValue(json, String[].class)) out.add(p);
      } catch (Exception e) {
        throw new IllegalArgumentException("option paths is not a JSON array of strings: " + json);
      }
    }
    String path = o.get("path");
    if (path != null && !path.isEmpty() && !out.contains(path)) out.add(path);
    return out;
  }

  public List<String> paths() { return paths; }

  public ParseMode mode() { return mode; }
}

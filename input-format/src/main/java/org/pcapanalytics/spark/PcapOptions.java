package org.pcapanalytics.spark;

import static org.pcapanalytics.spark.PcapOption.COMMUNITY_ID_SEED;
import static org.pcapanalytics.spark.PcapOption.GLOB;
import static org.pcapanalytics.spark.PcapOption.IGNORE_CORRUPT_FILES;
import static org.pcapanalytics.spark.PcapOption.LOOKBACK;
import static org.pcapanalytics.spark.PcapOption.MAX_PARTITION_BYTES;
import static org.pcapanalytics.spark.PcapOption.MODE;
import static org.pcapanalytics.spark.PcapOption.OPEN_COST;
import static org.pcapanalytics.spark.PcapOption.PATH;
import static org.pcapanalytics.spark.PcapOption.PATHS;
import static org.pcapanalytics.spark.PcapOption.PUSH_AGGREGATES;
import static org.pcapanalytics.spark.PcapOption.RECURSIVE;
import static org.pcapanalytics.spark.PcapOption.SECTION_SCAN;
import static org.pcapanalytics.spark.PcapOption.SPLIT_SIZE;
import static org.pcapanalytics.spark.PcapOption.TIME_ORDERED;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.ParseMode;
import org.pcapanalytics.io.PcapInputFormat;

/**
 * The options of one read, parsed (see {@link PcapOption} for each) on the driver: what the scan
 * plans with, and what it hands its readers ({@link #captureOptions()}).
 */
public final class PcapOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  final List<String> paths;
  final ParseMode mode;
  final long splitSize;
  /** Whether {@link PcapOption#SPLIT_SIZE} was given (otherwise the scan balances splits over the cores). */
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
  final int communityIdSeed;

  private PcapOptions(CaseInsensitiveStringMap o) {
    this.paths = Collections.unmodifiableList(paths(o));
    this.mode = ParseMode.parse(MODE.value(o));
    this.splitSize = bytes(o, SPLIT_SIZE);
    this.splitSizeGiven = SPLIT_SIZE.isSet(o);
    this.maxPartitionBytes = bytes(o, MAX_PARTITION_BYTES);
    this.openCost = bytes(o, OPEN_COST);
    this.recursive = bool(o, RECURSIVE);
    this.globFilter = GLOB.value(o);
    this.ignoreCorruptFiles = bool(o, IGNORE_CORRUPT_FILES);
    this.lookback = LOOKBACK.isSet(o) ? bytes(o, LOOKBACK) : -1;
    this.sectionScan = bool(o, SECTION_SCAN);
    this.pushAggregates = bool(o, PUSH_AGGREGATES);
    this.timeOrdered = bool(o, TIME_ORDERED);
    this.communityIdSeed = seed(o);
  }

  public static PcapOptions parse(CaseInsensitiveStringMap options) {
    return new PcapOptions(options);
  }

  public static PcapOptions parse(Map<String, String> options) {
    return new PcapOptions(new CaseInsensitiveStringMap(options));
  }

  private static long bytes(CaseInsensitiveStringMap o, PcapOption option) {
    String v = option.value(o);
    try {
      long b = JavaUtils.byteStringAsBytes(v.trim());
      if (b <= 0 && option != LOOKBACK) throw new IllegalArgumentException("must be positive");
      return b;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("option " + option.key() + ": not a byte size: '" + v
          + "' (e.g. 134217728, 128m, 1g)");
    }
  }

  /** As {@link CaseInsensitiveStringMap#getBoolean}: true or false, in any case, else an error. */
  private static boolean bool(CaseInsensitiveStringMap o, PcapOption option) {
    String v = option.value(o);
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException("option " + option.key() + ": must be true or false, not '" + v + "'");
  }

  private static int seed(CaseInsensitiveStringMap o) {
    String v = COMMUNITY_ID_SEED.value(o);
    try {
      int seed = Integer.parseInt(v.trim());
      if (seed >= 0 && seed <= 0xFFFF) return seed;
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("option " + COMMUNITY_ID_SEED.key() + ": must be a whole number from 0 to"
        + " 65535, not '" + v + "'");
  }

  private static List<String> paths(CaseInsensitiveStringMap o) {
    List<String> out = new ArrayList<>();
    String json = PATHS.value(o);
    if (json != null && !json.isEmpty()) {
      try {
        for (String p : new ObjectMapper().readValue(json, String[].class)) out.add(p);
      } catch (Exception e) {
        throw new IllegalArgumentException("option " + PATHS.key() + " is not a JSON array of strings: " + json);
      }
    }
    String path = PATH.value(o);
    if (path != null && !path.isEmpty() && !out.contains(path)) out.add(path);
    return out;
  }

  public List<String> paths() { return paths; }

  public ParseMode mode() { return mode; }

  /** {@link PcapOption#RECURSIVE}: descend into subdirectories. */
  public boolean recursive() { return recursive; }

  /** {@link PcapOption#GLOB}, or null. */
  public String globFilter() { return globFilter; }

  /**
   * Sets the {@link PcapInputFormat} keys of the {@linkplain PcapOption#framing framing} options
   * (all but the paths, {@code recursiveFileLookup} and {@code pathGlobFilter}, which choose the
   * files: list them with {@link CaptureFileLister}), so that RDD code reads as the data source
   * would with the same options.
   */
  public void configure(Configuration conf) {
    conf.set(PcapInputFormat.MODE, mode.name());
    if (splitSizeGiven) conf.setLong(PcapInputFormat.SPLIT_SIZE, splitSize);
    conf.setLong(PcapInputFormat.PACK_BYTES, maxPartitionBytes);
    conf.setLong(PcapInputFormat.OPEN_COST, openCost);
    if (lookback >= 0) conf.setLong(PcapInputFormat.LOOKBACK, lookback);
    conf.setBoolean(PcapInputFormat.IGNORE_CORRUPT_FILES, ignoreCorruptFiles);
    conf.setBoolean(PcapInputFormat.SECTION_SCAN, sectionScan);
  }

  /** Whether the pcapng files that are split get their sections indexed first ({@link PcapOption#SECTION_SCAN}). */
  public boolean sectionScan() { return sectionScan; }

  /** How the readers read the captures. */
  public CaptureReader.Options captureOptions() {
    return new CaptureReader.Options().mode(mode).lookback(lookback).ignoreCorruptFiles(ignoreCorruptFiles);
  }
}

package org.pcapanalytics.lake;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcapanalytics.conn.Connections;

/**
 * Which columns are written to Parquet without a dictionary: those whose values rarely repeat
 * (time stamps, sequence numbers, connection uids), for which Parquet's writer would fill its
 * dictionary and fall back to plain encoding anyway, after spending ~10 % of the write building it.
 */
public final class ParquetDictionaries {
  private ParquetDictionaries() {}

  /** Packet columns whose values rarely repeat. */
  static final List<String> PACKETS = List.of("ts", "ts_ns", "offset", "tcp_seq", "tcp_ack");

  private static final Set<String> RARELY_REPEATING = new LinkedHashSet<>(PACKETS);

  static {
    RARELY_REPEATING.addAll(Connections.RARELY_REPEATING);
  }

  /** Parquet writer options turning the dictionary off for those of {@code columns} whose values rarely repeat. */
  public static Map<String, String> offFor(String... columns) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String c : columns) if (RARELY_REPEATING.contains(c)) options.put("parquet.enable.dictionary#" + c, "false");
    return options;
  }
}

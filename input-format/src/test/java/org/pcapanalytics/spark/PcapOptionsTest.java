package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.ParseMode;

/** The data source's options: their defaults, the session settings they follow, and what the readers get. */
class PcapOptionsTest {
  @Test
  void defaultsAreTheDeclaredOnesAndTheSessionsFileSourceSettings() {
    SparkSession spark = LocalSpark.get();
    String maxBytes = spark.conf().get("spark.sql.files.maxPartitionBytes");
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    try {
      spark.conf().set("spark.sql.files.maxPartitionBytes", "48m");
      spark.conf().set("spark.sql.files.openCostInBytes", "1m");
      spark.conf().set("spark.sql.files.ignoreCorruptFiles", "true");
      PcapOptions o = PcapOptions.parse(Map.of("path", "/x.pcap"));
      assertEquals(List.of("/x.pcap"), o.paths());
      assertEquals(ParseMode.PERMISSIVE, o.mode());
      assertEquals(48L << 20, o.splitSize);
      assertFalse(o.splitSizeGiven);
      assertEquals(48L << 20, o.maxPartitionBytes);
      assertEquals(1L << 20, o.openCost);
      assertTrue(o.ignoreCorruptFiles);
      assertTrue(o.pushAggregates);
      assertFalse(o.recursive || o.sectionScan || o.timeOrdered);
      assertEquals(null, o.globFilter);
      assertEquals(-1, o.lookback);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", maxBytes);
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
      spark.conf().unset("spark.sql.files.ignoreCorruptFiles");
    }
  }

  @Test
  void givenOptionsWinInAnyCaseAndReachTheReaders() {
    LocalSpark.get();
    PcapOptions o = PcapOptions.parse(Map.of("PATHS", "[\"/a\",\"/b\"]", "MODE", "dropmalformed", "splitsize", "1m",
        "Lookback", "64k", "IGNORECORRUPTFILES", "TRUE", "pushaggregates", "false", "timeordered", "True",
        "COMMUNITYIDSEED", "65535"));
    assertEquals(List.of("/a", "/b"), o.paths());
    assertEquals(1L << 20, o.splitSize);
    assertTrue(o.splitSizeGiven);
    assertFalse(o.pushAggregates);
    assertTrue(o.timeOrdered);
    assertEquals(64 << 10, o.lookback);
    assertEquals(65535, o.communityIdSeed);
    ReadSettings r = ReadSettings.rows(o.captureOptions(), TimeRange.ALL, PacketPredicate.ALL, 0, PacketColumn.WIRELEN);
    assertEquals(ParseMode.DROPMALFORMED, r.capture.mode());
    assertTrue(r.dropMalformed());
    assertEquals(PacketDecoder.ALL, r.layers, "dropping malformed rows decodes everything");
  }

  @Test
  void badValuesNameTheirOption() {
    LocalSpark.get();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PcapOptions.parse(Map.of("path", "/x", "splitSize", "lots")));
    assertTrue(e.getMessage().startsWith("option splitSize: not a byte size: 'lots'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PcapOptions.parse(Map.of("path", "/x", "timeOrdered", "yes")));
    assertTrue(e.getMessage().startsWith("option timeOrdered: "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PcapOptions.parse(Map.of("path", "/x", "mode", "LENIENT")));
    assertTrue(e.getMessage().contains("PERMISSIVE, DROPMALFORMED or FAILFAST"), e.getMessage());
    for (String seed : List.of("65536", "-1", "x")) {
      e = assertThrows(IllegalArgumentException.class,
          () -> PcapOptions.parse(Map.of("path", "/x", "communityIdSeed", seed)));
      assertTrue(e.getMessage().startsWith("option communityIdSeed: must be a whole number from 0 to 65535"),
          e.getMessage());
    }
    assertEquals(0, PcapOptions.parse(Map.of("path", "/x")).communityIdSeed);
  }

  @Test
  void everyOptionHasAKeyOfItsOwnAndADoc() {
    Set<String> keys = new HashSet<>();
    for (PcapOption option : PcapOption.values()) {
      assertTrue(keys.add(option.key().toLowerCase(Locale.ROOT)), option.key());
      assertFalse(option.doc().isBlank(), option.key());
    }
  }
}

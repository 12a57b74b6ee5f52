package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.spark.LocalSpark;

/**
 * The {@code community_id} column of {@code spark.read.format("pcap")}: on every frame of the
 * shared corpus equal to tshark's {@code communityid} but where {@link CommunityIdTest.Deviation}
 * explains the difference (as for the decoder), equal to the decoder's value for any seed, and the
 * same through the readers' aggregation and {@code IS NOT NULL} pushdown.
 */
class CommunityIdColumnTest {
  private static List<String> column(SparkSession spark, String capture, int seed) {
    List<String> ids = new ArrayList<>();
    for (Row r : spark.read().format("pcap").option("communityIdSeed", seed).load(Captures.file(capture).toString())
        .orderBy("offset").select("community_id").collectAsList()) {
      ids.add(r.getString(0));
    }
    return ids;
  }

  @Test
  void equalToTsharkThroughTheDataSource() throws IOException {
    SparkSession spark = LocalSpark.get();
    CommunityIdTest.againstTshark("pcap data source", (name, frames) -> column(spark, name, 0));
  }

  /**
   * With a seed, every frame of captures of all the protocols has the decoder's ID with that seed;
   * grouping by the column in the readers (aggregate pushdown) and filtering it on IS NOT NULL
   * give what the rows give.
   */
  @Test
  void seededAndPushedDown() throws IOException {
    SparkSession spark = LocalSpark.get();
    CommunityId seeded = new CommunityId(4321);
    int ids = 0;
    for (String name : List.of("mixed_example2.pcap", "community-id/sctp.pcap", "community-id/icmp6.pcap",
        "community-id/rsvp.pcap", "ipv4_fragments.pcap", "icmp_traceroute.pcapng")) {
      List<DecodedPacket> frames = CommunityIdTest.decoded(name);
      List<String> col = column(spark, name, 4321);
      assertEquals(frames.size(), col.size(), name);
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < frames.size(); i++) {
        String id = seeded.of(frames.get(i));
        assertEquals(id, col.get(i), name + " frame " + (i + 1));
        if (id != null) {
          ids++;
          expected.merge(id, 1L, Long::sum);
        }
      }
      String path = Captures.file(name).toString();
      Map<String, Long> grouped = new HashMap<>();
      for (Row r : spark.read().format("pcap").option("communityIdSeed", "4321").load(path)
          .where("community_id IS NOT NULL").groupBy("community_id").count().collectAsList()) {
        grouped.put(r.getString(0), r.getLong(1));
      }
      assertEquals(expected, grouped, name + ": grouped in the readers");
      assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), spark.read().format("pcap")
          .option("communityIdSeed", "4321").load(path).where("community_id IS NOT NULL").count(), name);
    }
    assertTrue(ids > 4000, ids + " frames with an ID");
  }
}

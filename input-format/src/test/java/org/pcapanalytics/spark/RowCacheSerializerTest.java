package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.columnar.InMemoryRelation;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;

/**
 * The row cache gives back exactly what was cached: every Spark type, nulls, whole rows and
 * selections of columns, filters, several batches (by rows and by bytes), in memory and on disk.
 */
class RowCacheSerializerTest {
  private final SparkSession spark = LocalSpark.get();

  /** 12 000 rows of every kind of column, nulls in each; the text column makes ~8 MB. */
  private Dataset<Row> everyType() {
    return spark.sql("""
        SELECT id, CAST(id AS INT) AS i, CAST(id % 7 AS TINYINT) AS b, CAST(id % 300 AS SHORT) AS s,
          id / 3.0D AS d, CAST(id / 7.0 AS FLOAT) AS f, id % 2 = 0 AS flag,
          CAST(id * 1000003 AS DECIMAL(38, 0)) AS big, CAST(id AS DECIMAL(10, 2)) AS small,
          IF(id % 5 = 0, NULL, concat('host-', id)) AS name,
          IF(id % 11 = 0, NULL, repeat('x', CAST(id % 1300 AS INT))) AS text,
          CAST(concat('bin', id) AS BINARY) AS raw,
          timestamp_micros(1700000000000000 + id) AS ts, date_from_unix_date(CAST(id % 1000 AS INT)) AS day,
          IF(id % 3 = 0, NULL, array(concat('a', id), NULL, 'c')) AS names,
          array(named_struct('k', id, 'v', CAST(id AS STRING))) AS pairs,
          map('n', id, 'm', id + 1) AS m,
          named_struct('x', IF(id % 4 = 0, NULL, id), 'y', array(id, id + 1)) AS nested
        FROM range(0, 12000, 1, 3)""");
  }

  /** Each row as JSON text, sorted: equal when every value of every row is. */
  private static List<String> rows(Dataset<Row> df) {
    return df.selectExpr("to_json(struct(*))").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()
        .stream().sorted().toList();
  }

  /** Equal rows, or the row counts and the first row that differs. */
  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> cached, String what) {
    List<String> e = rows(expected);
    List<String> c = rows(cached);
    if (e.equals(c)) return;
    int i = 0;
    while (i < Math.min(e.size(), c.size()) && e.get(i).equals(c.get(i))) i++;
    fail(what + ": " + e.size() + " rows expected, " + c.size() + " cached; first difference: "
        + (i < e.size() ? e.get(i) : "(none)") + " vs " + (i < c.size() ? c.get(i) : "(none)"));
  }

  @Test
  void givesBackEveryValueInMemoryAndOnDisk() {
    spark.conf().set("spark.sql.inMemoryColumnarStorage.batchSize", "2000"); // several batches per partition
    try {
      for (StorageLevel level : List.of(StorageLevel.MEMORY_ONLY(), StorageLevel.DISK_ONLY())) {
        Dataset<Row> expected = everyType();
        Dataset<Row> cached = everyType().persist(level);
        try {
          InMemoryRelation relation = (InMemoryRelation) cached.queryExecution().withCachedData();
          assertInstanceOf(RowCacheSerializer.class, relation.cacheBuilder().serializer());
          String l = level.description();
          assertSameRows(expected, cached, l);
          assertSameRows(expected.select("text", "id", "nested"), cached.select("text", "id", "nested"), l);
          assertSameRows(expected.where("name LIKE 'host-1%' AND d > 100").select("m", "names"),
              cached.where("name LIKE 'host-1%' AND d > 100").select("m", "names"), l);
          assertEquals(12000, cached.count());
          assertTrue(relation.computeStats().sizeInBytes().longValue() > 7_000_000L, "the rows' bytes are counted");
        } finally {
          cached.unpersist(true);
        }
      }
    } finally {
      spark.conf().unset("spark.sql.inMemoryColumnarStorage.batchSize");
    }
  }

  @Test
  void givesBackPackets() {
    String path = Captures.file("http_espn.pcapng").toString();
    Dataset<Row> packets = spark.read().format("pcap").option("splitSize", "64k").load(path);
    Dataset<Row> cached = spark.read().format("pcap").option("splitSize", "64k").load(path).persist();
    try {
      assertSameRows(packets, cached, "packets");
      assertSameRows(packets.groupBy("src_ip").count(), cached.groupBy("src_ip").count(), "per address");
    } finally {
      cached.unpersist(true);
    }
  }
}

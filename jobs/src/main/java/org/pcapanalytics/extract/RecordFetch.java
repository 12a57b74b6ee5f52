package org.pcapanalytics.extract;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.InterfaceFormat;
import org.pcapanalytics.io.MalformedCaptureException;
import org.pcapanalytics.io.PacketRecord;
import org.pcapanalytics.io.ReadCounter;

/**
 * Executor side of extract: the records of a partition of places ({@code file, offset, ...}),
 * read again from their files by offset, in the partition's order. The records of one file are
 * read in offset order through the same {@link CaptureReader} the scan used, so the framing
 * (and a pcapng record's interface) is exactly the scan's; places closer together than
 * {@link #GAP} share one sequential read, farther ones each get a reader positioned at their
 * offset. A partition's records are held until it is emitted: the driver sizes partitions so that
 * this stays small.
 */
final class RecordFetch implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Below this gap, reading through the records in between is cheaper than a new positioned reader. */
  static final long GAP = 4L << 20;

  /** One row per record; {@code ts_ns} is null for a record without timestamp. */
  static final StructType SCHEMA = new StructType()
      .add("ts_ns", DataTypes.LongType, true)
      .add("link_type", DataTypes.IntegerType, false)
      .add("snaplen", DataTypes.IntegerType, false)
      .add("tsresol", DataTypes.IntegerType, false)
      .add("wirelen", DataTypes.IntegerType, false)
      .add("data", DataTypes.BinaryType, false);

  private final Broadcast<SerializableConfiguration> conf;
  private final CaptureReader.Options options;
  private final Reads reads;

  /** What the fetch read: positioned reads, and the records (and their bytes) they went through. */
  record Reads(LongAccumulator opened, LongAccumulator records, LongAccumulator bytes) implements Serializable {
    static Reads register(SparkContext sc) {
      return new Reads(sc.longAccumulator("extract reads"), sc.longAccumulator("extract records read"),
          sc.longAccumulator("extract record bytes read"));
    }
  }

  RecordFetch(Broadcast<SerializableConfiguration> conf, CaptureReader.Options options, Reads reads) {
    this.conf = conf;
    this.options = options;
    this.reads = reads;
  }

  /** A place to fetch; {@code slot} is its position in the partition. */
  private record Place(String file, long offset, int slot) {}

  @Override
  public Iterator<Row> call(Iterator<Row> places) throws IOException {
    Map<String, List<Place>> byFile = new HashMap<>();
    int n = 0;
    while (places.hasNext()) {
      Row r = places.next();
      String file = r.getString(r.fieldIndex("file"));
      byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(new Place(file, r.getLong(r.fieldIndex("offset")), n++));
    }
    Row[] out = new Row[n];
    Configuration c = conf.value().value();
    for (List<Place> list : byFile.values()) {
      list.sort(Comparator.comparingLong(Place::offset));
      fetch(c, list, out);
    }
    return List.of(out).iterator();
  }

  private void fetch(Configuration c, List<Place> places, Row[] out) throws IOException {
    Path path = new Path(places.get(0).file);
    long length = path.getFileSystem(c).getFileStatus(path).getLen();
    boolean seekable = CaptureReader.seekable(c, path); // a compressed file is read once, from its start
    PacketRecord rec = new PacketRecord();
    int i = 0;
    while (i < places.size()) {
      int j = i;
      while (j + 1 < places.size() && (!seekable || places.get(j + 1).offset - places.get(j).offset <= GAP)) j++;
      long start = seekable ? places.get(i).offset : 0;
      long end = places.get(j).offset + 1; // offsets of a compressed file are in its decompressed bytes
      try (CaptureReader reader = CaptureReader.open(c, path, start, end - start, length, options)) {
        int k = i;
        while (k <= j && reader.next(rec)) {
          if (rec.offset() < places.get(k).offset) continue;
          if (rec.offset() > places.get(k).offset) break;
          out[places.get(k).slot] = row(rec, path);
          k++;
        }
        if (k <= j) {
          throw new MalformedCaptureException(path.toString(), places.get(k).offset,
              "no record starts at this offset any more (was the file changed since it was selected?)");
        }
        reads.opened.add(1);
        reads.records.add(reader.counters().get(ReadCounter.RECORDS));
        reads.bytes.add(reader.counters().get(ReadCounter.RECORD_BYTES));
      }
      i = j + 1;
    }
  }

  private static Row row(PacketRecord rec, Path path) throws IOException {
    InterfaceFormat f = rec.format();
    if (f == null) {
      throw new MalformedCaptureException(path.toString(), rec.offset(),
          "the record's interface (link type " + rec.linkType() + ") cannot be written to pcap or pcapng again");
    }
    return RowFactory.create(rec.hasTimestamp() ? rec.timestampNanos() : null, f.linkType(), f.snaplen(),
        f.tsresol(), rec.wirelen(), rec.copyData());
  }
}

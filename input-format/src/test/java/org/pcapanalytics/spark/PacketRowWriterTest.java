package org.pcapanalytics.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.PacketDecoder;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.PacketRecord;

/**
 * Every {@link PacketColumn} has its case in {@link PacketRowWriter}: written alone or among all
 * the others, at whatever position, it holds the same value, and a column that cannot be null
 * never is.
 */
class PacketRowWriterTest {
  @Test
  void theSchemaIsTheColumnsInDeclarationOrder() {
    StructField[] fields = PacketColumn.SCHEMA.fields();
    assertEquals(PacketColumn.values().length, fields.length);
    for (PacketColumn c : PacketColumn.values()) {
      StructField f = fields[c.ordinal()];
      assertEquals(c.name().toLowerCase(Locale.ROOT), f.name());
      assertEquals(c, PacketColumn.byName(f.name().toUpperCase(Locale.ROOT)));
      assertEquals(c.type(), f.dataType());
      assertTrue(f.getComment().isDefined(), f.name());
    }
  }

  @Test
  void eachColumnIsWrittenAloneAsAmongAllTheOthers() throws Exception {
    PacketColumn[] all = PacketColumn.values();
    PacketRowWriter whole = new PacketRowWriter(all);
    PacketRowWriter[] alone = new PacketRowWriter[all.length];
    for (PacketColumn c : all) alone[c.ordinal()] = new PacketRowWriter(c);
    PacketDecoder decoder = new PacketDecoder(PacketDecoder.ALL);
    DecodedPacket d = new DecodedPacket();
    int[] nonNull = new int[all.length];
    int packets = 0;
    for (String name : Captures.names()) {
      java.nio.file.Path f = Captures.file(name);
      long len = Files.size(f);
      try (CaptureReader r = CaptureReader.open(Captures.conf(), new Path(f.toUri()), 0, len, len,
          new CaptureReader.Options())) {
        PacketRecord rec = new PacketRecord();
        while (r.next(rec)) {
          packets++;
          check(rec, decoder, d, whole, alone, nonNull);
        }
      }
    }
    // and a frame that contradicts itself (the corpus decodes cleanly): an IPv4 header of 3 words
    byte[] frame = new byte[60];
    frame[12] = 0x08;
    frame[14] = 0x43;
    PacketRecord bad = new PacketRecord();
    bad.set("bad.pcap", 24, 1_700_000_000_000_000_000L, true, frame.length, frame.length, 0, 1, frame, 0);
    check(bad, decoder, d, whole, alone, nonNull);
    for (PacketColumn c : all) {
      assertTrue(nonNull[c.ordinal()] > 0, c.columnName() + " has a value in some of " + packets + " packets");
    }
  }

  /** Writes {@code rec} with all columns and with each alone, and compares them. */
  private static void check(PacketRecord rec, PacketDecoder decoder, DecodedPacket d, PacketRowWriter whole,
      PacketRowWriter[] alone, int[] nonNull) {
    decoder.decode(rec.buffer(), rec.dataOffset(), rec.caplen(), rec.wirelen(), rec.linkType(), d);
    InternalRow row = whole.write(rec, d).copy();
    String where = rec.file() + " @" + rec.offset() + " ";
    for (PacketColumn c : PacketColumn.values()) {
      InternalRow one = alone[c.ordinal()].write(rec, d);
      Object expected = row.isNullAt(c.ordinal()) ? null : row.get(c.ordinal(), c.type());
      Object actual = one.isNullAt(0) ? null : one.get(0, c.type());
      assertEquals(expected, actual, where + c.columnName());
      assertFalse(!c.field().nullable() && expected == null, where + c.columnName() + " is null");
      if (expected != null) nonNull[c.ordinal()]++;
    }
  }
}

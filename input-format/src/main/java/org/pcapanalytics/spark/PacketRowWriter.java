package org.pcapanalytics.spark;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.pcapanalytics.decode.AddressFormat;
import org.pcapanalytics.decode.AddressTextCache;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.io.PacketRecord;

/**
 * Writes the requested columns of one packet into a reused UnsafeRow: primitives directly,
 * strings as UTF-8 bytes formatted into a scratch buffer — no per-packet objects. Each
 * {@link PacketColumn} writes itself ({@link PacketColumn#write}) with the methods below: a call
 * per column that the JIT cannot inline (every column is a class of its own), but each column's
 * code is compiled small and whole, with what it calls inlined into it.
 */
final class PacketRowWriter {
  private final PacketColumn[] columns;
  private final UnsafeRowWriter row;
  private final UnsafeArrayWriter array;
  private final byte[] scratch = new byte[4096];
  private final AddressTextCache addresses = new AddressTextCache();
  private final Map<String, byte[]> constants = new IdentityHashMap<>();
  private String lastFile;
  private byte[] lastFileBytes;

  /** @param columns the output fields, in output order */
  PacketRowWriter(PacketColumn... columns) {
    this.columns = columns;
    this.row = new UnsafeRowWriter(columns.length, 256);
    this.array = new UnsafeArrayWriter(row, 4);
  }

  int columns() {
    return columns.length;
  }

  InternalRow write(PacketRecord r, DecodedPacket d) {
    row.reset();
    row.zeroOutNullBytes();
    for (int i = 0; i < columns.length; i++) columns[i].write(this, i, r, d);
    return row.getRow();
  }

  // What the columns write with; field i of the row.

  void setNull(int i) {
    row.setNullAt(i);
  }

  void writeInt(int i, int v) {
    row.write(i, v);
  }

  void writeLong(int i, long v) {
    row.write(i, v);
  }

  void writeBoolean(int i, boolean v) {
    row.write(i, v);
  }

  /** A value of which negative means none. */
  void intOrNull(int i, int v) {
    if (v < 0) row.setNullAt(i);
    else row.write(i, v);
  }

  /** A value of which negative means none. */
  void longOrNull(int i, long v) {
    if (v < 0) row.setNullAt(i);
    else row.write(i, v);
  }

  /** UTF-8 bytes. */
  void utf8(int i, byte[] b, int off, int len) {
    row.write(i, b, off, len);
  }

  /** The path of the record's file, converted once per file. */
  void file(int i, String file) {
    if (file != lastFile) {
      lastFile = file;
      lastFileBytes = UTF8String.fromString(file).getBytes();
    }
    row.write(i, lastFileBytes);
  }

  /** A string constant (identity-cached: the decoder's messages are constants). */
  void constant(int i, String s) {
    row.write(i, constants.computeIfAbsent(s, e -> UTF8String.fromString(e).getBytes()));
  }

  /** A MAC address held in the low 48 bits of {@code mac}, as text. */
  void mac(int i, long mac) {
    row.write(i, scratch, 0, AddressFormat.mac(mac, scratch, 0));
  }

  /** The packet's outermost source or destination IP address, as text. */
  void ip(int i, DecodedPacket d, boolean source) {
    bytes(i, source ? addresses.src(d) : addresses.dst(d));
  }

  /** The first {@code n} of {@code values}, as an array of int. */
  void intArray(int i, int[] values, int n) {
    int before = row.cursor();
    array.initialize(n);
    for (int k = 0; k < n; k++) array.write(k, values[k]);
    row.setOffsetAndSizeFromPreviousCursor(i, before);
  }

  /**
   * A short string field, copied with {@code System.arraycopy}: Spark's writer copies every
   * string with {@code Unsafe.copyMemory}, a native call whose fixed cost is more than copying
   * an address takes, paid for each address of each row. Same bytes as {@code row.write(i, b)}.
   */
  private void bytes(int i, byte[] b) {
    int len = b.length;
    if (len > 64) {
      row.write(i, b);
      return;
    }
    int rounded = (len + 7) & ~7;
    row.grow(rounded);
    int before = row.cursor();
    byte[] buf = row.getBuffer();
    Platform.putLong(buf, before + rounded - 8, 0L); // zero padding (len > 0: rounded >= 8)
    System.arraycopy(b, 0, buf, before - Platform.BYTE_ARRAY_OFFSET, len);
    row.increaseCursor(rounded);
    row.setOffsetAndSizeFromPreviousCursor(i, before); // offset and the rounded size ...
    if (rounded != len) row.write(i, (row.getRow().getLong(i) & 0xFFFF_FFFF_0000_0000L) | len); // ... the real size
  }

  /**
   * Raw bytes from the packet as text, the way tshark shows them: ASCII as is, every byte of
   * 0x80 and above as U+FFFD. Null when {@code off} or {@code len} is negative (not found).
   */
  void text(int i, byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || buf == null) {
      row.setNullAt(i);
      return;
    }
    int high = 0;
    for (int k = 0; k < len; k++) if (buf[off + k] < 0) high++;
    if (high == 0) {
      row.write(i, buf, off, len);
      return;
    }
    int n = 0;
    int max = Math.min(len, (scratch.length - 3) / 3);
    for (int k = 0; k < max; k++) {
      byte c = buf[off + k];
      if (c >= 0) {
        scratch[n++] = c;
      } else {
        scratch[n++] = (byte) 0xEF;
        scratch[n++] = (byte) 0xBF;
        scratch[n++] = (byte) 0xBD;
      }
    }
    row.write(i, scratch, 0, n);
  }
}

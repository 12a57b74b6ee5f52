package org.pcapanalytics.spark;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeArrayWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeWriter;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.pcapanalytics.decode.AddressFormat;
import org.pcapanalytics.decode.AddressTextCache;
import org.pcapanalytics.decode.CommunityId;
import org.pcapanalytics.decode.DecodedPacket;
import org.pcapanalytics.decode.DnsAnswers;
import org.pcapanalytics.decode.TlsFingerprints;
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
  /** Arrays of variable-length elements (strings, structs: offset and size per element). */
  private final UnsafeArrayWriter varArray;
  /** The struct of each {@code dns_answers} element. */
  private final UnsafeRowWriter answer;
  private final TlsFingerprints fingerprints = new TlsFingerprints();
  private final byte[] scratch = new byte[4096];
  private final AddressTextCache addresses = new AddressTextCache();
  private final Map<String, byte[]> constants = new IdentityHashMap<>();
  /** The hasher of {@link PacketColumn#COMMUNITY_ID}; null when the columns do not include it. */
  private final CommunityId communityId;
  private String lastFile;
  private byte[] lastFileBytes;

  /** @param columns the output fields, in output order; Community IDs with seed 0 */
  PacketRowWriter(PacketColumn... columns) {
    this(0, columns);
  }

  /**
   * @param communityIdSeed the seed of the {@link PacketColumn#COMMUNITY_ID} hashes
   * @param columns the output fields, in output order
   */
  PacketRowWriter(int communityIdSeed, PacketColumn... columns) {
    this.columns = columns;
    this.communityId = Arrays.asList(columns).contains(PacketColumn.COMMUNITY_ID)
        ? new CommunityId(communityIdSeed) : null;
    this.row = new UnsafeRowWriter(columns.length, 256);
    this.array = new UnsafeArrayWriter(row, 4);
    this.varArray = new UnsafeArrayWriter(row, 8);
    this.answer = new UnsafeRowWriter(varArray, 4);
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

  /**
   * The packet's Community ID, hashed straight into the row's buffer (30 ASCII bytes, padded to
   * 32); null when the packet has none.
   */
  void communityId(int i, DecodedPacket d) {
    int rounded = (CommunityId.LENGTH + 7) & ~7;
    row.grow(rounded);
    int before = row.cursor();
    byte[] buf = row.getBuffer();
    int at = before - Platform.BYTE_ARRAY_OFFSET;
    Platform.putLong(buf, before + rounded - 8, 0L); // zero padding
    if (communityId.write(d, buf, at) == 0) {
      row.setNullAt(i);
      return;
    }
    row.increaseCursor(rounded);
    row.setOffsetAndSizeFromPreviousCursor(i, before); // offset and the rounded size ...
    row.write(i, (row.getRow().getLong(i) & 0xFFFF_FFFF_0000_0000L) | CommunityId.LENGTH); // ... the real size
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
    text(row, i, buf, off, len);
  }

  /** {@link #text} into field or element {@code i} of {@code w} (the row, an array). */
  private void text(UnsafeWriter w, int i, byte[] buf, int off, int len) {
    int high = 0;
    for (int k = 0; k < len; k++) if (buf[off + k] < 0) high++;
    if (high == 0) {
      w.write(i, buf, off, len);
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
    w.write(i, scratch, 0, n);
  }

  private static final byte[][] TLS_VERSIONS = {ascii("SSL 3.0"), ascii("TLS 1.0"), ascii("TLS 1.1"),
      ascii("TLS 1.2"), ascii("TLS 1.3")};
  private static final byte[] HEX = ascii("0123456789abcdef");

  /** A TLS version as tshark names it ({@code TLS 1.3}), another value as {@code 0x7f1c}; null for -1. */
  void tlsVersion(int i, int v) {
    if (v < 0) {
      row.setNullAt(i);
    } else if (v >= 0x0300 && v <= 0x0304) {
      row.write(i, TLS_VERSIONS[v - 0x0300]);
    } else {
      scratch[0] = '0';
      scratch[1] = 'x';
      for (int k = 0; k < 4; k++) scratch[2 + k] = HEX[(v >> (12 - 4 * k)) & 0xF];
      row.write(i, scratch, 0, 6);
    }
  }

  /** The ALPN protocol names of the hello, as text; null without an ALPN extension. */
  void alpn(int i, DecodedPacket d) {
    if (d.tlsAlpnOff < 0) {
      row.setNullAt(i);
      return;
    }
    byte[] b = d.helloBuf;
    int end = d.tlsAlpnOff + d.tlsAlpnLen;
    int n = 0;
    for (int p = d.tlsAlpnOff; p < end; p += 1 + (b[p] & 0xFF)) n++;
    int before = row.cursor();
    varArray.initialize(n);
    int k = 0;
    for (int p = d.tlsAlpnOff; p < end; p += 1 + (b[p] & 0xFF)) {
      text(varArray, k++, b, p + 1, Math.min(b[p] & 0xFF, end - p - 1));
    }
    row.setOffsetAndSizeFromPreviousCursor(i, before);
  }

  /** JA3 of a ClientHello ({@code helloType} 1) or JA3S of a ServerHello (2); null otherwise. */
  void ja3(int i, DecodedPacket d, int helloType) {
    if (d.tlsHandshakeType != helloType || fingerprints.ja3(d, scratch, 0) < 0) {
      row.setNullAt(i);
    } else {
      row.write(i, scratch, 0, TlsFingerprints.JA3_LENGTH);
    }
  }

  void ja4(int i, DecodedPacket d) {
    if (fingerprints.ja4(d, scratch, 0) < 0) row.setNullAt(i);
    else row.write(i, scratch, 0, TlsFingerprints.JA4_LENGTH);
  }

  /** The DNS answers as an array of (name, type, ttl, data) structs; null without answers. */
  void dnsAnswers(int i, DecodedPacket d) {
    DnsAnswers a = d.dnsAnswers;
    if (a == null || a.size() == 0) {
      row.setNullAt(i);
      return;
    }
    int before = row.cursor();
    varArray.initialize(a.size());
    byte[] text = a.text();
    for (int k = 0; k < a.size(); k++) {
      int start = answer.cursor();
      answer.resetRowWriter();
      answer.write(0, text, a.nameOff(k), a.nameLen(k));
      answer.write(1, a.type(k));
      answer.write(2, a.ttl(k));
      answer.write(3, text, a.dataOff(k), a.dataLen(k));
      varArray.setOffsetAndSizeFromPreviousCursor(k, start);
    }
    row.setOffsetAndSizeFromPreviousCursor(i, before);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}

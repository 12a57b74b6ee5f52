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
 * strings as UTF-8 bytes formatted into a scratch buffer — no per-packet objects.
 */
final class PacketRowWriter {
  private final int[] columns;
  private final UnsafeRowWriter row;
  private final UnsafeArrayWriter array;
  private final byte[] scratch = new byte[4096];
  private final AddressTextCache addresses = new AddressTextCache();
  private final Map<String, byte[]> constants = new IdentityHashMap<>();
  private String lastFile;
  private byte[] lastFileBytes;

  /** @param columns ordinals in {@link PacketColumns#SCHEMA} of the output fields, in output order */
  PacketRowWriter(int[] columns) {
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
    for (int i = 0; i < columns.length; i++) {
      switch (columns[i]) {
        case PacketColumns.FILE: {
          if (r.file() != lastFile) {
            lastFile = r.file();
            lastFileBytes = UTF8String.fromString(lastFile).getBytes();
          }
          row.write(i, lastFileBytes);
          break;
        }
        case PacketColumns.OFFSET: row.write(i, r.offset()); break;
        case PacketColumns.TS:
          if (r.hasTimestamp()) row.write(i, Math.floorDiv(r.timestampNanos(), 1000L));
          else row.setNullAt(i);
          break;
        case PacketColumns.TS_NS:
          if (r.hasTimestamp()) row.write(i, r.timestampNanos());
          else row.setNullAt(i);
          break;
        case PacketColumns.INTERFACE_ID: row.write(i, r.interfaceId()); break;
        case PacketColumns.LINK_TYPE: row.write(i, r.linkType()); break;
        case PacketColumns.CAPLEN: row.write(i, r.caplen()); break;
        case PacketColumns.WIRELEN: row.write(i, r.wirelen()); break;
        case PacketColumns.ETH_SRC:
          if (d.hasEth) row.write(i, scratch, 0, AddressFormat.mac(d.ethSrc, scratch, 0));
          else row.setNullAt(i);
          break;
        case PacketColumns.ETH_DST:
          if (d.hasEth) row.write(i, scratch, 0, AddressFormat.mac(d.ethDst, scratch, 0));
          else row.setNullAt(i);
          break;
        case PacketColumns.ETH_TYPE: intOrNull(i, d.ethType); break;
        case PacketColumns.VLAN_IDS: {
          if (d.vlanCount == 0) {
            row.setNullAt(i);
          } else {
            int before = row.cursor();
            array.initialize(d.vlanCount);
            for (int k = 0; k < d.vlanCount; k++) array.write(k, d.vlanIds[k]);
            row.setOffsetAndSizeFromPreviousCursor(i, before);
          }
          break;
        }
        case PacketColumns.IP_VERSION: intOrNull(i, d.ipVersion == 0 ? -1 : d.ipVersion); break;
        case PacketColumns.SRC_IP:
          if (d.ipVersion != 0) bytes(i, addresses.src(d));
          else row.setNullAt(i);
          break;
        case PacketColumns.DST_IP:
          if (d.ipVersion != 0) bytes(i, addresses.dst(d));
          else row.setNullAt(i);
          break;
        case PacketColumns.IP_PROTO: intOrNull(i, d.ipProto); break;
        case PacketColumns.TTL: intOrNull(i, d.ttl); break;
        case PacketColumns.IP_ID: intOrNull(i, d.ipVersion == 4 ? d.ipId : -1); break;
        case PacketColumns.FRAG_OFFSET: intOrNull(i, d.fragOffset); break;
        case PacketColumns.MORE_FRAGMENTS:
          if (d.ipVersion != 0 && d.fragOffset >= 0) row.write(i, d.moreFragments);
          else row.setNullAt(i);
          break;
        case PacketColumns.SRC_PORT: intOrNull(i, d.srcPort); break;
        case PacketColumns.DST_PORT: intOrNull(i, d.dstPort); break;
        case PacketColumns.TCP_FLAGS: intOrNull(i, d.tcpFlags); break;
        case PacketColumns.TCP_SEQ: longOrNull(i, d.tcpSeq); break;
        case PacketColumns.TCP_ACK: longOrNull(i, d.tcpAck); break;
        case PacketColumns.TCP_WINDOW: intOrNull(i, d.tcpWindow); break;
        case PacketColumns.PAYLOAD_LEN: intOrNull(i, d.payloadLen); break;
        case PacketColumns.ICMP_TYPE: intOrNull(i, d.icmpType); break;
        case PacketColumns.ICMP_CODE: intOrNull(i, d.icmpCode); break;
        case PacketColumns.DNS_ID: intOrNull(i, d.dnsId); break;
        case PacketColumns.DNS_QTYPE: intOrNull(i, d.dnsQtype); break;
        case PacketColumns.DNS_RCODE: intOrNull(i, d.dnsRcode); break;
        case PacketColumns.DNS_QNAME:
          if (d.dnsQnameLen >= 0) row.write(i, d.dnsQname, 0, d.dnsQnameLen);
          else row.setNullAt(i);
          break;
        case PacketColumns.DNS_RESPONSE:
          if (d.dnsResponse >= 0) row.write(i, d.dnsResponse == 1);
          else row.setNullAt(i);
          break;
        case PacketColumns.TLS_SNI: text(i, d.helloBuf, d.sniOff, d.sniLen); break;
        case PacketColumns.HTTP_METHOD: text(i, d.buf, d.httpMethodOff, d.httpMethodLen); break;
        case PacketColumns.HTTP_URI: text(i, d.buf, d.httpUriOff, d.httpUriLen); break;
        case PacketColumns.HTTP_HOST: text(i, d.buf, d.httpHostOff, d.httpHostLen); break;
        case PacketColumns.TRUNCATED: row.write(i, d.truncated); break;
        case PacketColumns.DECODE_ERROR:
          if (d.decodeError == null) row.setNullAt(i);
          else row.write(i, constants.computeIfAbsent(d.decodeError, e -> UTF8String.fromString(e).getBytes()));
          break;
        case PacketColumns.IP_LEN: intOrNull(i, d.ipVersion != 0 ? d.ipTotalLen : -1); break;
        default:
          throw new IllegalStateException("unknown column " + columns[i]);
      }
    }
    return row.getRow();
  }

  /**
   * A short string field, copied with {@code System.arraycopy}: Spark's writer copies every
   * string with {@code Unsafe.copyMemory}, a native call that costs more than the address it
   * copies (it was a fifth of a top-talkers scan). Same bytes as {@code row.write(i, b)}.
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

  private void intOrNull(int i, int v) {
    if (v < 0) row.setNullAt(i);
    else row.write(i, v);
  }

  private void longOrNull(int i, long v) {
    if (v < 0) row.setNullAt(i);
    else row.write(i, v);
  }

  /**
   * Raw bytes from the packet as text, the way tshark shows them: ASCII as is, every byte of
   * 0x80 and above as U+FFFD.
   */
  private void text(int i, byte[] buf, int off, int len) {
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

package org.pcapanalytics.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a classic libpcap file (little-endian, version 2.4) to a stream: the file header, then
 * one 16-byte header and the captured bytes per record. The magic says the resolution: µs or ns,
 * from the {@link InterfaceFormat}, so a nanosecond capture keeps its nanoseconds.
 *
 * <p>Allocates nothing per record (a few small writes each: give it a buffered stream). Closing
 * it closes the stream.
 */
public final class PcapWriter implements Closeable {
  /** Largest timestamp a record holds: the seconds field is unsigned 32 bits (early 2106). */
  public static final long MAX_TIMESTAMP_NS = (1L << 32) * 1_000_000_000L - 1;

  private final OutputStream out;
  private final InterfaceFormat format;
  private final boolean nanos;
  private final int snaplen;
  private final byte[] header = new byte[PcapFramer.FILE_HEADER];
  private long bytes;
  private long records;

  /**
   * Writes the file header.
   *
   * @param format link type and resolution (µs or ns) of every record; a snaplen of 0 ("none")
   *     is written as libpcap's largest, 262144
   */
  public PcapWriter(OutputStream out, InterfaceFormat format) throws IOException {
    if (!format.fitsPcap()) {
      throw new IllegalArgumentException("a pcap file holds µs or ns timestamps, not if_tsresol 0x"
          + Integer.toHexString(format.tsresol()));
    }
    this.out = out;
    this.format = format;
    this.nanos = format.tsresol() == InterfaceFormat.TSRESOL_NS;
    this.snaplen = format.snaplen() == 0 ? PcapFramer.MAX_SNAPLEN : format.snaplen();
    putInt(0, nanos ? PcapFramer.MAGIC_NS : PcapFramer.MAGIC_US);
    putShort(4, 2); // version 2.4
    putShort(6, 4);
    putInt(8, 0); // thiszone
    putInt(12, 0); // sigfigs
    putInt(16, snaplen);
    putInt(20, format.linkType());
    emit(header, 0, PcapFramer.FILE_HEADER);
  }

  /** True when a pcap record can hold this timestamp (ns since the epoch, 1970 to 2106). */
  public static boolean fits(long tsNs) {
    return tsNs >= 0 && tsNs <= MAX_TIMESTAMP_NS;
  }

  /**
   * Writes one record: {@code caplen} bytes of {@code buf} from {@code off}, captured from a
   * frame of {@code wirelen} bytes at {@code tsNs} (rounded down to µs for a µs file).
   *
   * @throws IllegalArgumentException when the record does not fit the file (timestamp outside
   *     {@link #fits}, caplen above the snaplen or negative)
   */
  public void write(long tsNs, byte[] buf, int off, int caplen, int wirelen) throws IOException {
    if (!fits(tsNs)) throw new IllegalArgumentException("timestamp " + tsNs + " ns is outside what pcap holds");
    if (caplen < 0 || caplen > snaplen) {
      throw new IllegalArgumentException("captured length " + caplen + " outside 0.." + snaplen + " (the snaplen)");
    }
    if (wirelen < 0) throw new IllegalArgumentException("negative original length " + wirelen);
    long sec = tsNs / 1_000_000_000L;
    long frac = tsNs % 1_000_000_000L;
    putInt(0, (int) sec);
    putInt(4, (int) (nanos ? frac : frac / 1_000L));
    putInt(8, caplen);
    putInt(12, wirelen);
    emit(header, 0, PcapFramer.RECORD_HEADER);
    emit(buf, off, caplen);
    records++;
  }

  public InterfaceFormat format() {
    return format;
  }

  /** Bytes written so far, file header included. */
  public long bytes() {
    return bytes;
  }

  public long records() {
    return records;
  }

  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void emit(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    bytes += len;
  }

  private void putInt(int at, int v) {
    Bytes.putI32le(header, at, v);
  }

  private void putShort(int at, int v) {
    Bytes.putI16le(header, at, v);
  }
}

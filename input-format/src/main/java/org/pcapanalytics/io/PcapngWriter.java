package org.pcapanalytics.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a pcapng file (little-endian, one section) to a stream: a Section Header Block, then an
 * Interface Description Block the first time each distinct {@link InterfaceFormat} (link type,
 * snaplen, {@code if_tsresol}) is met, and one Enhanced Packet Block per record. So records of
 * several link types and resolutions share one file, each keeping its own timestamp resolution.
 *
 * <p>Allocates nothing per record once its interface is known (a few small writes each: give it
 * a buffered stream). Closing it closes the stream.
 */
public final class PcapngWriter implements Closeable {
  /** SHB option shb_userappl. */
  private static final int SHB_USERAPPL = 4;
  private static final int EPB_FIXED = 32;
  private static final byte[] ZEROS = new byte[3];

  private final OutputStream out;
  private final byte[] scratch = new byte[64];
  private final Map<InterfaceFormat, Integer> ids = new HashMap<>();
  private final List<InterfaceFormat> formats = new ArrayList<>();
  private final List<PcapngInterface> interfaces = new ArrayList<>();
  private InterfaceFormat lastFormat;
  private int lastId;
  private long bytes;
  private long records;

  /** Writes the section header, naming {@code application} (shb_userappl) as the writer. */
  public PcapngWriter(OutputStream out, String application) throws IOException {
    this.out = out;
    byte[] app = application.getBytes(StandardCharsets.UTF_8);
    int options = 4 + pad4(app.length) + 4;
    int total = 28 + options;
    Bytes.putI32le(scratch, 0, PcapngFramer.SHB);
    Bytes.putI32le(scratch, 4, total);
    Bytes.putI32le(scratch, 8, PcapngFramer.BYTE_ORDER_MAGIC);
    Bytes.putI16le(scratch, 12, 1); // version 1.0
    Bytes.putI16le(scratch, 14, 0);
    Bytes.putI32le(scratch, 16, -1); // section length: not given
    Bytes.putI32le(scratch, 20, -1);
    emit(scratch, 0, 24);
    option(SHB_USERAPPL, app);
    endOfOptions();
    trailer(total);
  }

  /**
   * The id of the interface of {@code format} in this file, writing its Interface Description
   * Block the first time.
   */
  public int interfaceId(InterfaceFormat format) throws IOException {
    if (format.equals(lastFormat)) return lastId;
    Integer id = ids.get(format);
    if (id == null) {
      id = formats.size();
      writeIdb(format);
      ids.put(format, id);
      formats.add(format);
      interfaces.add(format.asInterface());
    }
    lastFormat = format;
    lastId = id;
    return id;
  }

  /**
   * Writes one record on the interface of {@code format}: {@code caplen} bytes of {@code buf}
   * from {@code off}, captured from a frame of {@code wirelen} bytes at {@code tsNs} (rounded down
   * to the interface's resolution).
   *
   * @throws IllegalArgumentException when the record does not fit (timestamp before 1970, caplen
   *     negative or above a non-zero snaplen)
   */
  public void write(InterfaceFormat format, long tsNs, byte[] buf, int off, int caplen, int wirelen)
      throws IOException {
    int id = interfaceId(format);
    if (caplen < 0 || (format.snaplen() > 0 && caplen > format.snaplen())) {
      throw new IllegalArgumentException("captured length " + caplen + " outside 0.." + format.snaplen()
          + " (the interface's snaplen)");
    }
    if (wirelen < 0) throw new IllegalArgumentException("negative original length " + wirelen);
    long units = interfaces.get(id).toUnits(tsNs);
    if (units < 0) throw new IllegalArgumentException("timestamp " + tsNs + " ns is before 1970");
    int total = EPB_FIXED + pad4(caplen);
    Bytes.putI32le(scratch, 0, PcapngFramer.EPB);
    Bytes.putI32le(scratch, 4, total);
    Bytes.putI32le(scratch, 8, id);
    Bytes.putI32le(scratch, 12, (int) (units >>> 32));
    Bytes.putI32le(scratch, 16, (int) units);
    Bytes.putI32le(scratch, 20, caplen);
    Bytes.putI32le(scratch, 24, wirelen);
    emit(scratch, 0, 28);
    emit(buf, off, caplen);
    emit(ZEROS, 0, pad4(caplen) - caplen);
    trailer(total);
    records++;
  }

  /** The interfaces written so far, in id order. */
  public List<InterfaceFormat> interfaces() {
    return List.copyOf(formats);
  }

  /** Bytes written so far. */
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

  /** IDB: link type, snaplen, and if_tsresol unless it is the default (µs). */
  private void writeIdb(InterfaceFormat f) throws IOException {
    boolean tsresol = f.tsresol() != InterfaceFormat.TSRESOL_US;
    int total = 20 + (tsresol ? 8 + 4 : 0);
    Bytes.putI32le(scratch, 0, PcapngFramer.IDB);
    Bytes.putI32le(scratch, 4, total);
    Bytes.putI16le(scratch, 8, f.linkType());
    Bytes.putI16le(scratch, 10, 0);
    Bytes.putI32le(scratch, 12, f.snaplen());
    emit(scratch, 0, 16);
    if (tsresol) {
      option(PcapngFramer.IF_TSRESOL, new byte[] {(byte) f.tsresol()});
      endOfOptions();
    }
    trailer(total);
  }

  /** One option: code, length, value padded to 4 bytes. */
  private void option(int code, byte[] value) throws IOException {
    Bytes.putI16le(scratch, 0, code);
    Bytes.putI16le(scratch, 2, value.length);
    emit(scratch, 0, 4);
    emit(value, 0, value.length);
    emit(ZEROS, 0, pad4(value.length) - value.length);
  }

  private void endOfOptions() throws IOException {
    Bytes.putI32le(scratch, 0, PcapngFramer.OPT_END); // opt_endofopt: code 0, length 0
    emit(scratch, 0, 4);
  }

  private void trailer(int total) throws IOException {
    Bytes.putI32le(scratch, 0, total);
    emit(scratch, 0, 4);
  }

  private void emit(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    bytes += len;
  }

  private static int pad4(int n) {
    return (n + 3) & ~3;
  }
}

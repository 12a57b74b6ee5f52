package org.pcapanalytics.io;

/**
 * One captured frame, reused by the reader for every record (like Hadoop's {@code Text} in
 * {@code LineRecordReader}). The frame bytes are not copied: they are {@code caplen} bytes of
 * {@link #buffer()} starting at {@link #dataOffset()}, valid until the next call to the reader.
 */
public final class PacketRecord {
  String file;
  long offset;
  long timestampNanos;
  boolean hasTimestamp;
  int caplen;
  int wirelen;
  int interfaceId;
  int linkType;
  byte[] buffer;
  int dataOffset;
  InterfaceFormat format;

  /** Path of the capture file the record came from. */
  public String file() { return file; }

  /** Byte offset of the record (pcap record header or pcapng block) in its file. */
  public long offset() { return offset; }

  /** Capture time in nanoseconds since the epoch; meaningless when {@link #hasTimestamp()} is false. */
  public long timestampNanos() { return timestampNanos; }

  /** False for pcapng Simple Packet Blocks and timestamps outside the representable range. */
  public boolean hasTimestamp() { return hasTimestamp; }

  public int caplen() { return caplen; }

  public int wirelen() { return wirelen; }

  /** pcapng interface id within its section; 0 for pcap. */
  public int interfaceId() { return interfaceId; }

  /** LINKTYPE_ value of the frame's interface. */
  public int linkType() { return linkType; }

  /**
   * Link type, snaplen and timestamp resolution of the record's interface, to write the record
   * again as it was ({@link PcapWriter}, {@link PcapngWriter}); null when unknown (a record set
   * by hand) or beyond what the writers reproduce (link type above 65535, a resolution finer than
   * 1 ns).
   */
  public InterfaceFormat format() { return format; }

  public byte[] buffer() { return buffer; }

  public int dataOffset() { return dataOffset; }

  /** A copy of the captured bytes (for tests and slow paths; the hot path reads {@link #buffer()}). */
  public byte[] copyData() {
    byte[] out = new byte[caplen];
    System.arraycopy(buffer, dataOffset, out, 0, caplen);
    return out;
  }

  /** Sets every field; used by the framers and by tests that build records by hand. */
  public void set(String file, long offset, long timestampNanos, boolean hasTimestamp, int caplen, int wirelen,
      int interfaceId, int linkType, byte[] buffer, int dataOffset) {
    this.file = file;
    this.offset = offset;
    this.timestampNanos = timestampNanos;
    this.hasTimestamp = hasTimestamp;
    this.caplen = caplen;
    this.wirelen = wirelen;
    this.interfaceId = interfaceId;
    this.linkType = linkType;
    this.buffer = buffer;
    this.dataOffset = dataOffset;
    this.format = null; // the framers set it after
  }

  @Override
  public String toString() {
    return "PacketRecord{" + file + "@" + offset + ", ts=" + (hasTimestamp ? timestampNanos : "none") + ", caplen="
        + caplen + ", wirelen=" + wirelen + ", if=" + interfaceId + ", linktype=" + linkType + "}";
  }
}

package org.pcapanalytics.generate;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;

/** Classic libpcap format: a 24-byte file header, then a 16-byte header before each record. */
final class PcapFileWriter implements CaptureFileWriter {
  static final int MAGIC_US = 0xa1b2c3d4;
  static final int MAGIC_NS = 0xa1b23c4d;

  private final OutputBuffer out;
  private final boolean nanos;
  private final int snaplen;
  private final CaptureInterface iface;

  PcapFileWriter(OutputBuffer out, boolean nanos, int linkType, int snaplen) {
    this.out = out;
    this.nanos = nanos;
    this.snaplen = snaplen;
    this.iface = new CaptureInterface(0, linkType,
        nanos ? CaptureInterface.TSRESOL_NS : CaptureInterface.TSRESOL_US, 0, "pcap");
  }

  @Override
  public void begin() throws IOException {
    out.putInt(nanos ? MAGIC_NS : MAGIC_US);
    out.putShort(2);
    out.putShort(4);
    out.putInt(0); // thiszone
    out.putInt(0); // sigfigs
    out.putInt(snaplen);
    out.putInt(iface.linkType());
  }

  @Override
  public ByteOrder beginPacket() {
    return out.order();
  }

  @Override
  public long writePacket(int ifaceIndex, long tsNs, byte[] frame, int caplen, int wirelen) throws IOException {
    long units = iface.toUnits(tsNs);
    long per = nanos ? 1_000_000_000L : 1_000_000L;
    out.putInt((int) (units / per));
    out.putInt((int) (units % per));
    out.putInt(caplen);
    out.putInt(wirelen);
    out.putBytes(frame, 0, caplen);
    return iface.fromUnits(units);
  }

  @Override
  public void finish() throws IOException {
    out.flush();
  }

  @Override
  public long position() {
    return out.position();
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return List.of(iface);
  }

  @Override
  public long nonPacketBlocks() {
    return 0;
  }

  @Override
  public int sections() {
    return 1;
  }
}

package org.pcapanalytics.generate;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * pcapng: one or more sections (SHB + one IDB per interface), Enhanced Packet Blocks for packets, and
 * interleaved Name Resolution, Interface Statistics and Custom blocks that readers must skip. Some EPBs
 * carry an {@code opt_comment} or {@code epb_flags} option.
 */
final class PcapngFileWriter implements CaptureFileWriter {
  static final int BT_SHB = 0x0A0D0D0A;
  static final int BT_IDB = 1;
  static final int BT_NRB = 4;
  static final int BT_ISB = 5;
  static final int BT_EPB = 6;
  static final int BT_CB_COPY = 0x00000BAD;
  static final int BT_CB_NOCOPY = 0x40000BAD;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  /** IANA private enterprise number reserved for documentation (RFC 5612). */
  static final int DOC_PEN = 32473;

  private static final String[] COMMENTS = {
    "merged from sensor B", "retransmission suspected", "flagged by IDS rule 2100498",
    "kommentar: überprüfen", "tap port 7", "slow response",
  };

  private final OutputBuffer out;
  private final List<CaptureInterface> ifaces;
  private final SplittableRandom rng;
  private final List<NameRecord> names;
  private final int snaplen;
  private final int totalSections;
  private final long target;
  private final boolean alternate;
  private final ByteOrder firstOrder;

  private int sectionsStarted;
  private long nonPacketBlocks;
  private long packets;
  private long lastTsNs;
  private final long[] ifRecv;
  private final long[] ifFirstNs;
  private final long[] ifLastNs;

  PcapngFileWriter(OutputBuffer out, GeneratorOptions opts, List<CaptureInterface> ifaces, SplittableRandom rng,
           List<NameRecord> names) {
    this.out = out;
    this.ifaces = List.copyOf(ifaces);
    this.rng = rng;
    this.names = names;
    this.snaplen = opts.snaplen();
    this.totalSections = opts.sections();
    this.target = opts.targetBytes();
    this.alternate = opts.alternateSectionByteOrder();
    this.firstOrder = opts.byteOrder();
    this.lastTsNs = opts.start().getEpochSecond() * 1_000_000_000L + opts.start().getNano();
    this.ifRecv = new long[ifaces.size()];
    this.ifFirstNs = new long[ifaces.size()];
    this.ifLastNs = new long[ifaces.size()];
  }

  @Override
  public void begin() throws IOException {
    startSection();
  }

  private void startSection() throws IOException {
    ByteOrder order = alternate && sectionsStarted % 2 == 1 ? opposite(firstOrder) : firstOrder;
    out.order(order);
    sectionsStarted++;
    writeShb();
    for (CaptureInterface i : ifaces) {
      writeIdb(i);
    }
    java.util.Arrays.fill(ifRecv, 0);
    writeNrb(3 + rng.nextInt(6));
  }

  private void endSection() throws IOException {
    for (CaptureInterface i : ifaces) {
      writeIsb(i);
    }
  }

  @Override
  public ByteOrder beginPacket() throws IOException {
    if (sectionsStarted < totalSections && out.position() >= sectionsStarted * (target / totalSections)) {
      endSection();
      startSection();
    } else if (rng.nextInt(300) == 0) {
      int kind = rng.nextInt(10);
      if (kind < 4) {
        writeNrb(1 + rng.nextInt(4));
      } else if (kind < 7) {
        writeCustom();
      } else {
        writeIsb(ifaces.get(rng.nextInt(ifaces.size())));
      }
    }
    return out.order();
  }

  @Override
  public long writePacket(int iface, long tsNs, byte[] frame, int caplen, int wirelen) throws IOException {
    CaptureInterface ci = ifaces.get(iface);
    byte[] comment = null;
    boolean flags = false;
    int r = rng.nextInt(1000);
    if (r < 8) {
      comment = (COMMENTS[r % COMMENTS.length] + " #" + (packets + 1)).getBytes(StandardCharsets.UTF_8);
    } else if (r < 20) {
      flags = true;
    }
    int optLen = 0;
    if (comment != null) {
      optLen += 4 + pad4(comment.length);
    }
    if (flags) {
      optLen += 8;
    }
    if (optLen > 0) {
      optLen += 4;
    }
    int total = 32 + pad4(caplen) + optLen;
    long units = ci.toUnits(tsNs);
    out.putInt(BT_EPB);
    out.putInt(total);
    out.putInt(iface);
    out.putInt((int) (units >>> 32));
    out.putInt((int) units);
    out.putInt(caplen);
    out.putInt(wirelen);
    out.putBytes(frame, 0, caplen);
    out.putZeros(pad4(caplen) - caplen);
    if (comment != null) {
      putOption(1, comment);
    }
    if (flags) {
      out.putShort(2);
      out.putShort(4);
      out.putInt(1 + rng.nextInt(2)); // direction: inbound or outbound
    }
    if (optLen > 0) {
      out.putInt(0); // opt_endofopt
    }
    out.putInt(total);
    packets++;
    long seen = ci.fromUnits(units);
    if (ifRecv[iface]++ == 0) {
      ifFirstNs[iface] = seen;
    }
    ifLastNs[iface] = seen;
    lastTsNs = tsNs;
    return seen;
  }

  @Override
  public void finish() throws IOException {
    endSection();
    out.flush();
  }

  @Override
  public long position() {
    return out.position();
  }

  @Override
  public List<CaptureInterface> interfaces() {
    return ifaces;
  }

  @Override
  public long nonPacketBlocks() {
    return nonPacketBlocks;
  }

  @Override
  public int sections() {
    return sectionsStarted;
  }

  private void writeShb() throws IOException {
    byte[] hw = utf8("x86_64");
    byte[] os = utf8("Linux 6.1.0-synthetic");
    byte[] app = utf8("pcap-analytics capture generator");
    byte[] comment = utf8("section " + sectionsStarted + " of " + totalSections);
    int opts = optSize(hw) + optSize(os) + optSize(app) + optSize(comment) + 4;
    int total = 28 + opts;
    out.putInt(BT_SHB);
    out.putInt(total);
    out.putInt(BYTE_ORDER_MAGIC);
    out.putShort(1);
    out.putShort(0);
    out.putLong(-1L); // section length unknown
    putOption(1, comment);
    putOption(2, hw);
    putOption(3, os);
    putOption(4, app);
    out.putInt(0);
    out.putInt(total);
    nonPacketBlocks++;
  }

  private void writeIdb(CaptureInterface i) throws IOException {
    byte[] name = utf8(i.name());
    int opts = optSize(name) + 4;
    if (i.tsresol() != CaptureInterface.TSRESOL_ABSENT) {
      opts += 8;
    }
    if (i.tsOffsetSec() != 0) {
      opts += 12;
    }
    int total = 20 + opts;
    out.putInt(BT_IDB);
    out.putInt(total);
    out.putShort(i.linkType());
    out.putShort(0);
    out.putInt(snaplen);
    putOption(2, name);
    if (i.tsresol() != CaptureInterface.TSRESOL_ABSENT) {
      out.putShort(9);
      out.putShort(1);
      out.putByte(i.tsresol());
      out.putZeros(3);
    }
    if (i.tsOffsetSec() != 0) {
      out.putShort(14);
      out.putShort(8);
      out.putLong(i.tsOffsetSec());
    }
    out.putInt(0);
    out.putInt(total);
    nonPacketBlocks++;
  }

  private void writeIsb(CaptureInterface i) throws IOException {
    int id = i.id();
    long end = ifRecv[id] > 0 ? ifLastNs[id] : lastTsNs;
    long start = ifRecv[id] > 0 ? ifFirstNs[id] : lastTsNs;
    int total = 24 + 12 + 12 + 12 + 12 + 12 + 4;
    out.putInt(BT_ISB);
    out.putInt(total);
    out.putInt(id);
    putTimestamp(i.toUnits(end));
    out.putShort(2); // isb_starttime
    out.putShort(8);
    putTimestamp(i.toUnits(start));
    out.putShort(3); // isb_endtime
    out.putShort(8);
    putTimestamp(i.toUnits(end));
    out.putShort(4); // isb_ifrecv
    out.putShort(8);
    out.putLong(ifRecv[id]);
    out.putShort(5); // isb_ifdrop
    out.putShort(8);
    out.putLong(0);
    out.putShort(8); // isb_usrdeliv
    out.putShort(8);
    out.putLong(ifRecv[id]);
    out.putInt(0);
    out.putInt(total);
    nonPacketBlocks++;
  }

  private void putTimestamp(long units) throws IOException {
    out.putInt((int) (units >>> 32));
    out.putInt((int) units);
  }

  private void writeNrb(int count) throws IOException {
    if (names.isEmpty()) {
      return;
    }
    int n = Math.min(count, names.size());
    int first = rng.nextInt(names.size());
    int body = 4; // end-of-records
    for (int k = 0; k < n; k++) {
      NameRecord nr = names.get((first + k) % names.size());
      body += 4 + pad4(nr.address().length + utf8(nr.name()).length + 1);
    }
    int total = 12 + body;
    out.putInt(BT_NRB);
    out.putInt(total);
    for (int k = 0; k < n; k++) {
      NameRecord nr = names.get((first + k) % names.size());
      byte[] nm = utf8(nr.name());
      int len = nr.address().length + nm.length + 1;
      out.putShort(nr.address().length == 4 ? 1 : 2);
      out.putShort(len);
      out.putBytes(nr.address(), 0, nr.address().length);
      out.putBytes(nm, 0, nm.length);
      out.putZeros(1 + pad4(len) - len);
    }
    out.putInt(0); // nrb_record_end
    out.putInt(total);
    nonPacketBlocks++;
  }

  private void writeCustom() throws IOException {
    byte[] data = utf8("{\"sensor\":\"synthetic\",\"seq\":" + packets + "}");
    int total = 16 + pad4(data.length);
    out.putInt(rng.nextBoolean() ? BT_CB_COPY : BT_CB_NOCOPY);
    out.putInt(total);
    out.putInt(DOC_PEN);
    out.putBytes(data, 0, data.length);
    out.putZeros(pad4(data.length) - data.length);
    out.putInt(total);
    nonPacketBlocks++;
  }

  private void putOption(int code, byte[] value) throws IOException {
    out.putShort(code);
    out.putShort(value.length);
    out.putBytes(value, 0, value.length);
    out.putZeros(pad4(value.length) - value.length);
  }

  private static int optSize(byte[] value) {
    return 4 + pad4(value.length);
  }

  static int pad4(int n) {
    return (n + 3) & ~3;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static ByteOrder opposite(ByteOrder o) {
    return o == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }
}

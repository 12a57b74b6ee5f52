package org.pcapanalytics.generate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent, strict reader of the files the generator writes, written from the pcap and pcapng
 * specifications (it shares no code with the writers). Any structural problem throws {@link AssertionError}.
 */
final class CaptureWalker {
  static final long NS = 1_000_000_000L;

  /** One packet record. {@code dataOffset} is the file offset of the first captured byte. */
  record Rec(long blockOffset, int dataOffset, int caplen, int wirelen, long tsNs, int iface, int linkType,
      ByteOrder order, int section) {
    int dataEnd() {
      return dataOffset + caplen;
    }
  }

  /** A pcapng interface (or the single pcap one). */
  record Iface(int linkType, int snaplen, int tsresol, long tsOffset) {
  }

  static final class Result {
    final List<Rec> records = new ArrayList<>();
    final List<List<Iface>> interfaces = new ArrayList<>();
    final List<ByteOrder> sectionOrders = new ArrayList<>();
    long nonPacketBlocks;
    long nrbBlocks;
    long isbBlocks;
    long customBlocks;
    long commentedPackets;
    boolean pcapng;
    boolean nanos;
    int snaplen;
  }

  private CaptureWalker() {
  }

  static Result walk(byte[] file) {
    check(file.length >= 24, "file shorter than a header");
    int magicLe = ByteBuffer.wrap(file, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (magicLe == 0x0A0D0D0A) {
      return walkPcapng(file);
    }
    return walkPcap(file);
  }

  private static Result walkPcap(byte[] file) {
    Result r = new Result();
    ByteBuffer b = ByteBuffer.wrap(file);
    int m = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    ByteOrder order;
    if (m == 0xa1b2c3d4 || m == 0xa1b23c4d) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      order = ByteOrder.BIG_ENDIAN;
      m = b.order(order).getInt(0);
      check(m == 0xa1b2c3d4 || m == 0xa1b23c4d, "bad pcap magic");
    }
    b.order(order);
    r.nanos = m == 0xa1b23c4d;
    check(b.getShort(4) == 2 && b.getShort(6) == 4, "pcap version must be 2.4");
    r.snaplen = b.getInt(16);
    int linkType = b.getInt(20);
    r.interfaces.add(List.of(new Iface(linkType, r.snaplen, r.nanos ? 9 : 6, 0)));
    r.sectionOrders.add(order);
    int pos = 24;
    while (pos < file.length) {
      check(pos + 16 <= file.length, "truncated record header at " + pos);
      long sec = b.getInt(pos) & 0xFFFF_FFFFL;
      long frac = b.getInt(pos + 4) & 0xFFFF_FFFFL;
      int caplen = b.getInt(pos + 8);
      int wirelen = b.getInt(pos + 12);
      check(frac < (r.nanos ? NS : 1_000_000L), "fraction out of range at " + pos);
      check(caplen >= 0 && caplen <= r.snaplen && caplen <= wirelen, "bad caplen " + caplen + " at " + pos);
      check(pos + 16 + caplen <= file.length, "truncated record data at " + pos);
      long ts = sec * NS + (r.nanos ? frac : frac * 1000);
      r.records.add(new Rec(pos, pos + 16, caplen, wirelen, ts, 0, linkType, order, 0));
      pos += 16 + caplen;
    }
    return r;
  }

  private static Result walkPcapng(byte[] file) {
    Result r = new Result();
    r.pcapng = true;
    ByteBuffer b = ByteBuffer.wrap(file);
    ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 0;
    List<Iface> ifaces = null;
    int section = -1;
    while (pos < file.length) {
      check(pos % 4 == 0, "block not aligned at " + pos);
      check(pos + 12 <= file.length, "truncated block at " + pos);
      if (le.getInt(pos) == 0x0A0D0D0A) {
        int bom = le.getInt(pos + 8);
        ByteOrder o = bom == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        b.order(o);
        check(b.getInt(pos + 8) == 0x1A2B3C4D, "bad byte-order magic at " + pos);
        check(b.getShort(pos + 12) == 1 && b.getShort(pos + 14) == 0, "SHB version must be 1.0");
        ifaces = new ArrayList<>();
        r.interfaces.add(ifaces);
        r.sectionOrders.add(o);
        section++;
      }
      check(ifaces != null, "file does not start with an SHB");
      int type = b.getInt(pos);
      int len = b.getInt(pos + 4);
      check(len >= 12 && len % 4 == 0 && pos + len <= file.length, "bad block length " + len + " at " + pos);
      check(b.getInt(pos + len - 4) == len, "trailing length differs at " + pos);
      switch (type) {
        case 0x0A0D0D0A:
          r.nonPacketBlocks++;
          options(b, pos + 24, pos + len - 4, null);
          break;
        case 1: {
          int link = b.getShort(pos + 8) & 0xFFFF;
          int snap = b.getInt(pos + 12);
          long[] opt = {6, 0};
          options(b, pos + 16, pos + len - 4, opt);
          ifaces.add(new Iface(link, snap, (int) opt[0], opt[1]));
          r.snaplen = Math.max(r.snaplen, snap);
          r.nonPacketBlocks++;
          break;
        }
        case 6: {
          int id = b.getInt(pos + 8);
          check(id < ifaces.size(), "EPB interface " + id + " undefined at " + pos);
          Iface i = ifaces.get(id);
          long units = ((b.getInt(pos + 12) & 0xFFFF_FFFFL) << 32) | (b.getInt(pos + 16) & 0xFFFF_FFFFL);
          int caplen = b.getInt(pos + 20);
          int wirelen = b.getInt(pos + 24);
          int padded = (caplen + 3) & ~3;
          check(caplen >= 0 && 32 + padded <= len, "EPB caplen " + caplen + " exceeds block at " + pos);
          check(caplen <= i.snaplen() && caplen <= wirelen, "bad EPB caplen at " + pos);
          long[] comment = {0, 0};
          options(b, pos + 28 + padded, pos + len - 4, comment);
          if (comment[1] != 0) {
            r.commentedPackets++;
          }
          r.records.add(new Rec(pos, pos + 28, caplen, wirelen, toNs(units, i), id, i.linkType(),
              b.order(), section));
          break;
        }
        case 4:
          r.nrbBlocks++;
          r.nonPacketBlocks++;
          nrb(b, pos + 8, pos + len - 4);
          break;
        case 5:
          check(b.getInt(pos + 8) < ifaces.size(), "ISB for undefined interface at " + pos);
          options(b, pos + 20, pos + len - 4, null);
          r.isbBlocks++;
          r.nonPacketBlocks++;
          break;
        case 0x00000BAD:
        case 0x40000BAD:
          r.customBlocks++;
          r.nonPacketBlocks++;
          break;
        default:
          throw new AssertionError("unexpected block type " + Integer.toHexString(type) + " at " + pos);
      }
      pos += len;
    }
    return r;
  }

  /** Walks options; for an IDB {@code out} receives tsresol and tsoffset, for an EPB out[1] = 1 if commented. */
  private static void options(ByteBuffer b, int pos, int end, long[] out) {
    if (pos == end) {
      return;
    }
    while (true) {
      check(pos + 4 <= end, "options run past the block");
      int code = b.getShort(pos) & 0xFFFF;
      int len = b.getShort(pos + 2) & 0xFFFF;
      if (code == 0) {
        check(len == 0 && pos + 4 == end, "opt_endofopt must end the options");
        return;
      }
      check(pos + 4 + len <= end, "option longer than the block");
      if (out != null && out.length == 2) {
        if (code == 9 && len == 1) {
          out[0] = b.get(pos + 4) & 0xFF;
        } else if (code == 14 && len == 8) {
          out[1] = b.getLong(pos + 4);
        } else if (code == 1) {
          out[1] = 1;
        }
      }
      pos += 4 + ((len + 3) & ~3);
    }
  }

  private static void nrb(ByteBuffer b, int pos, int end) {
    while (true) {
      check(pos + 4 <= end, "NRB records run past the block");
      int type = b.getShort(pos) & 0xFFFF;
      int len = b.getShort(pos + 2) & 0xFFFF;
      if (type == 0) {
        check(len == 0, "nrb_record_end with a length");
        return;
      }
      check(type == 1 && len > 5 || type == 2 && len > 17, "bad NRB record");
      pos += 4 + ((len + 3) & ~3);
    }
  }

  static long toNs(long units, Iface i) {
    int r = i.tsresol();
    long base = i.tsOffset() * NS;
    if ((r & 0x80) != 0) {
      int k = r & 0x7F;
      return base + (units >>> k) * NS + (((units & ((1L << k) - 1)) * NS) >>> k);
    }
    long per = 1;
    for (int j = 0; j < r; j++) {
      per *= 10;
    }
    return base + units / per * NS + (units % per) * (NS / per);
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}

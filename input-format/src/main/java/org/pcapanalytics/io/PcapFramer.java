package org.pcapanalytics.io;

import java.io.IOException;

/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header (seconds,
 * fraction, incl_len, orig_len) and incl_len bytes. µs and ns magics in both byte orders.
 *
 * <p>Record boundaries cannot be recognised from one header alone (there is no marker), so the
 * boundary finder accepts a position only when a chain of {@value #CHAIN} consecutive headers
 * from it is sound; every path judges a header by one rule ({@link #judge}). See
 * {@link CaptureReader} for why that is combined with a walk from before the split start.
 */
final class PcapFramer extends Framer {
  static final int FILE_HEADER = 24;
  static final int RECORD_HEADER = 16;
  /** The file magics as written in the file's own byte order (µs and ns timestamps). */
  static final int MAGIC_US = 0xA1B2C3D4, MAGIC_NS = 0xA1B23C4D;
  /** libpcap's largest snapshot length for most link types. */
  static final int MAX_SNAPLEN = 262_144;
  /** Largest incl_len read at all (some link types allow more than MAX_SNAPLEN). */
  static final int HARD_MAX_CAPLEN = 64 << 20;
  /** Largest orig_len considered plausible while searching (TSO/GRO super-frames stay far below). */
  static final long PLAUSIBLE_MAX_WIRELEN = 1 << 24;
  /** Consecutive plausible headers that make a boundary. */
  static final int CHAIN = 16;
  /** Records two chains must run in step before the left one is taken for the chain (see canonical). */
  static final int CHAIN_BEFORE_DAMAGE = 4;
  /** What {@link #judge} makes of a record header. */
  static final int SOUND = 0;
  static final int ODD = 1;
  static final int IMPOSSIBLE = 2;

  private final String file;
  private boolean le;
  private boolean nanos;
  private int linkType;
  private int readMax;
  /** The file header's, for the default lookback only: records are not bounded by it. */
  private long snaplen;
  private InterfaceFormat format;

  private Object[] state;
  /** Records that start before this were reached from a boundary search lately: settled (see {@link #read}). */
  private long settleUntil = -1;

  private PcapFramer(String file) {
    this.file = file;
  }

  /** True when the 4 bytes are one of the pcap magics in either byte order. */
  static boolean isMagic(int beWord) {
    return magicKind(beWord) != 0;
  }

  /** 1 = µs little-endian, 2 = µs big-endian, 3 = ns LE, 4 = ns BE, 0 = not pcap. */
  private static int magicKind(int be) {
    switch (be) {
      case 0xD4C3B2A1: return 1; // MAGIC_US byte-swapped
      case MAGIC_US: return 2;
      case 0x4D3CB2A1: return 3; // MAGIC_NS byte-swapped
      case MAGIC_NS: return 4;
      default: return 0;
    }
  }

  /** Version 2.4, zero time zone and accuracy: a file header rather than a record that happens to start with a magic. */
  private static boolean isFileHeader(byte[] b, int i) {
    int kind = magicKind(Bytes.i32be(b, i));
    boolean little = kind == 1 || kind == 3;
    return Bytes.u16(b, i + 4, little) == 2 && Bytes.u16(b, i + 6, little) == 4 && Bytes.i32(b, i + 8, little) == 0
        && Bytes.i32(b, i + 12, little) == 0;
  }

  static PcapFramer fromHeader(String file, byte[] b, int i) throws MalformedCaptureException {
    PcapFramer f = new PcapFramer(file);
    if (!f.parseHeader(b, i)) throw new MalformedCaptureException(file, 0, "bad pcap file header");
    return f;
  }

  private boolean parseHeader(byte[] b, int i) {
    int kind = magicKind(Bytes.i32be(b, i));
    if (kind == 0) return false;
    boolean little = kind == 1 || kind == 3;
    if (Bytes.u16(b, i + 4, little) != 2) return false;
    le = little;
    nanos = kind >= 3;
    snaplen = Bytes.u32(b, i + 16, le);
    linkType = Bytes.i32(b, i + 20, le) & 0x03FF_FFFF; // upper bits carry FCS information
    readMax = (int) Math.min(HARD_MAX_CAPLEN, Math.max(MAX_SNAPLEN, snaplen));
    format = InterfaceFormat.orNull(linkType, snaplen, nanos ? InterfaceFormat.TSRESOL_NS : InterfaceFormat.TSRESOL_US);
    state = new Object[] {le, nanos, linkType, snaplen, readMax, format};
    return true;
  }

  @Override
  Object state() { return state; }

  @Override
  void restore(Object token) {
    Object[] s = (Object[]) token;
    le = (Boolean) s[0];
    nanos = (Boolean) s[1];
    linkType = (Integer) s[2];
    snaplen = (Long) s[3];
    readMax = (Integer) s[4];
    format = (InterfaceFormat) s[5];
    state = s;
  }

  @Override
  long firstRecordOffset() { return FILE_HEADER; }

  /** Four of the longest records the file header's snaplen announces, at least 1 MiB. */
  @Override
  long defaultLookback() {
    long announced = snaplen > 0 && snaplen <= MAX_SNAPLEN ? snaplen : MAX_SNAPLEN;
    return Math.max(1 << 20, 8L * (announced + RECORD_HEADER));
  }

  /** Twice the longest sound record: the snaplen in the file header is not trusted to bound them. */
  @Override
  long minLookback() {
    return 2L * (MAX_SNAPLEN + RECORD_HEADER);
  }

  @Override
  int read(ByteWindow w, long pos, PacketRecord rec, boolean emit) throws IOException {
    int a = w.ensure(pos, RECORD_HEADER);
    if (a == 0) return END;
    if (a < RECORD_HEADER) {
      next = pos + a;
      detail = "record header cut short (" + a + " of 16 bytes)";
      return TRUNCATED;
    }
    byte[] b = w.buf();
    int i = w.index(pos);
    // `cat a.pcap b.pcap` leaves a second file header where a record should be.
    if (isMagic(Bytes.i32be(b, i)) && w.ensure(pos, FILE_HEADER) == FILE_HEADER && isFileHeader(w.buf(), w.index(pos))
        && parseHeader(w.buf(), w.index(pos))) {
      next = pos + FILE_HEADER;
      return META;
    }
    int verdict = judge(b, i);
    long caplen = Bytes.u32(b, i + 8, le);
    if (verdict == IMPOSSIBLE) {
      next = pos;
      detail = "impossible record header: " + (caplen > readMax ? "incl_len " + caplen + " exceeds " + readMax
          : "an empty record with orig_len " + Bytes.u32(b, i + 12, le) + " and fraction " + Bytes.u32(b, i + 4, le));
      return CORRUPT;
    }
    int need = RECORD_HEADER + (int) caplen;
    int got = w.ensure(pos, need);
    if (got < need) {
      next = pos + got;
      detail = "record of " + need + " bytes cut short by the end of the file (" + got + " bytes present)";
      return TRUNCATED;
    }
    long q = pos + need;
    boolean odd = verdict == ODD;
    if (odd ? chainInside(w, pos, q) : overruns(w, pos, q)) {
      next = pos;
      detail = "incl_len " + caplen + " runs past the start of the next record";
      return CORRUPT;
    }
    // A header that reads but does not look right may have a damaged incl_len that lands a few
    // bytes into the next header, on the chain's shadow; and a chain a search found may be fake
    // and merge into the shadow of the real one within one record. Settle on the chain then:
    // whoever reads this record, from whichever start, settles alike.
    next = q;
    if (odd || q < settleUntil) {
      w.pin(true); // the record's bytes must outlive the look ahead
      try {
        next = canonical(w, q, pos + RECORD_HEADER);
      } finally {
        w.pin(false);
      }
    }
    if (emit) {
      b = w.buf();
      i = w.index(pos);
      long sec = Bytes.u32(b, i, le);
      long frac = Bytes.u32(b, i + 4, le);
      long ts = sec * 1_000_000_000L + (nanos ? frac : frac * 1_000L);
      rec.set(file, pos, ts, true, (int) caplen, (int) Bytes.u32(b, i + 12, le), 0, linkType, b, i + RECORD_HEADER);
      rec.format = format;
    }
    return RECORD;
  }

  /**
   * A damaged incl_len that is still readable sends the chain into the middle of later data,
   * and readers that start after the damage would not follow it there. So when the header after
   * a record does not look like one, the record itself is suspect if a chain of plausible
   * records starts inside it: then it is the damaged one (and is skipped); otherwise the damage
   * is in the next header, which the next read reports. Decided from the bytes alone, so every
   * reader that meets the record decides alike. Costs nothing while headers look right.
   */
  private boolean overruns(ByteWindow w, long pos, long q) throws IOException {
    int a = w.ensure(q, FILE_HEADER);
    if (a < RECORD_HEADER) return false; // the end of the input
    byte[] b = w.buf();
    int i = w.index(q);
    if (judge(b, i) == SOUND || (a == FILE_HEADER && isMagic(Bytes.i32be(b, i)) && isFileHeader(b, i))) return false;
    return chainInside(w, pos, q);
  }

  /**
   * Whether a chain of plausible records starts inside the record [pos, q). Also asked of every
   * record whose own header does not look right, whatever follows it: a damaged incl_len can land
   * on a real record further on and would silently swallow the records in between, which readers
   * starting among them return.
   */
  private boolean chainInside(ByteWindow w, long pos, long q) throws IOException {
    // From the end of this header on: a chain starting inside the header is its own shadow.
    for (long p = pos + RECORD_HEADER; p < q; p++) {
      if (w.ensure(p, RECORD_HEADER) < RECORD_HEADER) return false;
      if (judge(w.buf(), w.index(p)) == SOUND && chainFrom(w, p, false)) return true;
    }
    return false;
  }

  /**
   * The one rule by which a record header is judged, by the reader, the boundary search and the
   * shadow test alike, so that a record reads the same whoever meets it:
   * <ul>
   *   <li>{@link #IMPOSSIBLE}: incl_len beyond what is read at all, or an empty record that is
   *       not sound (nothing to read, and zeros and garbage look like that); the chain is lost
   *       here.</li>
   *   <li>{@link #SOUND}: what capture tools write — incl_len within libpcap's largest snapshot
   *       length (not the file header's snaplen: writers understate it, and a damaged one would
   *       make every record look wrong), orig_len from incl_len up to 16 MiB and not 0, a
   *       fraction below one second. Search chains are made of these.</li>
   *   <li>{@link #ODD}: readable but not sound (a damaged fraction or orig_len, an incl_len
   *       beyond the usual limit): read as a record unless a chain starts inside it; a search
   *       chain steps over one, as the reader does.</li>
   * </ul>
   */
  private int judge(byte[] b, int i) {
    long caplen = Bytes.u32(b, i + 8, le);
    if (caplen > readMax) return IMPOSSIBLE;
    long wirelen = Bytes.u32(b, i + 12, le);
    long frac = Bytes.u32(b, i + 4, le);
    boolean sound = caplen <= MAX_SNAPLEN && wirelen >= caplen && wirelen > 0 && wirelen <= PLAUSIBLE_MAX_WIRELEN
        && frac < (nanos ? 1_000_000_000L : 1_000_000L);
    return sound ? SOUND : caplen == 0 ? IMPOSSIBLE : ODD;
  }

  /**
   * {@inheritDoc} A chain found here may lie inside a record's payload; it merges with the real
   * chain, or with its shadow, within one record. So the records read within the shortest
   * lookback after it are settled on the canonical chain, by the reader that resynchronised here
   * after damage and by one that synchronised here to reach its split start alike.
   */
  @Override
  long findBoundary(ByteWindow w, long from, long floor) throws IOException {
    long q = search(w, from, floor);
    if (q >= 0) settleUntil = q + minLookback();
    return q;
  }

  private long search(ByteWindow w, long from, long floor) throws IOException {
    for (long q = from; ; q++) {
      w.keepFrom(Math.max(0, q - (RECORD_HEADER - 1))); // canonical and pastDamagedHead look back
      if (w.ensure(q, RECORD_HEADER) < RECORD_HEADER) return -1;
      byte[] b = w.buf();
      int i = w.index(q);
      if (judge(b, i) != IMPOSSIBLE && chainFrom(w, q, true)) {
        long c = canonical(w, q, floor);
        return c != q ? c : pastDamagedHead(w, q, floor);
      }
    }
  }

  /**
   * After a corrupt record at {@code floor - 1} the first chain found is often that record's own
   * shadow (its orig_len serves as incl_len), which runs in step with the real chain 4 bytes to
   * its right. The shadow's first record is the damaged one read 4 bytes late; the real chain
   * goes on at the shadow's second record, 4 bytes earlier. A reader that synchronises before
   * the damage meets the corrupt record and comes here too, so both go on from the same record.
   */
  private long pastDamagedHead(ByteWindow w, long q, long floor) throws IOException {
    for (long p = Math.max(FILE_HEADER, q - (RECORD_HEADER - 1)); p < floor; p++) {
      if (inStep(w, p, q) && w.ensure(q, RECORD_HEADER) == RECORD_HEADER) {
        return q + RECORD_HEADER + Bytes.u32(w.buf(), w.index(q) + 8, le) - (q - p);
      }
    }
    return q;
  }

  /**
   * A real chain has shadows: read 4 bytes into each header, (fraction, incl_len, orig_len,
   * first data bytes) is often a plausible header too, and since its "incl_len" is the real
   * orig_len it jumps in step with the real chain forever when frames are not truncated. Such
   * shadows lie to the right of the real chain, never to its left (a header read 4 bytes early
   * takes the fraction as incl_len and soon derails). So among chains running in step within one
   * header length, the leftmost is the real one.
   */
  private long canonical(ByteWindow w, long q, long floor) throws IOException {
    long lowest = Math.max(Math.max(floor, FILE_HEADER), q - (RECORD_HEADER - 1));
    for (long p = lowest; p < q; p++) {
      if (inStep(w, p, q)) return p;
    }
    return q;
  }

  /**
   * Whether chains from p and q run in step for CHAIN records (equal incl_len at every step, so
   * the same distance apart). One damaged header on the left is stepped over, as readers do: a
   * readable odd one (a damaged fraction or orig_len), or one whose incl_len differs from the
   * right chain's (a damaged incl_len a search skips, whose shadow still looks fine); the left
   * chain then goes on where the right one does.
   */
  private boolean inStep(ByteWindow w, long p, long q) throws IOException {
    long a = p;
    long b = q;
    boolean odd = false;
    int matched = 0;
    for (int k = 0; k < CHAIN; k++) {
      if (w.ensure(b, RECORD_HEADER) < RECORD_HEADER) return matched > 0;
      if (w.ensure(a, RECORD_HEADER) < RECORD_HEADER) return false;
      byte[] buf = w.buf();
      long len = Bytes.u32(buf, w.index(a) + 8, le);
      long right = Bytes.u32(buf, w.index(b) + 8, le);
      // Damage or a truncated frame ends a shadow's run; in step until then, the left one is the chain.
      if (judge(buf, w.index(a)) != SOUND || len != right) {
        if (odd || judge(buf, w.index(b)) == IMPOSSIBLE) return matched >= CHAIN_BEFORE_DAMAGE;
        odd = true;
      }
      if (len == right) matched++;
      a += RECORD_HEADER + right;
      b += RECORD_HEADER + right;
    }
    return true;
  }

  /**
   * A chain cut short by damage at {@code p} still makes a boundary at q when it covers more bytes
   * than any record can: a run of fake records lies inside one real record, so it cannot; and
   * records shortly before damage are then not skipped by a reader synchronising near them.
   */
  private boolean coversARecord(long q, long p) {
    return p - q > MAX_SNAPLEN + RECORD_HEADER;
  }

  /**
   * A chain of CHAIN plausible headers from q; a shorter chain counts when it ends exactly at the
   * end of the input, with a record cut off by the end after at least two complete ones (a
   * single header with a large incl_len would otherwise pass as a cut-off record), or at a
   * damaged header after covering more than a record's length.
   */
  private boolean chainFrom(ByteWindow w, long q, boolean stepOverOdd) throws IOException {
    long p = q;
    boolean odd = !stepOverOdd;
    for (int k = 0; k < CHAIN; k++) {
      int a = w.ensure(p, RECORD_HEADER);
      if (a == 0) return k > 0;
      if (a < RECORD_HEADER) return k >= 2;
      byte[] b = w.buf();
      int i = w.index(p);
      int verdict = judge(b, i);
      if (verdict != SOUND) {
        if (odd || verdict == IMPOSSIBLE) return coversARecord(q, p);
        odd = true;
      }
      long len = RECORD_HEADER + Bytes.u32(b, i + 8, le);
      if (w.ensure(p, (int) len) < len) return k >= 2;
      p += len;
    }
    return true;
  }
}

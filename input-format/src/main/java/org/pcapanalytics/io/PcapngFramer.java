package org.pcapanalytics.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pcapng: a sequence of blocks (type, total length, body, total length again). Each Section
 * Header Block starts a section with its own byte order and interface numbering; Interface
 * Description Blocks give each interface's link type and timestamp scale; EPB, SPB and the
 * obsolete PB carry packets; all other blocks are skipped.
 *
 * <p>Boundaries are easy to recognise here: a block starts at a 4-byte aligned offset, has a
 * known type, and its total length is repeated in its last four bytes. A split that starts
 * mid-section learns the section from the file head (SHB and the IDBs before the first packet,
 * the layout every capture tool writes), from the blocks it walks past before its start, and —
 * only when those disagree with what it finds (another byte order, an interface id it does not
 * know) — by walking back block by block, using the trailing lengths, to the section's SHB.
 */
final class PcapngFramer extends Framer {
  private static final Logger LOG = LoggerFactory.getLogger(PcapngFramer.class);
  static final int SHB = 0x0A0D0D0A;
  static final int IDB = 1;
  static final int PB = 2;
  static final int SPB = 3;
  static final int EPB = 6;
  /** The SHB's byte-order magic as written in the section's own byte order. */
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  /** Option codes: end of options; IDB if_tsresol and if_tsoffset. */
  static final int OPT_END = 0, IF_TSRESOL = 9, IF_TSOFFSET = 14;
  /** Blocks longer than this are treated as corrupt (libpcap uses 16 MiB as its default limit). */
  static final int MAX_BLOCK = 64 << 20;
  /** Consecutive valid blocks that make a boundary. */
  static final int CHAIN = 8;
  /** How far the head (SHB and IDBs before the first packet) is read at most. */
  static final int MAX_HEAD = 4 << 20;

  private final String file;
  private boolean le;
  /** Interfaces of the current section; replaced, never modified, so {@link #state()} stays cheap. */
  private List<PcapngInterface> interfaces = List.of();
  /** Offset of the SHB of the current section. */
  private long sectionStart;
  private Object[] state = {false, interfaces, 0L};
  private long headEnd = -1;
  /** Type of the block read last (for the head scan). */
  private int lastType;
  /** The last BAD_RECORD named an interface the section does not describe. */
  private boolean unknownInterface;
  /** Position of the last block {@link #repair} was tried on. */
  private long lastRepair = -1;
  /** Section recoveries tried by this reader; each walks back to the SHB, so they are capped. */
  private int repairs;
  static final int MAX_REPAIRS = 8;
  /** SHB offsets known so far, ascending: the head's, those declared section lengths lead to, or a scan's. */
  private final List<Long> sections = new ArrayList<>(List.of(0L));
  /** No SHB exists after the last of {@link #sections} that this framer could learn of without reading every block. */
  private boolean sectionsComplete;
  /** The first section's interfaces and byte order, to notice a later section a split could mistake for it. */
  private List<PcapngInterface> headInterfaces = List.of();
  private boolean headLe;
  private boolean sectionWarned;
  private boolean ambiguousSection;

  PcapngFramer(String file) {
    this.file = file;
  }

  @Override
  Object state() { return state; }

  @SuppressWarnings("unchecked")
  @Override
  void restore(Object token) {
    Object[] s = (Object[]) token;
    le = (Boolean) s[0];
    interfaces = (List<PcapngInterface>) s[1];
    sectionStart = (Long) s[2];
    state = s;
  }

  private void newState() {
    state = new Object[] {le, interfaces, sectionStart};
  }

  /**
   * Gives the offsets of every Section Header Block of the file (ascending), found by a scan of
   * the whole file's block headers ({@link #scanSections}). Without it, later sections are
   * found by following the section lengths SHBs declare, as far as they declare one.
   */
  void sections(SectionIndex index) {
    sections.clear();
    for (long o : index.offsets) sections.add(o);
    if (sections.isEmpty() || sections.get(0) != 0) sections.add(0, 0L);
    sectionsComplete = index.complete;
  }

  /**
   * Walks the block headers of a whole pcapng file once (a sequential read) and returns where its
   * sections start. Stops at the first damaged block: the index then covers the file up to there.
   */
  static SectionIndex scanSections(ByteWindow w) throws IOException {
    List<Long> found = new ArrayList<>();
    boolean order = true;
    long p = 0;
    while (true) {
      w.keepFrom(p);
      if (w.ensure(p, 1) == 0) return new SectionIndex(found, true);
      long len = blockAt(w, p, order);
      if (len < 0) return new SectionIndex(found, false);
      if (isShb(w, p)) {
        found.add(p);
        order = shbOrder(w, p);
      }
      p += len;
    }
  }

  PcapngInterface iface(int id) { return interfaces.get(id); }

  /** Reads the SHB at offset 0 and the metadata blocks that follow it, up to the first packet. */
  void readHead(ByteWindow w) throws IOException {
    long pos = 0;
    int st = read(w, 0, null, false);
    if (st != META || lastType != SHB) {
      throw new MalformedCaptureException(file, 0, "bad pcapng section header: " + detail);
    }
    pos = next;
    while (pos < MAX_HEAD) {
      st = read(w, pos, null, false);
      if (st != META) break;
      pos = next;
    }
    headEnd = pos;
    headInterfaces = interfaces;
    headLe = le;
  }

  @Override
  long firstRecordOffset() { return headEnd; }

  @Override
  long defaultLookback() { return Math.max(1 << 20, 4 * minLookback()); }

  @Override
  long minLookback() {
    long max = 0;
    for (PcapngInterface f : interfaces) max = Math.max(max, f.snaplen == 0 ? 262_144 : Math.min(f.snaplen, 262_144));
    return 2L * ((interfaces.isEmpty() ? 262_144 : max) + 64);
  }

  @Override
  int read(ByteWindow w, long pos, PacketRecord rec, boolean emit) throws IOException {
    int a = w.ensure(pos, 12);
    if (a == 0) return END;
    if (a < 12) {
      next = pos + a;
      detail = "block header cut short (" + a + " of 12 bytes)";
      return TRUNCATED;
    }
    long len = frame(w, pos, le);
    byte[] b = w.buf();
    int i = w.index(pos);
    boolean order = Bytes.i32be(b, i) == SHB ? Bytes.i32be(b, i + 8) == 0x4D3C2B1A : le;
    int type = Bytes.i32be(b, i) == SHB ? SHB : Bytes.i32(b, i, le);
    lastType = type;
    if (len == CUT) {
      long want = Bytes.u32(b, i + 4, order);
      next = pos + w.ensure(pos, (int) want);
      detail = "block of " + want + " bytes cut short by the end of the file (" + (next - pos) + " bytes present)";
      return TRUNCATED;
    }
    if (len < 0) return corrupt(pos, refusal(w, pos, order, len));
    b = w.buf();
    i = w.index(pos);
    next = pos + len;
    switch (type) {
      case SHB:
        le = order;
        interfaces = List.of();
        sectionStart = pos;
        newState();
        return META;
      case IDB: {
        List<PcapngInterface> more = new ArrayList<>(interfaces);
        more.add(parseInterface(b, i, (int) len));
        interfaces = more;
        newState();
        if (sectionStart > 0 && !sectionWarned) warnIfAmbiguous(w, more.size() - 1);
        return META;
      }
      case EPB:
      case PB:
        return packet(type, b, i, (int) len, pos, rec, emit);
      case SPB:
        return simplePacket(b, i, (int) len, pos, rec, emit);
      default:
        return META;
    }
  }

  private int packet(int type, byte[] b, int i, int len, long pos, PacketRecord rec, boolean emit) {
    unknownInterface = false;
    int id = type == EPB ? Bytes.i32(b, i + 8, le) : Bytes.u16(b, i + 8, le);
    long caplen = Bytes.u32(b, i + 20, le);
    if (caplen > len - 32) {
      detail = "captured length " + caplen + " exceeds the block (" + len + " bytes)";
      return BAD_RECORD;
    }
    unknownInterface = id < 0 || id >= interfaces.size();
    if (unknownInterface) {
      detail = "packet on interface " + (id & 0xFFFF_FFFFL) + " but the section describes " + interfaces.size();
      return BAD_RECORD;
    }
    if (emit) {
      PcapngInterface f = interfaces.get(id);
      long ts = (Bytes.u32(b, i + 12, le) << 32) | Bytes.u32(b, i + 16, le);
      long ns = f.toNanos(ts);
      long wire = Bytes.u32(b, i + 24, le);
      rec.set(file, pos, ns, ns != Long.MIN_VALUE, (int) caplen, (int) Math.min(wire, Integer.MAX_VALUE), id,
          f.linkType, b, i + 28);
      rec.format = f.format;
    }
    return RECORD;
  }

  private int simplePacket(byte[] b, int i, int len, long pos, PacketRecord rec, boolean emit) {
    unknownInterface = interfaces.isEmpty();
    if (unknownInterface) {
      detail = "simple packet block but the section describes no interface";
      return BAD_RECORD;
    }
    if (emit) {
      PcapngInterface f = interfaces.get(0);
      long wire = Bytes.u32(b, i + 8, le);
      long caplen = Math.min(wire, len - 16);
      if (f.snaplen > 0) caplen = Math.min(caplen, f.snaplen);
      rec.set(file, pos, 0, false, (int) caplen, (int) Math.min(wire, Integer.MAX_VALUE), 0, f.linkType, b, i + 12);
      rec.format = f.format;
    }
    return RECORD;
  }

  private PcapngInterface parseInterface(byte[] b, int i, int len) {
    int linkType = Bytes.u16(b, i + 8, le);
    long snaplen = Bytes.u32(b, i + 12, le);
    int tsresol = 6;
    long tsoffset = 0;
    int o = i + 16;
    int end = i + len - 4;
    while (o + 4 <= end) {
      int code = Bytes.u16(b, o, le);
      int olen = Bytes.u16(b, o + 2, le);
      if (code == OPT_END || o + 4 + olen > end) break;
      if (code == IF_TSRESOL && olen >= 1) tsresol = b[o + 4] & 0xFF;
      if (code == IF_TSOFFSET && olen >= 8) tsoffset = Bytes.i64(b, o + 4, le);
      o += 4 + ((olen + 3) & ~3);
    }
    return new PcapngInterface(linkType, snaplen, tsresol, tsoffset);
  }

  private static long minLength(int type) {
    switch (type) {
      case SHB: return 28;
      case IDB: return 20;
      case EPB:
      case PB: return 32;
      case SPB: return 16;
      default: return 12;
    }
  }

  private int corrupt(long pos, String why) {
    next = pos;
    detail = why;
    return CORRUPT;
  }

  private static boolean knownType(int type) {
    return type == SHB || (type >= 1 && type <= 10) || type == 0x0BAD || type == 0x40000BAD;
  }

  /** What {@link #frame} returns for a block the input ends inside. */
  private static final long CUT = -1;
  private static final long BAD_BYTE_ORDER = -2;
  private static final long BAD_LENGTH = -3;
  private static final long BELOW_MINIMUM = -4;
  private static final long BAD_TRAILER = -5;
  private static final long BAD_VERSION = -6;

  /**
   * The one rule by which a block is framed, by the reader and the boundary search alike: the
   * total length of the block at q in byte order {@code order} (a section header block brings its
   * own), or why it is not one (a negative code; {@link #refusal} says it in words). Unknown block
   * types are framed like any other: a reader skips them, a search starts no chain at one.
   */
  private static long frame(ByteWindow w, long q, boolean order) throws IOException {
    if (w.ensure(q, 12) < 12) return CUT;
    byte[] b = w.buf();
    int i = w.index(q);
    int type;
    if (Bytes.i32be(b, i) == SHB) {
      int bom = Bytes.i32be(b, i + 8);
      if (bom == 0x4D3C2B1A) order = true;
      else if (bom == BYTE_ORDER_MAGIC) order = false;
      else return BAD_BYTE_ORDER;
      type = SHB;
    } else {
      type = Bytes.i32(b, i, order);
    }
    long len = Bytes.u32(b, i + 4, order);
    if (len < 12 || (len & 3) != 0 || len > MAX_BLOCK) return BAD_LENGTH;
    if (len < minLength(type)) return BELOW_MINIMUM;
    if (w.ensure(q, (int) len) < len) return CUT;
    b = w.buf();
    i = w.index(q);
    if (Bytes.u32(b, i + (int) len - 4, order) != len) return BAD_TRAILER;
    if (type == SHB && Bytes.u16(b, i + 12, order) != 1) return BAD_VERSION;
    return len;
  }

  /** Why {@link #frame} refused the block at q, in words (only when a reader reports it). */
  private static String refusal(ByteWindow w, long q, boolean order, long code) throws IOException {
    w.ensure(q, 16);
    byte[] b = w.buf();
    int i = w.index(q);
    int type = Bytes.i32be(b, i) == SHB ? SHB : Bytes.i32(b, i, order);
    long len = Bytes.u32(b, i + 4, order);
    String block = "block type 0x" + Integer.toHexString(type);
    if (code == BAD_BYTE_ORDER) {
      return "section header with bad byte-order magic " + Integer.toHexString(Bytes.i32be(b, i + 8));
    }
    if (code == BAD_LENGTH) return block + " has impossible total length " + len;
    if (code == BELOW_MINIMUM) {
      return "total block length " + len + " of " + block + " is less than its minimum " + minLength(type);
    }
    if (code == BAD_VERSION) return "unsupported pcapng major version " + Bytes.u16(b, i + 12, order);
    w.ensure(q, (int) len);
    long trailer = Bytes.u32(w.buf(), w.index(q) + (int) len - 4, order);
    return "block total length " + len + " differs from its trailing copy " + trailer;
  }

  /** Length of a block at q in byte order {@code order} (SHB: its own) of a known type, or -1. */
  private static long blockAt(ByteWindow w, long q, boolean order) throws IOException {
    return blockAt(w, q, order, false);
  }

  /** {@link #frame}, optionally accepting any block type (a reader skips unknown ones); -1 when not a block. */
  private static long blockAt(ByteWindow w, long q, boolean order, boolean anyType) throws IOException {
    // the type first: most positions a search tries fail here, before their length is read
    if (!anyType && (w.ensure(q, 12) < 12 || !isShb(w, q) && !knownType(Bytes.i32(w.buf(), w.index(q), order)))) {
      return -1;
    }
    long len = frame(w, q, order);
    return len < 0 ? -1 : len;
  }

  /** Byte order of the SHB at q (true = little), assuming {@link #blockAt} accepted it. */
  private static boolean shbOrder(ByteWindow w, long q) {
    return Bytes.i32be(w.buf(), w.index(q) + 8) == 0x4D3C2B1A;
  }

  private static boolean isShb(ByteWindow w, long q) {
    return Bytes.i32be(w.buf(), w.index(q)) == SHB;
  }

  /**
   * A chain of CHAIN valid blocks from q, or a shorter one ending exactly at the end of the input
   * or — cut short by a damaged block — covering more bytes than a packet block can (fake blocks
   * in a payload lie inside one real block, so they cannot; and blocks shortly before damage are
   * then not skipped by a reader synchronising near them). One well-framed block of an unknown
   * type (a damaged type field) is stepped over, or started at ({@link #startsChain}), as readers
   * read it like any other block, so the blocks around it are not skipped by a search that starts
   * near them while a walk from further back reads them.
   */
  private boolean chainFrom(ByteWindow w, long q, boolean order) throws IOException {
    long p = q;
    boolean odd = false;
    for (int k = 0; k < CHAIN; k++) {
      if (w.ensure(p, 1) == 0) return k > 0;
      long len = blockAt(w, p, order);
      if (len < 0 && !odd) {
        len = blockAt(w, p, order, true);
        odd = true;
      }
      // Two blocks at least: one fake block whose trailer matches by chance can be long.
      if (len < 0) return k >= 2 && p - q > minLookback() / 2;
      if (isShb(w, p)) order = shbOrder(w, p);
      p += len;
    }
    return true;
  }

  @Override
  long findBoundary(ByteWindow w, long from, long floor) throws IOException {
    for (long q = (from + 3) & ~3L; ; q += 4) {
      w.keepFrom(q);
      if (w.ensure(q, 12) < 12) return -1;
      for (int attempt = 0; attempt < 2; attempt++) {
        boolean order = attempt == 0 ? le : !le;
        if (startsChain(w, q, order) && chainFrom(w, q, order)) {
          if (isShb(w, q)) return q;
          enterSection(w, q);
          if (order != le) recoverSection(w, q, order);
          return q;
        }
      }
    }
  }

  /**
   * A block a search chain may start at: one of a known type, or one of an unknown type (read by
   * the reader like any other: a damaged type field) no longer than a packet block can be, so that
   * the search does not read far ahead for every 4 bytes whose length field merely looks aligned.
   */
  private boolean startsChain(ByteWindow w, long q, boolean order) throws IOException {
    if (blockAt(w, q, order) >= 0) return true;
    if (w.ensure(q, 12) < 12 || isShb(w, q)) return false;
    return Bytes.u32(w.buf(), w.index(q) + 4, order) <= minLookback() / 2 && blockAt(w, q, order, true) >= 0;
  }

  /**
   * The packet at {@code pos} names an interface the current section does not describe:
   * recover the section by walking back to its SHB. Returns true if that changed anything.
   */
  @Override
  boolean repair(ByteWindow w, long pos) throws IOException {
    // One attempt per block: a fake block inside a payload could otherwise send us back and forth.
    if (!unknownInterface || pos == lastRepair || repairs >= MAX_REPAIRS) return false;
    lastRepair = pos;
    repairs++;
    int before = interfaces.size();
    boolean orderBefore = le;
    long nextBefore = next; // recoverSection reads blocks; the caller still needs this read's result
    String detailBefore = detail;
    recoverSection(w, pos, le);
    next = nextBefore;
    detail = detailBefore;
    return interfaces.size() != before || le != orderBefore;
  }

  /**
   * Walks back from the block at {@code pos} (byte order {@code order}) along the trailing
   * lengths to the section's SHB, then re-reads the SHB and the IDBs met on the way. Costs one
   * step per block of the section before pos, so it is used only when the cheap sources
   * (file head, blocks walked past) are shown wrong.
   */
  private void recoverSection(ByteWindow w, long pos, boolean order) throws IOException {
    List<Long> idbs = new ArrayList<>();
    long b = pos;
    long shb = -1;
    while (b >= 28) {
      if (w.ensure(b - 4, 4) < 4) break;
      long len = Bytes.u32(w.buf(), w.index(b - 4), order);
      long prev = b - len;
      if (len < 12 || (len & 3) != 0 || prev < 0) break;
      if (blockAt(w, prev, order) != len) break;
      if (isShb(w, prev)) {
        shb = prev;
        break;
      }
      if (Bytes.i32(w.buf(), w.index(prev), order) == IDB) idbs.add(prev);
      b = prev;
    }
    if (shb < 0) {
      le = order; // best effort: keep the interfaces we have, in the byte order the blocks use
      newState();
      return;
    }
    read(w, shb, null, false);
    for (int k = idbs.size() - 1; k >= 0; k--) read(w, idbs.get(k), null, false);
  }

  /**
   * Takes on the section that holds the block at {@code q} when the known SHB offsets say it is
   * not the current one: reads that section's SHB and the metadata blocks after it (its IDBs),
   * like the file head. This is what makes a split deep inside a later section decode with that
   * section's interfaces even when nothing it reads contradicts the earlier section's.
   */
  private void enterSection(ByteWindow w, long q) throws IOException {
    long s = sectionOf(w, q);
    if (s == sectionStart) return;
    long p = s;
    while (p < q && read(w, p, null, false) == META) p = next; // the SHB, then its IDBs up to the first packet
    w.keepFrom(q);
  }

  /** Offset of the last known SHB at or before q, following declared section lengths as far as needed. */
  private long sectionOf(ByteWindow w, long q) throws IOException {
    while (!sectionsComplete && sections.get(sections.size() - 1) < q) {
      long s = sections.get(sections.size() - 1);
      long len = blockAt(w, s, true);
      if (len < 0 || !isShb(w, s)) {
        sectionsComplete = true;
        break;
      }
      boolean order = shbOrder(w, s);
      long declared = Bytes.i64(w.buf(), w.index(s) + 16, order);
      long nextShb = s + len + declared;
      // -1 means "not given" (what most writers put); anything odd ends what we can know cheaply
      if (declared < 0 || (declared & 3) != 0 || nextShb > q) {
        if (declared < 0 || (declared & 3) != 0) sectionsComplete = true;
        break;
      }
      if (blockAt(w, nextShb, true) < 0 || !isShb(w, nextShb)) {
        sectionsComplete = true;
        break;
      }
      sections.add(nextShb);
    }
    long best = 0;
    for (long s : sections) if (s <= q) best = s;
    return best;
  }

  /**
   * A later section, not found through declared section lengths or a section scan, redefines an
   * interface id of the first section (same byte order) with another link type or time scale:
   * a split starting deep in it cannot tell, from what it reads, that it is not in the first
   * section. Say so once, with the fix.
   */
  private void warnIfAmbiguous(ByteWindow w, int id) throws IOException {
    if (le != headLe || id >= headInterfaces.size() || sections.contains(sectionStart)) return;
    if (interfaces.get(id).decodesLike(headInterfaces.get(id))) return;
    sectionWarned = true; // checked once per reader
    PcapngInterface now = interfaces.get(id);
    if (sectionOf(w, sectionStart) == sectionStart) return; // declared lengths lead every split here
    ambiguousSection = true;
    LOG.warn("{}: the pcapng section at offset {} redefines interface {} (link type {}, was {}) without a declared "
        + "section length; splits that start more than the lookback into it may decode with the first section's "
        + "interfaces. Read with option pcapngSectionScan=true (or a splitSize larger than the file).", file,
        sectionStart, id, now.linkType, headInterfaces.get(id).linkType);
  }

  /** Whether {@link #warnIfAmbiguous} warned (for tests). */
  boolean warnedAmbiguousSection() { return ambiguousSection; }
}

package org.pcapanalytics.io;

import java.io.IOException;

/**
 * Splits one capture format into records. Stateless about position: the reader says where to
 * read; the framer says what is there. State it keeps is the format's own (byte order, link
 * type, pcapng interfaces of the current section).
 */
abstract class Framer {
  /** A packet record was read into the {@link PacketRecord}. */
  static final int RECORD = 1;
  /** A unit that is not a packet (pcapng SHB/IDB/NRB/ISB/…, a concatenated pcap header). */
  static final int META = 2;
  /** Clean end of input at the position. */
  static final int END = 3;
  /** The input ends inside the unit at the position. */
  static final int TRUNCATED = 4;
  /** The bytes at the position are not a valid record header: the chain is lost. */
  static final int CORRUPT = 5;
  /** A well-framed unit that cannot be returned as a packet; skipping it keeps the chain. */
  static final int BAD_RECORD = 6;

  /** Position after the unit just read (or the end of available input after TRUNCATED). */
  long next;
  /** Why the last read was not RECORD/META/END. */
  String detail;

  /** Offset of the first record after the file header. */
  abstract long firstRecordOffset();

  /**
   * Reads the unit at {@code pos}. With {@code emit} false only framing and metadata are
   * processed (used to walk towards a split start), and {@code rec} is untouched.
   */
  abstract int read(ByteWindow w, long pos, PacketRecord rec, boolean emit) throws IOException;

  /**
   * The first position at or after {@code from} where a chain of plausible records starts
   * (a function of the file's bytes only), or -1 when there is none before the end. A format
   * may settle on a position a few bytes before {@code from}, never before {@code floor}.
   */
  abstract long findBoundary(ByteWindow w, long from, long floor) throws IOException;

  /**
   * The format state (byte order, link type, pcapng interfaces) as an immutable token: the same
   * object until the state changes. Metadata read from a chain that later breaks may have been
   * fake (a capture file inside a payload), so the reader rolls back to a confirmed token.
   */
  abstract Object state();

  /** Returns to a state obtained from {@link #state()}. */
  abstract void restore(Object state);

  /**
   * After BAD_RECORD at {@code pos}: fix the format state if it was what made the record
   * unreadable (pcapng: an interface the section's known IDBs do not describe). True when the
   * record should be read again.
   */
  boolean repair(ByteWindow w, long pos) throws IOException {
    return false;
  }

  /** Bytes to walk back from a split start before synchronising (see {@link CaptureReader}). */
  abstract long defaultLookback();

  /**
   * The shortest safe lookback: longer than any single record can be. A header-like run of
   * bytes in a payload may validate as a chain that merges into the real chain only at its end,
   * jumping over up to one record's length; walking from at least this far back guarantees the
   * merge has happened before the split start.
   */
  abstract long minLookback();
}

package org.pcapanalytics.conn;

/**
 * The TCP side of one connection in the Zeek conn.log model: the two endpoint states, the
 * history letters, payload sizes from sequence numbers, and the resulting {@code conn_state}.
 *
 * <p>Endpoint states are Zeek's (INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED, CLOSED,
 * RESET) and move the way Zeek documents them: a SYN-ACK from the responder establishes both
 * sides; a FIN closes its sender; a RST resets it; traffic without a SYN makes a side PARTIAL
 * (mid-stream). {@link #connState()} maps the pair of states to S0, S1, SF, REJ, S2, S3, RSTO,
 * RSTR, RSTOS0, RSTRH, SH, SHR or OTH with the definitions of Zeek's conn.log.
 *
 * <p>Sizes ({@code orig_bytes}, {@code resp_bytes}) follow Zeek: the highest sequence number an
 * endpoint reached (or the peer acknowledged), minus its initial one, minus the SYN and FIN
 * octets. So retransmissions count once and bytes missing from the capture still count (Zeek
 * does the same and reports them as {@code missed_bytes}). Sequence numbers are unwrapped to 64
 * bits, so transfers above 4 GiB are sized correctly. Packets without a sequence number (a
 * header cut by the snapshot length) add their {@code payload_len}.
 *
 * <p>Not modelled: Zeek's timers (attempt, close and reset delays), checksum, gap,
 * retransmission and zero-window history letters ({@code c g t w}).
 */
final class TcpStateMachine {
  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int ACK = 0x10;

  /** Zeek's TCP endpoint states. */
  enum State { INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED, CLOSED, RESET }

  private static final long MASK32 = 0xFFFF_FFFFL;
  private static final long HALF32 = 1L << 31;
  /** Zeek ignores SYN and RST sequence numbers that jump further than this. */
  private static final long TOO_LARGE_SEQ_DELTA = 1L << 20;

  /** One side of the connection. Sequence positions are 64-bit, relative to {@link #start}. */
  static final class Endpoint {
    State state = State.INACTIVE;
    State prev = State.INACTIVE;
    /** Sequence numbers are known (a packet from this side, or an ACK of it, was seen). */
    boolean init;
    /** Raw 32-bit sequence number of relative position 0 (the ISN, or the one before the first byte seen). */
    long start;
    /** Highest relative position reached (one past the last octet sent). */
    long last;
    /** Highest relative position the peer acknowledged. */
    long acked;
    int fins;
    /** Payload of packets without a sequence number. */
    long unsequenced;
    /** Raw sequence number of this side's first SYN, or -1. */
    long synSeq = -1;

    void set(State s) {
      if (s != state) {
        prev = state;
        state = s;
      }
    }

    /** Raw 32-bit {@code seq} as a relative position near {@code near}. */
    long relative(long seq, long near) {
      long d = (seq - start) & MASK32;
      long c = (near & ~MASK32) | d;
      if (c - near > HALF32) c -= 1L << 32;
      else if (near - c > HALF32) c += 1L << 32;
      return c;
    }

    void initAt(long rawStart, long lastRelative) {
      init = true;
      start = rawStart & MASK32;
      last = lastRelative;
      acked = 0;
    }

    boolean inactive() {
      return state == State.INACTIVE || state == State.PARTIAL;
    }
  }

  final Endpoint orig = new Endpoint();
  final Endpoint resp = new Endpoint();
  final History history;

  TcpStateMachine(History history) {
    this.history = history;
  }

  /**
   * One packet.
   *
   * @param fromOrig sent by the originator
   * @param flags    the TCP flags field (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10)
   * @param seq      raw sequence number, or -1 if unknown
   * @param ack      raw acknowledgement number, or -1 if unknown
   * @param len      payload bytes (0 if unknown)
   */
  void packet(boolean fromOrig, int flags, long seq, long ack, int len) {
    Endpoint e = fromOrig ? orig : resp;
    Endpoint p = fromOrig ? resp : orig;
    boolean syn = (flags & SYN) != 0;
    boolean fin = (flags & FIN) != 0;
    boolean rst = (flags & RST) != 0;
    boolean hasAck = (flags & ACK) != 0;
    len = Math.max(0, len);

    updateHistory(fromOrig, syn, fin, rst, hasAck, len);
    if (seq >= 0) sequence(e, syn, fin, rst, seq, len);
    else e.unsequenced += rst ? 0 : len;
    if (hasAck && ack >= 0) acknowledgement(p, rst, ack);
    if (fin) e.fins++;
    if (syn && !hasAck && e.synSeq < 0 && seq >= 0) e.synSeq = seq;
    transition(e, p, fromOrig, syn, fin, rst, hasAck, len);
  }

  private void updateHistory(boolean fromOrig, boolean syn, boolean fin, boolean rst, boolean hasAck, int len) {
    int bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
    if (bits > 1) {
      history.add(fromOrig, fin && rst ? 'I' : 'Q'); // inconsistent FIN+RST; multi-flag SYN+FIN/SYN+RST
    } else if (bits == 1) {
      history.add(fromOrig, syn ? (hasAck ? 'H' : 'S') : fin ? 'F' : 'R');
    } else if (len > 0) {
      history.add(fromOrig, 'D');
    } else if (hasAck) {
      history.add(fromOrig, 'A');
    }
  }

  /** Tracks the highest sequence position of {@code e}, before its state changes. */
  private static void sequence(Endpoint e, boolean syn, boolean fin, boolean rst, long seq, int len) {
    int segLen = (rst ? 0 : len) + (syn ? 1 : 0) + (fin ? 1 : 0);
    switch (e.state) {
      case INACTIVE:
        // A SYN starts the sequence space; mid-stream traffic starts it as if a SYN came just before.
        e.initAt(syn ? seq : seq - 1, syn ? 0 : 1);
        break;
      case ESTABLISHED:
      case PARTIAL:
        if (syn) e.initAt(seq, 0); // a new SYN inside the connection sets it up again
        break;
      case RESET:
        if (syn && e.prev == State.INACTIVE) e.initAt(seq, 0); // the earlier RST was a stray
        break;
      default:
        break;
    }
    if (!e.init) e.initAt(syn ? seq : seq - 1, syn ? 0 : 1);
    long end = e.relative(seq + segLen, e.last);
    long delta = end - e.last;
    if ((syn || rst) && Math.abs(delta) > TOO_LARGE_SEQ_DELTA) {
      return; // implausible jump: do not trust it
    }
    if (fin && e.last == 1) {
      e.last = end; // only the SYN and now a FIN seen: take the FIN's position even if it looks older
    } else if (e.state == State.RESET) {
      return; // nothing after a RST is trusted
    } else if (delta > 0) {
      e.last = end;
    }
  }

  /** The peer {@code p} is acknowledged up to raw {@code ack}. */
  private static void acknowledgement(Endpoint p, boolean rst, long ack) {
    if (!p.init) {
      // Nothing seen from the peer yet: number its sequence space from what is acknowledged.
      p.initAt(ack - 1, 0);
      return;
    }
    if (rst) return; // acknowledgements in RSTs are not trusted
    long rel = p.relative(ack, Math.max(p.last, p.acked));
    if (ack == 0 && rel - p.acked > TOO_LARGE_SEQ_DELTA) return; // a broken ACK, not a wrap onto 0
    if (rel > p.acked) p.acked = rel;
  }

  private void transition(Endpoint e, Endpoint p, boolean fromOrig, boolean syn, boolean fin, boolean rst,
      boolean hasAck, int len) {
    switch (e.state) {
      case INACTIVE:
        if (syn) {
          if (fromOrig) {
            e.set(hasAck ? State.SYN_ACK_SENT : State.SYN_SENT);
          } else {
            // The responder's SYN (normally a SYN-ACK) establishes both sides.
            if (p.state == State.SYN_SENT) p.set(State.ESTABLISHED);
            e.set(State.ESTABLISHED);
          }
        }
        if (fin) e.set(State.CLOSED);
        if (rst) e.set(State.RESET);
        if (e.state == State.INACTIVE) {
          if (!fromOrig && len == 0 && orig.state == State.SYN_SENT) {
            // an ACK of the SYN before the SYN-ACK: not yet a partial connection
          } else if (hasAck && p.state == State.ESTABLISHED) {
            e.set(State.ESTABLISHED); // the SYN was missed, the SYN-ACK was not
          } else {
            e.set(State.PARTIAL);
          }
        }
        break;
      case SYN_SENT:
      case SYN_ACK_SENT:
        if (fin) e.set(State.CLOSED);
        if (rst) e.set(State.RESET);
        break;
      case ESTABLISHED:
      case PARTIAL:
        if (syn && e.state == State.PARTIAL && p.state == State.INACTIVE && !hasAck) e.set(State.SYN_SENT);
        if (fin && !rst) {
          e.set(State.CLOSED);
          // FIN then RST from the peer, now our FIN: that was a normal close after all
          if (p.state == State.RESET && p.prev == State.CLOSED) p.set(State.CLOSED);
        }
        if (rst) e.set(State.RESET);
        break;
      case CLOSED:
        if (rst && p.state != State.CLOSED) e.set(State.RESET);
        break;
      case RESET:
      default:
        break;
    }
  }

  /** Payload bytes an endpoint sent, from sequence numbers (see the class comment). */
  long size(Endpoint e) {
    Endpoint p = e == orig ? resp : orig;
    if (e.prev == State.SYN_SENT && e.state == State.RESET && p.state == State.INACTIVE) {
      return e.unsequenced; // a half-open attempt aborted: its sequence numbers say nothing about data
    }
    if (!e.init) return e.unsequenced;
    long size = Math.max(e.last, e.acked);
    if (size > 0) size--; // the SYN octet (or the virtual one of a mid-stream start)
    if (e.fins > 0 && size > 0) size--; // the FIN octet
    return Math.max(0, size) + e.unsequenced;
  }

  long origBytes() {
    return size(orig);
  }

  long respBytes() {
    return size(resp);
  }

  /** Zeek's conn_state for the current endpoint states. */
  String connState() {
    State os = orig.state;
    State rs = resp.state;
    boolean oInactive = orig.inactive();
    boolean rInactive = resp.inactive();
    if (rs == State.RESET) {
      if (os == State.SYN_SENT || os == State.SYN_ACK_SENT
          || (os == State.RESET && origBytes() == 0 && respBytes() == 0)) {
        return "REJ";
      }
      return oInactive ? "RSTRH" : "RSTR";
    }
    if (os == State.RESET) {
      if (rInactive) return rstos0History() ? "RSTOS0" : "OTH";
      return "RSTO";
    }
    if (rs == State.CLOSED && os == State.CLOSED) return "SF";
    if (os == State.CLOSED) return rInactive ? "SH" : "S2";
    if (rs == State.CLOSED) return oInactive ? "SHR" : "S3";
    if (os == State.SYN_SENT && rs == State.INACTIVE) return "S0";
    if (os == State.ESTABLISHED && rs == State.ESTABLISHED) return "S1";
    return "OTH";
  }

  /** Zeek's test for RSTOS0: the history matches {@code ^?S[^HAFGIQ]*R.*}. */
  private boolean rstos0History() {
    String h = history.text();
    if (h == null) return false;
    int i = h.startsWith("^") ? 1 : 0;
    if (i >= h.length() || h.charAt(i) != 'S') return false;
    for (i++; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c == 'R') return true;
      if ("HAFGIQ".indexOf(c) >= 0) return false;
    }
    return false;
  }

  /** The connection is over: a side reset it, or both closed it. A new SYN then starts a new connection. */
  boolean finished() {
    return orig.state == State.RESET || resp.state == State.RESET
        || (orig.state == State.CLOSED && resp.state == State.CLOSED);
  }

  /** Only connection attempts so far: the responder never answered with a SYN-ACK or data. */
  boolean attemptOnly() {
    return (orig.state == State.SYN_SENT || orig.state == State.SYN_ACK_SENT)
        && (resp.state == State.INACTIVE || resp.state == State.RESET);
  }

  /** Raw sequence number of the originator's first SYN, or -1. */
  long origSynSeq() {
    return orig.synSeq;
  }
}

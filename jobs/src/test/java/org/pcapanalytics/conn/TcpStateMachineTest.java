package org.pcapanalytics.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Zeek's conn_state, history and sizes on hand-made TCP packet sequences. */
class TcpStateMachineTest {
  private static final int F = TcpStateMachine.FIN;
  private static final int S = TcpStateMachine.SYN;
  private static final int R = TcpStateMachine.RST;
  private static final int A = TcpStateMachine.ACK;
  private static final boolean O = true; // from the originator
  private static final boolean X = false; // from the responder

  /** A client (ISN 1000) and a server (ISN 5000) exchanging packets, tracking sequence numbers. */
  private static final class Conv {
    final TcpStateMachine m = new TcpStateMachine(new History());
    long c = 1000;
    long s = 5000;

    Conv send(boolean fromOrig, int flags, int len) {
      long seq = fromOrig ? c : s;
      long ack = fromOrig ? s : c;
      m.packet(fromOrig, flags, seq, (flags & A) != 0 ? ack : 0, len);
      long adv = len + ((flags & S) != 0 ? 1 : 0) + ((flags & F) != 0 ? 1 : 0);
      if ((flags & R) == 0) {
        if (fromOrig) c += adv;
        else s += adv;
      }
      return this;
    }

    Conv handshake() {
      return send(O, S, 0).send(X, S | A, 0).send(O, A, 0);
    }

    String state() {
      return m.connState();
    }

    String history() {
      return m.history.text();
    }
  }

  @Test
  void normalOpenTransferAndClose() {
    Conv t = new Conv().handshake().send(O, A, 100).send(X, A, 0).send(X, A, 1400).send(X, A, 600)
        .send(O, A, 0).send(O, F | A, 0).send(X, F | A, 0).send(O, A, 0);
    assertEquals("SF", t.state());
    assertEquals("ShADadFf", t.history());
    assertEquals(100, t.m.origBytes());
    assertEquals(2000, t.m.respBytes());
    assertTrue(t.m.finished());
  }

  @Test
  void retransmissionsCountOnce() {
    Conv t = new Conv().handshake().send(O, A, 500);
    t.c -= 500;
    t.send(O, A, 500).send(X, A, 0).send(O, F | A, 0).send(X, F | A, 0);
    assertEquals(500, t.m.origBytes());
  }

  @Test
  void unansweredSynIsS0EvenWhenRetransmitted() {
    Conv t = new Conv().send(O, S, 0);
    t.c = 1000;
    t.send(O, S, 0);
    assertEquals("S0", t.state());
    assertEquals("S", t.history());
    assertTrue(t.m.attemptOnly());
    assertEquals(1000, t.m.origSynSeq());
    assertEquals(0, t.m.origBytes());
  }

  @Test
  void refusedIsRej() {
    TcpStateMachine m = new TcpStateMachine(new History());
    m.packet(O, S, 1000, 0, 0);
    m.packet(X, R | A, 0, 1001, 0);
    assertEquals("REJ", m.connState());
    assertEquals("Sr", m.history.text());
    assertEquals(0, m.origBytes());
    assertEquals(0, m.respBytes());
    assertTrue(m.finished());
  }

  @Test
  void establishedWithoutCloseIsS1() {
    assertEquals("S1", new Conv().handshake().send(O, A, 10).state());
    // SYN and SYN-ACK only (a scan of an open port that never completes): both sides established
    Conv t = new Conv().send(O, S, 0).send(X, S | A, 0);
    assertEquals("S1", t.state());
    assertEquals("Sh", t.history());
  }

  @Test
  void halfClosedIsS2OrS3() {
    assertEquals("S2", new Conv().handshake().send(O, A, 10).send(O, F | A, 0).state());
    assertEquals("S3", new Conv().handshake().send(X, A, 10).send(X, F | A, 0).state());
  }

  @Test
  void resetsAfterEstablishment() {
    Conv o = new Conv().handshake().send(O, A, 10).send(O, R | A, 0);
    assertEquals("RSTO", o.state());
    assertEquals("ShADR", o.history());
    assertEquals(10, o.m.origBytes());
    Conv r = new Conv().handshake().send(O, A, 10).send(X, A, 20).send(X, R | A, 0);
    assertEquals("RSTR", r.state());
    assertEquals(20, r.m.respBytes());
    // a FIN, then the other side resets instead of closing
    assertEquals("RSTR", new Conv().handshake().send(O, F | A, 0).send(X, R | A, 0).state());
  }

  @Test
  void synThenRstFromOriginatorIsRstos0() {
    Conv t = new Conv().send(O, S, 0).send(O, R, 0);
    assertEquals("RSTOS0", t.state());
    assertEquals("SR", t.history());
    assertEquals(0, t.m.origBytes());
  }

  @Test
  void synAckThenRstWithoutSynIsRstrh() {
    // the originator's SYN was not captured: the responder's SYN-ACK, then its RST
    Conv t = new Conv().send(X, S | A, 0).send(X, R, 0);
    assertEquals("RSTRH", t.state());
    assertEquals("hr", t.history());
  }

  @Test
  void synThenFinIsShAndSynAckThenFinIsShr() {
    assertEquals("SH", new Conv().send(O, S, 0).send(O, F, 0).state());
    assertEquals("SHR", new Conv().send(X, S | A, 0).send(X, F | A, 0).state());
  }

  @Test
  void midstreamTrafficIsOth() {
    Conv t = new Conv().send(O, A, 100).send(X, A, 0).send(X, A, 300);
    assertEquals("OTH", t.state());
    assertEquals("Dad", t.history());
    assertEquals(100, t.m.origBytes());
    assertEquals(300, t.m.respBytes());
    // closed by both sides, a mid-stream connection still ends as SF (as in Zeek)
    assertEquals("SF", t.send(O, F | A, 0).send(X, F | A, 0).state());
  }

  @Test
  void rstAfterBothFinsKeepsSf() {
    Conv t = new Conv().handshake().send(O, F | A, 0).send(X, F | A, 0).send(O, R, 0);
    assertEquals("SF", t.state());
  }

  @Test
  void multiFlagPackets() {
    Conv t = new Conv().send(O, S | F, 0);
    assertEquals("Q", t.history());
    Conv u = new Conv().handshake().send(O, F | R, 0);
    assertEquals("ShAI", u.history());
  }

  @Test
  void sequenceNumbersWrapAndGoBeyond4GiB() {
    Conv t = new Conv();
    t.c = 0xFFFF_FF00L;
    t.handshake();
    long sent = 0;
    for (int i = 0; i < 3_000; i++) {
      t.send(O, A, 1_460_000 % 65536 + 1400); // 8 bytes short of 24 KiB per segment
      t.c &= 0xFFFF_FFFFL;
      sent += 1_460_000 % 65536 + 1400;
      if (i % 100 == 0) t.send(X, A, 0);
    }
    // jump ahead in big steps, acknowledged by the server, to cross 4 GiB several times
    for (int i = 0; i < 200; i++) {
      t.c = (t.c + 30_000_000L) & 0xFFFF_FFFFL;
      sent += 30_000_000L;
      t.send(O, A, 0).send(X, A, 0);
    }
    t.send(O, F | A, 0).send(X, F | A, 0);
    assertTrue(sent > 5L << 30);
    assertEquals(sent, t.m.origBytes());
    assertEquals("SF", t.state());
  }

  @Test
  void unsequencedPayloadIsAdded() {
    TcpStateMachine m = new TcpStateMachine(new History());
    m.packet(O, A, -1, -1, 77);
    assertEquals(77, m.origBytes());
    assertFalse(m.finished());
  }
}

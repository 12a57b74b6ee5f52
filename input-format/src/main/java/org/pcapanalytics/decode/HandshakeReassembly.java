package org.pcapanalytics.decode;

import java.util.Arrays;
import org.pcapanalytics.io.Bytes;

/**
 * The TLS hellos {@link PacketDecoder} cannot see in one packet, completed across the packets of a
 * connection: a ClientHello spread over TCP segments, a QUIC ClientHello whose CRYPTO frames are
 * spread over several Initial packets (in any order), and the ServerHello of a QUIC server's
 * Initial, which is encrypted with keys of the client's connection id. Like tshark with reassembly,
 * the hello's fields are put on the packet that completes it ({@link DecodedPacket#tlsReassembled});
 * the earlier pieces show nothing.
 *
 * <p>One instance per reader (a split, in capture order): call {@link #accept} after each {@link
 * PacketDecoder#decode}. A hello whose pieces lie in two splits is not completed by either reader.
 * A TCP stream is followed from the segment where its ClientHello record starts, in order of
 * sequence numbers (segments may come out of order or be retransmitted), for its first {@value
 * Quic#MAX_HELLO} bytes. A QUIC connection is known by its address/port pair; its client is the
 * side of the first Initial seen (the one that opens with keys of its own connection id, or else
 * the first one at all, e.g. when the snapshot length cut it). The server's hello is read from its
 * first Initial alone.
 *
 * <p>Bounded and allocation-free once warm: a fixed table of connections in sets of {@value #WAYS},
 * the least recently used of a set giving way to a new one, and a pool of stream buffers taken only
 * while a hello is being gathered. Nothing happens unless the packets were decoded with {@link
 * PacketDecoder#TLS} (TCP) or {@link PacketDecoder#QUIC} (QUIC).
 */
public final class HandshakeReassembly {
  /** Connections tracked at once by default. */
  public static final int DEFAULT_CONNECTIONS = 1024;

  private static final int WAYS = 4;
  private static final int FREE = 0, TCP = 1, QUIC = 2;
  private static final int CID = 20;

  private final int setMask;
  private final int[] kind;
  /** The client's and the server's address and port. */
  private final long[] cHi, cLo, sHi, sLo;
  private final int[] cPort, sPort;
  private final long[] used;
  private long clock;
  /** TCP: sequence number of the segment where the ClientHello record starts. */
  private final long[] tcpBase;
  /** QUIC: the client's connection id the Initial keys come from, and the version. */
  private final byte[] cids;
  private final int[] cidLen, version;
  private final boolean[] clientDone, serverDone;
  private final ReassemblyBuffer[] stream;
  private final ReassemblyBuffer[] pool;
  private int pooled;
  private int tcpSlots;
  /** A TCP ClientHello taken out of its records. */
  private final byte[] handshake = new byte[Quic.MAX_HELLO];

  public HandshakeReassembly() {
    this(DEFAULT_CONNECTIONS);
  }

  /** @param connections how many connections to follow at once (rounded up to a power of two, at least 4) */
  public HandshakeReassembly(int connections) {
    int sets = Integer.highestOneBit(Math.max(1, (connections + WAYS - 1) / WAYS));
    if (sets * WAYS < connections) sets <<= 1;
    int n = sets * WAYS;
    setMask = sets - 1;
    kind = new int[n];
    cHi = new long[n];
    cLo = new long[n];
    sHi = new long[n];
    sLo = new long[n];
    cPort = new int[n];
    sPort = new int[n];
    used = new long[n];
    tcpBase = new long[n];
    cids = new byte[n * CID];
    cidLen = new int[n];
    version = new int[n];
    clientDone = new boolean[n];
    serverDone = new boolean[n];
    stream = new ReassemblyBuffer[n];
    pool = new ReassemblyBuffer[n];
  }

  /** Connections the table holds (a power of two, at least {@value #WAYS}). */
  public int capacity() {
    return kind.length;
  }

  /** Looks at a packet just decoded, in capture order, and completes a hello on it when it can. */
  public void accept(DecodedPacket p) {
    if ((p.decodedLayers & PacketDecoder.TLS) == 0 || p.ipVersion == 0 || p.payloadOffset < 0) return;
    if (p.ipProto == PacketDecoder.PROTO_TCP) {
      tcp(p);
    } else if (p.quicFound != Quic.NONE) {
      quic(p);
    }
  }

  /** Forgets every connection (e.g. between files). */
  public void clear() {
    for (int s = 0; s < kind.length; s++) free(s);
  }

  private void tcp(DecodedPacket p) {
    if (p.payloadCapLen <= 0) return;
    if (p.tlsHelloContinues) {
      if (p.payloadLen < 0 || p.payloadCapLen < p.payloadLen) return; // cut: the stream would have a hole
      int s = claim(p, TCP);
      tcpBase[s] = p.tcpSeq;
      takeStream(s).add(p.buf, p.payloadOffset, p.payloadCapLen, 0);
      return;
    }
    if (tcpSlots == 0) return;
    int s = find(p, TCP);
    if (s < 0 || !fromClient(s, p)) return;
    long at = (p.tcpSeq - tcpBase[s]) & 0xFFFFFFFFL;
    if (at >= Quic.MAX_HELLO) return; // before the hello (a retransmission) or far past it
    used[s] = ++clock;
    ReassemblyBuffer r = stream[s];
    r.add(p.buf, p.payloadOffset, p.payloadCapLen, at);
    int n = Tls.handshake(r.data, r.contiguous(), handshake);
    if (n == Tls.NEED_MORE) return;
    free(s);
    if (n > 0) complete(p, handshake, n, false);
  }

  private void quic(DecodedPacket p) {
    if ((p.decodedLayers & PacketDecoder.QUIC) == 0) return;
    byte[] b = p.buf;
    int cid = Quic.dcidOffset(p);
    int len = b[cid - 1] & 0xFF;
    boolean full = (p.decodedLayers & PacketDecoder.TLS_HELLO) != 0;
    int s = find(p, QUIC);
    if (p.quicFound == Quic.CLIENT_INITIAL) {
      // A new connection, or the same pair after a Retry (a new id and new keys): start again.
      if (s < 0 || !fromClient(s, p) || !sameCid(s, b, cid, len)) s = claimQuic(p, b, cid, len);
      used[s] = ++clock;
      if (clientDone[s]) return;
      if (p.tlsHandshakeType == Tls.CLIENT_HELLO) {
        clientDone[s] = true;
        giveBack(s);
      } else {
        gather(s, p, full);
      }
      return;
    }
    if (s < 0) { // the first Initial of the pair and it did not open: take it as the client's
      claimQuic(p, b, cid, len);
      return;
    }
    used[s] = ++clock;
    boolean server = !fromClient(s, p);
    if (server ? serverDone[s] || !full : clientDone[s]) return;
    if (!Quic.openWith(p, cids, s * CID, cidLen[s], server)) return;
    if (server) {
      serverDone[s] = true;
      Quic.Scratch q = p.quicScratch;
      int n = q.crypto.contiguous();
      if (n > 0) complete(p, q.crypto.data, n, true);
    } else {
      gather(s, p, full);
    }
  }

  /** Adds the CRYPTO frames of a client Initial to its connection's stream; reports a completed ClientHello. */
  private void gather(int s, DecodedPacket p, boolean full) {
    Quic.Scratch q = p.quicScratch;
    ReassemblyBuffer r = stream[s] != null ? stream[s] : takeStream(s);
    for (int i = 0; i < q.frames; i++) r.add(q.plain, q.framePos[i], q.frameLen[i], q.frameAt[i]);
    int n = r.contiguous();
    if (n < 4) return;
    int need = 4 + (((r.data[1] & 0xFF) << 16) | Bytes.u16be(r.data, 2));
    if (r.data[0] != Tls.CLIENT_HELLO || need > Quic.MAX_HELLO) {
      clientDone[s] = true; // not a ClientHello we can hold: stop gathering
      giveBack(s);
      return;
    }
    if (n < need) return;
    clientDone[s] = true;
    complete(p, r.data, need, true);
    giveBack(s); // complete() has read it; the packet's offsets stay valid until the buffer is reused
  }

  /** Reports the hello {@code b[0, n)} on {@code p} in place of what the packet alone showed. */
  private static void complete(DecodedPacket p, byte[] b, int n, boolean quic) {
    p.clearTls();
    Tls.hello(b, 0, n, n, (p.decodedLayers & PacketDecoder.TLS_HELLO) != 0, quic, p);
    p.tlsReassembled = p.tlsHandshakeType > 0;
  }

  // ---- the table ----

  private int claimQuic(DecodedPacket p, byte[] b, int cid, int len) {
    int s = claim(p, QUIC);
    cidLen[s] = Math.min(len, CID);
    System.arraycopy(b, cid, cids, s * CID, cidLen[s]);
    version[s] = p.quicVersion;
    return s;
  }

  private boolean sameCid(int s, byte[] b, int cid, int len) {
    return len == cidLen[s] && Arrays.equals(cids, s * CID, s * CID + len, b, cid, cid + len);
  }

  /** The slot of p's connection of this kind (either direction), or -1. */
  private int find(DecodedPacket p, int k) {
    int base = set(p) * WAYS;
    for (int s = base; s < base + WAYS; s++) {
      if (kind[s] != k) continue;
      if (fromClient(s, p) || p.srcHi == sHi[s] && p.srcLo == sLo[s] && p.srcPort == sPort[s]
          && p.dstHi == cHi[s] && p.dstLo == cLo[s] && p.dstPort == cPort[s]) {
        return s;
      }
    }
    return -1;
  }

  private boolean fromClient(int s, DecodedPacket p) {
    return p.srcHi == cHi[s] && p.srcLo == cLo[s] && p.srcPort == cPort[s] && p.dstHi == sHi[s] && p.dstLo == sLo[s]
        && p.dstPort == sPort[s];
  }

  /**
   * A fresh slot for p's connection with p's sender as the client: p's own, a free one, or the
   * set's least recently used.
   */
  private int claim(DecodedPacket p, int k) {
    int s = find(p, k);
    if (s < 0) {
      int base = set(p) * WAYS;
      s = base;
      for (int w = base; w < base + WAYS; w++) {
        if (kind[w] == FREE) {
          s = w;
          break;
        }
        if (used[w] < used[s]) s = w;
      }
    }
    free(s);
    kind[s] = k;
    if (k == TCP) tcpSlots++;
    cHi[s] = p.srcHi;
    cLo[s] = p.srcLo;
    cPort[s] = p.srcPort;
    sHi[s] = p.dstHi;
    sLo[s] = p.dstLo;
    sPort[s] = p.dstPort;
    used[s] = ++clock;
    return s;
  }

  private void free(int s) {
    if (kind[s] == TCP) tcpSlots--;
    kind[s] = FREE;
    clientDone[s] = serverDone[s] = false;
    cidLen[s] = 0;
    giveBack(s);
  }

  private ReassemblyBuffer takeStream(int s) {
    ReassemblyBuffer r = pooled > 0 ? pool[--pooled] : new ReassemblyBuffer(Quic.MAX_HELLO);
    r.clear();
    stream[s] = r;
    return r;
  }

  private void giveBack(int s) {
    if (stream[s] != null) {
      pool[pooled++] = stream[s];
      stream[s] = null;
    }
  }

  /** The set of a connection: the same for both directions. */
  private int set(DecodedPacket p) {
    long h = endpoint(p.srcHi, p.srcLo, p.srcPort) + endpoint(p.dstHi, p.dstLo, p.dstPort) + p.ipProto;
    h = mix(h);
    return (int) (h ^ (h >>> 32)) & setMask;
  }

  private static long endpoint(long hi, long lo, int port) {
    return mix(hi * 0x9E3779B97F4A7C15L + lo) ^ mix(port + 0x632BE59BD9B4E019L);
  }

  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    return x ^ (x >>> 33);
  }
}

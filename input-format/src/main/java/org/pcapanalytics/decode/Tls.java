package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * TLS ClientHello and ServerHello (RFC 8446 4.1.2-4.1.3; RFC 5246 7.4.1.2-7.4.1.3) at the start of
 * a TCP payload on any port, or at the start of a QUIC CRYPTO stream.
 *
 * <pre>
 * record:       type (1) = 22 handshake | version (2) = 3.0..3.3 | length (2) | fragment
 * handshake:    msg_type (1) = 1 ClientHello, 2 ServerHello | length (3) | body
 * ClientHello:  legacy_version (2) | random (32) | session_id &lt;0..32&gt; (1-byte length)
 *               | cipher_suites &lt;2..2^16-2&gt; (2-byte length) | compression_methods (1-byte length)
 *               | extensions (2-byte length) { type (2) | length (2) | data }*
 * ServerHello:  legacy_version (2) | random (32) | session_id (1-byte length) | cipher_suite (2)
 *               | compression_method (1) | extensions (2-byte length) ...
 * server_name (0):        list length (2) { name_type (1) | name length (2) | name }+
 * ALPN (16):              list length (2) { name length (1) | name }+
 * supported_versions (43): ClientHello: list length (1) { version (2) }+; ServerHello: version (2)
 * </pre>
 *
 * Every field is read through the bounds of its enclosing block (record, handshake message,
 * extensions, extension, list), so bogus lengths stop the parse, never an array read. Like tshark
 * without TCP reassembly: records before the first handshake record (e.g. a ChangeCipherSpec) are
 * skipped, only that record's first message is looked at, a record or hello that continues in a
 * later segment shows nothing here (the segment is marked for {@link HandshakeReassembly}), and the
 * first entry of the name list is reported whatever its name type.
 *
 * <p>With {@link PacketDecoder#TLS} alone only the ClientHello's server name is looked for, and
 * the walk stops there; {@link PacketDecoder#TLS_HELLO} reads both hellos to the end.
 */
public final class Tls {
  public static final String BAD_LENGTH = "tls: hello length field beyond its enclosing block";

  static final int HANDSHAKE = 22;
  static final int CLIENT_HELLO = 1, SERVER_HELLO = 2;
  static final int EXT_SERVER_NAME = 0, EXT_SUPPORTED_GROUPS = 10, EXT_EC_POINT_FORMATS = 11,
      EXT_SIGNATURE_ALGORITHMS = 13, EXT_ALPN = 16, EXT_SUPPORTED_VERSIONS = 43;

  private Tls() {}

  /**
   * Looks for a hello in the TCP payload {@code [off, wireEnd)}, captured up to {@code capEnd}.
   *
   * @param full read ServerHellos and every extension ({@link PacketDecoder#TLS_HELLO}), not only
   *     the ClientHello's server name
   */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, boolean full, DecodedPacket out) {
    int readEnd = Math.min(capEnd, wireEnd);
    int p = off;
    // Each record is at least 5 bytes, so the walk ends.
    while (wireEnd - p >= 5 && readEnd - p >= 5) {
      if (!isRecordHeader(b, p)) return;
      int len = Bytes.u16be(b, p + 3);
      if ((b[p] & 0xFF) == HANDSHAKE) {
        boolean continues = len > wireEnd - p - 5 // the record continues in a later segment
            ? readEnd - p > 5 && b[p + 5] == CLIENT_HELLO
            : hello(b, p + 5, p + 5 + len, readEnd, full, false, out);
        if (continues) {
          out.applicationFields = true;
          out.tlsHelloContinues = true;
        }
        return;
      }
      p += 5 + len;
    }
  }

  /** A record header: content type 20..23 (ChangeCipherSpec, Alert, Handshake, Application data), version 3.0..3.3. */
  static boolean isRecordHeader(byte[] b, int p) {
    int type = b[p] & 0xFF;
    return type >= 20 && type <= 23 && b[p + 1] == 3 && (b[p + 2] & 0xFF) <= 3;
  }

  /**
   * The handshake message at {@code q} inside a block (record or CRYPTO stream) ending at {@code
   * end}, of which bytes up to {@code readEnd} were captured.
   *
   * @return true when it is a ClientHello that continues beyond the block (in a later record or
   *     segment): nothing is reported then
   */
  static boolean hello(byte[] b, int q, int end, int readEnd, boolean full, boolean quic, DecodedPacket out) {
    if (end - q < 4 || readEnd - q < 4) {
      if (end - q >= 4) out.truncated = true;
      return false;
    }
    int type = b[q];
    if (type != CLIENT_HELLO && !(full && type == SERVER_HELLO)) return false;
    int hlen = ((b[q + 1] & 0xFF) << 16) | Bytes.u16be(b, q + 2);
    if (hlen > end - q - 4) return type == CLIENT_HELLO; // the message continues in a later record
    boolean client = type == CLIENT_HELLO;
    int hend = q + 4 + hlen;
    int c = q + 4;
    out.applicationFields = true;
    out.helloBuf = b;
    out.tlsHandshakeType = type;
    out.tlsQuic = quic;
    if (34 > hend - c) {
      out.error(BAD_LENGTH);
      return false;
    }
    if (readEnd - c < 2) {
      out.truncated = true;
      return false;
    }
    out.tlsLegacyVersion = Bytes.u16be(b, c);
    c += 34; // legacy_version, random
    if ((c = skipVector(b, c, 1, hend, readEnd, out)) < 0) return false; // session_id
    if (client) {
      int cs = c;
      if ((c = skipVector(b, c, 2, hend, readEnd, out)) < 0) return false;
      if (c <= readEnd) {
        out.tlsCiphersOff = cs + 2;
        out.tlsCiphersLen = c - cs - 2;
      }
      if ((c = skipVector(b, c, 1, hend, readEnd, out)) < 0) return false; // compression_methods
    } else {
      if (3 > hend - c) {
        out.error(BAD_LENGTH);
        return false;
      }
      if (2 <= readEnd - c) {
        out.tlsCiphersOff = c;
        out.tlsCiphersLen = 2;
      }
      c += 3; // cipher_suite, compression_method
    }
    int extStart = c, extEnd = c; // no extensions at all (SSL 3.0 style)
    if (c < hend) {
      extEnd = skipVector(b, c, 2, hend, readEnd, out);
      if (extEnd < 0) return false;
      extStart = c + 2;
    }
    int versions = -1, versionsLen = 0;
    for (c = extStart; extEnd - c >= 4; ) {
      if (readEnd - c < 4) {
        out.truncated = true;
        return false;
      }
      int etype = Bytes.u16be(b, c);
      int elen = Bytes.u16be(b, c + 2);
      if (elen > extEnd - c - 4) {
        out.error(BAD_LENGTH);
        return false;
      }
      int d = c + 4, e = d + elen;
      if (etype == EXT_SERVER_NAME && client && out.sniOff < 0) { // the first one, as tshark
        boolean ok = serverName(b, d, e, readEnd, out);
        if (!full || !ok) return false;
      } else if (full && etype == EXT_ALPN) {
        int after = skipVector(b, d, 2, e, readEnd, out);
        if (after == MALFORMED) return false;
        if (after >= 0 && after <= readEnd) {
          out.tlsAlpnOff = d + 2;
          out.tlsAlpnLen = after - d - 2;
        }
      } else if (full && etype == EXT_SUPPORTED_VERSIONS) {
        int from = client ? d + 1 : d;
        int after = client ? skipVector(b, d, 1, e, readEnd, out) : Math.min(d + 2, e);
        if (after == MALFORMED) return false;
        if (after >= from && after <= readEnd) {
          versions = out.tlsSupportedVersionsOff = from;
          versionsLen = out.tlsSupportedVersionsLen = after - from;
        }
      }
      c = e;
    }
    if (!full) return false;
    if (hend > readEnd) {
      out.truncated = true;
      return false;
    }
    out.tlsExtensionsOff = extStart;
    out.tlsExtensionsLen = extEnd - extStart;
    out.tlsVersion = out.tlsLegacyVersion;
    if (versions >= 0 && versionsLen >= 2) {
      int best = -1;
      for (int v = versions; v + 2 <= versions + versionsLen; v += 2) {
        int ver = Bytes.u16be(b, v);
        if (!grease(ver) && ver > best) best = ver;
      }
      if (best >= 0) out.tlsVersion = best;
    }
    return false;
  }

  /** A GREASE value (RFC 8701): 0x?A?A with both bytes equal. */
  static boolean grease(int v) {
    return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
  }

  /** Reports the first name of a server_name extension {@code [s, e)}; false on a malformation or cut. */
  private static boolean serverName(byte[] b, int s, int e, int readEnd, DecodedPacket out) {
    if (e == s) return true; // an empty extension (legal in a ServerHello, carries no name)
    int listEnd = skipVector(b, s, 2, e, readEnd, out);
    if (listEnd < 0) return false;
    s += 2;
    if (3 > listEnd - s) {
      out.error(BAD_LENGTH);
      return false;
    }
    if (3 > readEnd - s) {
      out.truncated = true;
      return false;
    }
    int nlen = Bytes.u16be(b, s + 1);
    if (nlen > listEnd - s - 3) {
      out.error(BAD_LENGTH);
      return false;
    }
    if (nlen > readEnd - s - 3) {
      out.truncated = true;
      return false;
    }
    out.sniOff = s + 3;
    out.sniLen = nlen;
    return true;
  }

  private static final int MALFORMED = -1, CUT = -2;

  /**
   * Skips a vector with a {@code lenBytes}-byte length prefix at {@code c} inside a block ending
   * at {@code end}. Returns the position after it (its bytes may not all be captured), or
   * {@link #MALFORMED} when its length runs past the block, {@link #CUT} when its length prefix
   * was not captured; both are reported.
   */
  private static int skipVector(byte[] b, int c, int lenBytes, int end, int readEnd, DecodedPacket out) {
    if (lenBytes > end - c) {
      out.error(BAD_LENGTH);
      return MALFORMED;
    }
    if (lenBytes > readEnd - c) {
      out.truncated = true;
      return CUT;
    }
    int len = lenBytes == 1 ? b[c] & 0xFF : Bytes.u16be(b, c);
    if (len > end - c - lenBytes) {
      out.error(BAD_LENGTH);
      return MALFORMED;
    }
    return c + lenBytes + len;
  }

  /** What {@link #handshake} found in a reassembled TCP stream. */
  static final int NEED_MORE = -1, NOT_A_HELLO = -2;

  /**
   * Collects the first handshake message of the TLS records in {@code stream[0, n)} (the start of a
   * TCP stream direction, possibly cut mid-record) into {@code dst}, across records.
   *
   * @return the message's length once it is whole in {@code dst}; {@link #NEED_MORE} when more of
   *     the stream is needed; {@link #NOT_A_HELLO} when it is not a ClientHello that fits {@code dst}
   */
  static int handshake(byte[] stream, int n, byte[] dst) {
    int have = 0;
    int p = 0;
    while (n - p >= 5) {
      if (!isRecordHeader(stream, p)) return NOT_A_HELLO;
      int len = Bytes.u16be(stream, p + 3);
      boolean hs = (stream[p] & 0xFF) == HANDSHAKE;
      if (!hs && have > 0) return NOT_A_HELLO; // the message was interrupted
      if (hs) {
        int take = Math.min(len, n - p - 5);
        if (take > dst.length - have) return NOT_A_HELLO;
        System.arraycopy(stream, p + 5, dst, have, take);
        have += take;
        if (have >= 1 && dst[0] != CLIENT_HELLO) return NOT_A_HELLO;
        if (have >= 4) {
          int need = 4 + (((dst[1] & 0xFF) << 16) | Bytes.u16be(dst, 2));
          if (need > dst.length) return NOT_A_HELLO;
          if (have >= need) return need;
        }
        if (take < len) return NEED_MORE;
      }
      p += 5 + len;
    }
    return NEED_MORE;
  }
}

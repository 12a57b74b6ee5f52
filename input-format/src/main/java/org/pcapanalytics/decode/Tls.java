package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * The server name (SNI, RFC 6066) of a TLS ClientHello (RFC 8446 4.1.2; RFC 5246 7.4.1.2) at the
 * start of a TCP payload, on any port.
 *
 * <pre>
 * record:       type (1) = 22 handshake | version (2) = 3.0..3.3 | length (2) | fragment
 * handshake:    msg_type (1) = 1 ClientHello | length (3) | body
 * ClientHello:  client_version (2) | random (32) | session_id &lt;0..32&gt; (1-byte length)
 *               | cipher_suites &lt;2..2^16-2&gt; (2-byte length) | compression_methods (1-byte length)
 *               | extensions (2-byte length) { type (2) | length (2) | data }*
 * server_name extension (type 0):
 *               server_name_list length (2) { name_type (1) | name length (2) | name }+
 * </pre>
 *
 * Every field is read through the bounds of its enclosing block (record, handshake message,
 * extensions, extension, name list), so bogus lengths stop the parse, never an array read.
 * Like tshark without TCP reassembly: records before the handshake record (e.g. a
 * ChangeCipherSpec) are skipped, a record or handshake message that continues in a later segment
 * shows nothing, and the first entry of the name list is reported whatever its name type.
 */
public final class Tls {
  public static final String BAD_LENGTH = "tls: ClientHello length field beyond its enclosing block";

  private static final int HANDSHAKE = 22;
  private static final int CLIENT_HELLO = 1;
  private static final int EXT_SERVER_NAME = 0;

  private Tls() {}

  /** Looks for a ClientHello in the payload {@code [off, wireEnd)}, captured up to {@code capEnd}. */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    int readEnd = Math.min(capEnd, wireEnd);
    int p = off;
    // Each record is at least 5 bytes, so the walk ends.
    while (wireEnd - p >= 5 && readEnd - p >= 5) {
      int type = b[p] & 0xFF;
      if (type < 20 || type > 23 || b[p + 1] != 3 || (b[p + 2] & 0xFF) > 3) return; // not TLS
      int len = Bytes.u16be(b, p + 3);
      if (len > wireEnd - p - 5) return; // the record continues in a later segment
      if (type == HANDSHAKE) {
        clientHello(b, p + 5, p + 5 + len, readEnd, out);
        return;
      }
      p += 5 + len;
    }
  }

  /** The handshake message at {@code q} inside a record ending at {@code end}. */
  private static void clientHello(byte[] b, int q, int end, int readEnd, DecodedPacket out) {
    if (end - q < 4 || readEnd - q < 4) {
      if (end - q >= 4) out.truncated = true;
      return;
    }
    if (b[q] != CLIENT_HELLO) return;
    int hlen = ((b[q + 1] & 0xFF) << 16) | Bytes.u16be(b, q + 2);
    if (hlen > end - q - 4) return; // the message continues in a later record
    int hend = q + 4 + hlen;
    int c = q + 4;
    if (34 > hend - c) {
      out.error(BAD_LENGTH);
      return;
    }
    c += 34; // client_version, random
    if ((c = skipVector(b, c, 1, hend, readEnd, out)) < 0) return; // session_id
    if ((c = skipVector(b, c, 2, hend, readEnd, out)) < 0) return; // cipher_suites
    if ((c = skipVector(b, c, 1, hend, readEnd, out)) < 0) return; // compression_methods
    if (c == hend) return; // no extensions (SSL 3.0 style)
    int extEnd = skipVector(b, c, 2, hend, readEnd, out);
    if (extEnd < 0) return;
    c += 2;
    while (extEnd - c >= 4) {
      if (readEnd - c < 4) {
        out.truncated = true;
        return;
      }
      int etype = Bytes.u16be(b, c);
      int elen = Bytes.u16be(b, c + 2);
      if (elen > extEnd - c - 4) {
        out.error(BAD_LENGTH);
        return;
      }
      if (etype == EXT_SERVER_NAME) {
        serverName(b, c + 4, c + 4 + elen, readEnd, out);
        return;
      }
      c += 4 + elen;
    }
  }

  private static void serverName(byte[] b, int s, int e, int readEnd, DecodedPacket out) {
    if (e == s) return; // an empty extension (legal in a ServerHello, carries no name)
    int listEnd = skipVector(b, s, 2, e, readEnd, out);
    if (listEnd < 0) return;
    s += 2;
    if (3 > listEnd - s) {
      out.error(BAD_LENGTH);
      return;
    }
    if (3 > readEnd - s) {
      out.truncated = true;
      return;
    }
    int nlen = Bytes.u16be(b, s + 1);
    if (nlen > listEnd - s - 3) {
      out.error(BAD_LENGTH);
      return;
    }
    if (nlen > readEnd - s - 3) {
      out.truncated = true;
      return;
    }
    out.sniOff = s + 3;
    out.sniLen = nlen;
  }

  /**
   * Skips a vector with a {@code lenBytes}-byte length prefix at {@code c} inside a block ending
   * at {@code end}. Returns the position after it, or -1 when its length runs past the block
   * (malformed) or its length prefix was not captured (truncated).
   */
  private static int skipVector(byte[] b, int c, int lenBytes, int end, int readEnd, DecodedPacket out) {
    if (lenBytes > end - c) {
      out.error(BAD_LENGTH);
      return -1;
    }
    if (lenBytes > readEnd - c) {
      out.truncated = true;
      return -1;
    }
    int len = lenBytes == 1 ? b[c] & 0xFF : Bytes.u16be(b, c);
    if (len > end - c - lenBytes) {
      out.error(BAD_LENGTH);
      return -1;
    }
    return c + lenBytes + len;
  }
}

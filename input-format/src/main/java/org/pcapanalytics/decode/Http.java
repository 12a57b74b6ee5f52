package org.pcapanalytics.decode;

/**
 * HTTP/1.x request line and Host header (RFC 9112 3, RFC 9110 7.2) at the start of a payload.
 *
 * <pre>
 * request-line = method SP request-target SP HTTP-version CRLF
 * field-line   = field-name ":" OWS field-value OWS CRLF
 * </pre>
 *
 * Follows what tshark 4.0 shows per packet (checked against it):
 * <ul>
 *   <li>only the methods tshark knows, upper case, followed by a space;</li>
 *   <li>the URI runs to the next space or the end of the line (two spaces give an empty URI), and
 *       a request line without a version still counts;</li>
 *   <li>lines end at CRLF, LF or a lone CR; the captured end ends the last line, so a Host header
 *       cut by the snapshot length gives the partial value;</li>
 *   <li>the Host value loses its leading blanks but keeps trailing ones, and ends at a NUL;</li>
 *   <li>header parsing stops at the blank line, at a continuation line (leading blank) and at a
 *       line without a colon; the first Host header wins.</li>
 * </ul>
 */
public final class Http {
  /** Request methods tshark's HTTP dissector recognises (verified one by one against tshark 4.0). */
  private static final byte[][] METHODS = methods("GET", "PUT", "POST", "COPY", "HEAD", "LOCK", "MOVE", "POLL",
      "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BCOPY",
      "BMOVE", "PATCH", "CHECKIN", "CHECKOUT", "CONNECT", "OPTIONS", "PROPFIND", "PROPPATCH", "BDELETE",
      "BPROPFIND", "BPROPPATCH", "SUBSCRIBE", "UNSUBSCRIBE", "MKACTIVITY", "MKWORKSPACE", "VERSION-CONTROL",
      "BASELINE-CONTROL", "UNCHECKOUT", "M-SEARCH", "RPC_CONNECT", "RPC_IN_DATA", "RPC_OUT_DATA",
      "SSTP_DUPLEX_POST");

  private Http() {}

  /** Decodes a request starting at {@code off}, reading no further than {@code min(capEnd, wireEnd)}. */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, DecodedPacket out) {
    int end = Math.min(capEnd, wireEnd);
    int mlen = method(b, off, end);
    if (mlen <= 0) return;
    out.httpMethodOff = off;
    out.httpMethodLen = mlen;
    int lineEnd = lineEnd(b, off, end);
    int uri = off + mlen + 1;
    int uriEnd = uri;
    while (uriEnd < lineEnd && b[uriEnd] != ' ' && b[uriEnd] != 0) uriEnd++;
    out.httpUriOff = uri;
    out.httpUriLen = uriEnd - uri;

    int p = nextLine(b, lineEnd, end);
    while (p < end) {
      int le = lineEnd(b, p, end);
      if (le == p || b[p] == ' ' || b[p] == '\t') return; // end of headers, or a folded line
      int colon = p;
      while (colon < le && b[colon] != ':') colon++;
      if (colon == le) return; // not a header line
      if (colon - p == 4 && isHost(b, p)) {
        int v = colon + 1;
        while (v < le && (b[v] == ' ' || b[v] == '\t')) v++;
        int ve = v;
        while (ve < le && b[ve] != 0) ve++;
        out.httpHostOff = v;
        out.httpHostLen = ve - v;
        return;
      }
      p = nextLine(b, le, end);
    }
  }

  /** Length of a known method at {@code off} followed by a space, else 0. */
  static int method(byte[] b, int off, int end) {
    if (off >= end) return 0;
    byte first = b[off];
    if (first < 'B' || first > 'V') return 0; // fast reject: every method starts with B..V
    for (byte[] m : METHODS) {
      int n = m.length;
      if (m[0] != first || n >= end - off || b[off + n] != ' ') continue;
      int k = 1;
      while (k < n && b[off + k] == m[k]) k++;
      if (k == n) return n;
    }
    return 0;
  }

  private static boolean isHost(byte[] b, int p) {
    return (b[p] | 0x20) == 'h' && (b[p + 1] | 0x20) == 'o' && (b[p + 2] | 0x20) == 's' && (b[p + 3] | 0x20) == 't';
  }

  /** Index of the first CR or LF at or after {@code p}, or {@code end}. */
  private static int lineEnd(byte[] b, int p, int end) {
    while (p < end && b[p] != '\r' && b[p] != '\n') p++;
    return p;
  }

  /** Start of the line after the terminator at {@code le} (CRLF counts as one). */
  private static int nextLine(byte[] b, int le, int end) {
    if (le >= end) return end;
    if (b[le] == '\r' && le + 1 < end && b[le + 1] == '\n') return le + 2;
    return le + 1;
  }

  private static byte[][] methods(String... names) {
    byte[][] out = new byte[names.length][];
    for (int i = 0; i < names.length; i++) out[i] = Dns.ascii(names[i]);
    return out;
  }
}

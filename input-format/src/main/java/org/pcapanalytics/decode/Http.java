package org.pcapanalytics.decode;

/**
 * HTTP/1.x request or status line and a few headers (RFC 9112 3-5, RFC 9110 7.2, 8.3, 10.1.5) at the
 * start of a payload.
 *
 * <pre>
 * request-line = method SP request-target SP HTTP-version CRLF
 * status-line  = HTTP-version SP status-code SP [ reason-phrase ] CRLF
 * field-line   = field-name ":" OWS field-value OWS CRLF
 * </pre>
 *
 * Follows what tshark 4.0 shows per packet (checked against it):
 * <ul>
 *   <li>only the methods tshark knows, upper case, followed by a space;</li>
 *   <li>the URI runs to the next space or the end of the line (two spaces give an empty URI), and
 *       a request line without a version still counts;</li>
 *   <li>a response starts with {@code HTTP/}; its status code is read from the first three
 *       characters of the token after the version (see {@link #status});</li>
 *   <li>lines end at CRLF, LF or a lone CR; the captured end ends the last line, so a header cut
 *       by the snapshot length gives the partial value;</li>
 *   <li>a value loses its leading blanks but keeps trailing ones, and ends at a NUL;</li>
 *   <li>header parsing stops at the blank line, at a continuation line (leading blank) and at a
 *       line without a colon; the first of each header wins; Host is a request's only.</li>
 * </ul>
 * With {@link PacketDecoder#HTTP} alone only requests are read, up to their Host header; {@link
 * PacketDecoder#HTTP_HEADERS} adds responses and the User-Agent and Content-Type headers. Only what
 * one segment holds is seen: headers in a later segment, HTTP/2 and bodies are not.
 */
public final class Http {
  /** Request methods tshark's HTTP dissector recognises (verified one by one against tshark 4.0). */
  private static final byte[][] METHODS = methods("GET", "PUT", "POST", "COPY", "HEAD", "LOCK", "MOVE", "POLL",
      "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BCOPY",
      "BMOVE", "PATCH", "CHECKIN", "CHECKOUT", "CONNECT", "OPTIONS", "PROPFIND", "PROPPATCH", "BDELETE",
      "BPROPFIND", "BPROPPATCH", "SUBSCRIBE", "UNSUBSCRIBE", "MKACTIVITY", "MKWORKSPACE", "VERSION-CONTROL",
      "BASELINE-CONTROL", "UNCHECKOUT", "M-SEARCH", "RPC_CONNECT", "RPC_IN_DATA", "RPC_OUT_DATA",
      "SSTP_DUPLEX_POST");
  private static final byte[] HTTP_SLASH = Dns.ascii("HTTP/");
  private static final byte[] HOST = Dns.ascii("host"), USER_AGENT = Dns.ascii("user-agent"),
      CONTENT_TYPE = Dns.ascii("content-type");

  private Http() {}

  /**
   * Decodes a request or (with {@code headers}) a response starting at {@code off}, reading no
   * further than {@code min(capEnd, wireEnd)}.
   */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, boolean headers, DecodedPacket out) {
    int end = Math.min(capEnd, wireEnd);
    int mlen = method(b, off, end);
    if (mlen > 0) {
      request(b, off, mlen, end, headers, out);
    } else if (headers && startsWith(b, off, end, HTTP_SLASH)) {
      out.applicationFields = true;
      int lineEnd = lineEnd(b, off, end);
      status(b, off, lineEnd, out);
      headers(b, nextLine(b, lineEnd, end), end, false, true, out);
    }
  }

  /** A request line whose method of {@code mlen} bytes is at {@code off}, and its headers. */
  private static void request(byte[] b, int off, int mlen, int end, boolean headers, DecodedPacket out) {
    out.httpMethodOff = off;
    out.httpMethodLen = mlen;
    int lineEnd = lineEnd(b, off, end);
    int uri = off + mlen + 1;
    int uriEnd = uri;
    while (uriEnd < lineEnd && b[uriEnd] != ' ' && b[uriEnd] != 0) uriEnd++;
    out.httpUriOff = uri;
    out.httpUriLen = uriEnd - uri;
    headers(b, nextLine(b, lineEnd, end), end, true, headers, out);
  }

  /** The header lines from {@code p}: Host (a request's), and with {@code headers} User-Agent and Content-Type. */
  private static void headers(byte[] b, int p, int end, boolean request, boolean headers, DecodedPacket out) {
    while (p < end) {
      int le = lineEnd(b, p, end);
      if (le == p || b[p] == ' ' || b[p] == '\t') return; // end of headers, or a folded line
      int colon = p;
      while (colon < le && b[colon] != ':') colon++;
      if (colon == le) return; // not a header line
      int name = colon - p;
      if (request && out.httpHostOff < 0 && isName(b, p, name, HOST)) {
        out.httpHostOff = value(b, colon, le);
        out.httpHostLen = valueEnd(b, out.httpHostOff, le) - out.httpHostOff;
        if (!headers) return;
      } else if (headers && out.httpUserAgentOff < 0 && isName(b, p, name, USER_AGENT)) {
        out.applicationFields = true;
        out.httpUserAgentOff = value(b, colon, le);
        out.httpUserAgentLen = valueEnd(b, out.httpUserAgentOff, le) - out.httpUserAgentOff;
      } else if (headers && out.httpContentTypeOff < 0 && isName(b, p, name, CONTENT_TYPE)) {
        out.applicationFields = true;
        out.httpContentTypeOff = value(b, colon, le);
        out.httpContentTypeLen = valueEnd(b, out.httpContentTypeOff, le) - out.httpContentTypeOff;
      }
      p = nextLine(b, le, end);
    }
  }

  /**
   * The status code of the status line {@code [off, lineEnd)}: the token after the version must
   * have 3 characters or more, and its first three are read as C's strtoul reads them (tshark's
   * way: "2000" is 200, "2x0" is 2, "x00" is 0), except that a minus sign gives no code (tshark
   * wraps "-12" to 4294967284).
   */
  private static void status(byte[] b, int off, int lineEnd, DecodedPacket out) {
    int p = off;
    while (p < lineEnd && b[p] != ' ') p++;
    while (p < lineEnd && b[p] == ' ') p++;
    int t = p;
    while (t < lineEnd && b[t] != ' ') t++;
    if (t - p < 3) return;
    int end = p + 3;
    while (p < end && (b[p] == '\t' || b[p] == 0x0B || b[p] == '\f')) p++;
    if (p < end && b[p] == '-') return;
    if (p < end && b[p] == '+') p++;
    int code = 0;
    for (; p < end && b[p] >= '0' && b[p] <= '9'; p++) code = code * 10 + (b[p] - '0');
    out.httpStatus = code;
  }

  /** Start of a header value after the colon: leading blanks skipped. */
  private static int value(byte[] b, int colon, int le) {
    int v = colon + 1;
    while (v < le && (b[v] == ' ' || b[v] == '\t')) v++;
    return v;
  }

  /** End of a header value: the end of the line or a NUL. */
  private static int valueEnd(byte[] b, int v, int le) {
    while (v < le && b[v] != 0) v++;
    return v;
  }

  /** The header name {@code b[p, p + len)} is {@code lower}, ignoring ASCII case. */
  private static boolean isName(byte[] b, int p, int len, byte[] lower) {
    if (len != lower.length) return false;
    for (int i = 0; i < len; i++) {
      int c = b[p + i];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      if (c != lower[i]) return false;
    }
    return true;
  }

  private static boolean startsWith(byte[] b, int off, int end, byte[] prefix) {
    if (end - off < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (b[off + i] != prefix[i]) return false;
    }
    return true;
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

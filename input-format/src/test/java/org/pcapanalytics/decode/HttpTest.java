package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import org.junit.jupiter.api.Test;

/** Expected values checked against tshark 4.0.17 on the same payloads. */
class HttpTest {

  private static DecodedPacket http(String payload) {
    return decode(1, tcpPayload(80, ascii(payload)));
  }

  private static String method(DecodedPacket p) {
    return p.httpMethodOff < 0 ? null : TsharkFields.text(p.buf, p.httpMethodOff, p.httpMethodLen);
  }

  private static String uri(DecodedPacket p) {
    return p.httpUriOff < 0 ? null : TsharkFields.text(p.buf, p.httpUriOff, p.httpUriLen);
  }

  private static String host(DecodedPacket p) {
    return p.httpHostOff < 0 ? null : TsharkFields.text(p.buf, p.httpHostOff, p.httpHostLen);
  }

  @Test
  void requestLineAndHost() {
    DecodedPacket p = http("GET /index.html?q=1 HTTP/1.1\r\nUser-Agent: x\r\nHost: www.example.com\r\n\r\n");
    assertEquals("GET", method(p));
    assertEquals("/index.html?q=1", uri(p));
    assertEquals("www.example.com", host(p));
    assertNull(p.decodeError);
  }

  @Test
  void noHost() {
    DecodedPacket p = http("POST /submit HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc");
    assertEquals("POST", method(p));
    assertEquals("/submit", uri(p));
    assertNull(host(p));
    DecodedPacket v09 = http("GET /\r\n\r\n");
    assertEquals("/", uri(v09));
    assertNull(host(v09));
  }

  @Test
  void onlyKnownUpperCaseMethodsFollowedBySpace() {
    assertNull(method(http("get / HTTP/1.1\r\nHost: a\r\n\r\n")));
    assertNull(method(http("FOO / HTTP/1.1\r\nHost: a\r\n\r\n")));
    assertNull(method(http("GET\t/ HTTP/1.1\r\n\r\n")));
    assertNull(method(http("MKCALENDAR / HTTP/1.1\r\n\r\n")));
    assertEquals("PROPFIND", method(http("PROPFIND /p HTTP/1.1\r\nHost: p\r\n\r\n")));
    assertEquals("M-SEARCH", method(http("M-SEARCH * HTTP/1.1\r\nHost: m\r\n\r\n")));
    assertEquals("SSTP_DUPLEX_POST", method(http("SSTP_DUPLEX_POST /x HTTP/1.1\r\n\r\n")));
    assertEquals("CONNECT", method(http("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n")));
  }

  @Test
  void hostValueLikeTshark() {
    assertEquals("example.com ", host(http("GET / HTTP/1.1\r\nhost:  example.com \r\n\r\n")), "leading blanks go, trailing stay");
    assertEquals("x", host(http("GET / HTTP/1.1\r\nHOST:x\r\n\r\n")));
    assertEquals("", host(http("GET / HTTP/1.1\r\nHost:\r\n\r\n")));
    assertEquals("", host(http("GET / HTTP/1.1\r\nHost:   \r\n")));
    assertEquals("tab\t", host(http("GET /x HTTP/1.1\r\nHost:\ttab\t\r\n\r\n")));
    assertEquals("a b", host(http("GET / HTTP/1.1\r\nHost: a b\r\n")));
    assertEquals("a", host(http("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n")), "the first one");
    assertEquals("a", host(http("GET / HTTP/1.1\r\nHost: a\u0000b\r\n")), "a NUL ends the string");
    assertEquals("a", host(http("GET /x HTTP/1.1\r\nHost: a\rb\r\n\r\n")), "a lone CR ends the line");
    assertEquals("lf", host(http("GET / HTTP/1.1\nHost: lf\n\n")));
    assertEquals("y", host(http("GET / HTTP/1.1\r\nHostname: x\r\nHost: y\r\n")));
    assertNull(host(http("GET /x HTTP/1.1\r\nHost : spc\r\n\r\n")));
  }

  @Test
  void headerParsingStopsWhereTsharkDoes() {
    assertNull(host(http("GET / HTTP/1.1\r\nX: y\r\n z\r\nHost: h1\r\n\r\n")), "continuation line");
    assertNull(host(http("GET / HTTP/1.1\r\nFoo\r\nHost: h\r\n\r\n")), "line without a colon");
    assertNull(host(http("GET / HTTP/1.1\r\n\r\n")));
  }

  @Test
  void uriEdges() {
    assertEquals("", uri(http("GET  /x HTTP/1.1\r\nHost: a\r\n\r\n")), "two spaces: empty URI");
    assertEquals("/a", uri(http("GET /a b c HTTP/1.1\r\n\r\n")));
    assertEquals("/abc", uri(http("GET /abc")), "no line end");
    assertEquals("/x", uri(http("GET /x\r\nHost: nov\r\n\r\n")));
  }

  @Test
  void hostCutBySnaplenGivesThePartialValue() {
    byte[] f = tcpPayload(80, ascii("GET / HTTP/1.1\r\nHost: www.google.com\r\nAccept: */*\r\n\r\n"));
    int cut = TlsTest.indexOf(f, ascii("www.")) + 4;
    DecodedPacket p = decode(1, f, cut, f.length);
    assertEquals("www.", host(p), "as tshark on http_google_snaplen80");
    assertTrue(p.truncated);
    assertNull(p.decodeError);
  }

  @Test
  void anyTcpPortAndSsdpOverUdp() {
    DecodedPacket p = decode(1, tcpPayload(12345, ascii("GET / HTTP/1.1\r\nHost: port12345\r\n\r\n")));
    assertEquals("port12345", host(p));
    byte[] ssdp = ascii("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n\r\n");
    DecodedPacket s = decode(1, eth(0x0800, ipv4(17, udp(50000, 1900, ssdp))));
    assertEquals("M-SEARCH", method(s));
    assertEquals("239.255.255.250:1900", host(s));
    assertNull(method(decode(1, eth(0x0800, ipv4(17, udp(50000, 8080, ssdp))))), "HTTP over UDP only on SSDP's port");
  }

  private static String ua(DecodedPacket p) {
    return p.httpUserAgentOff < 0 ? null : TsharkFields.text(p.buf, p.httpUserAgentOff, p.httpUserAgentLen);
  }

  private static String contentType(DecodedPacket p) {
    return p.httpContentTypeOff < 0 ? null : TsharkFields.text(p.buf, p.httpContentTypeOff, p.httpContentTypeLen);
  }

  /** Status line, payload → http.response.code and http.content_type as tshark 4.0.17 showed them. */
  @Test
  void responsesAsTsharkReadsThem() {
    String[][] cases = {
        {"HTTP/1.1 200 OK", "200"}, {"HTTP/1.1 2000 X", "200"}, {"HTTP/1.0 20 OK", null}, {"HTTP/1.1 404", "404"},
        {"HTTP/1.1  301 Moved", "301"}, {"HTTP/1.1 2x0 OK", "2"}, {"HTTP/1.1 x00 OK", "0"}, {"HTTP/1.1 20x OK", "20"},
        {"HTTP/1.1 +12 OK", "12"}, {"HTTP/1.1 1 2 OK", null}, {"HTTP/1.1 007 OK", "7"}, {"HTTP/9.9 200 OK", "200"},
        {"HTTP/ 200 OK", "200"}, {"HTTP/1.1", null}};
    for (String[] c : cases) {
      DecodedPacket p = http(c[0] + "\r\nContent-Type: z\r\n\r\n");
      assertEquals(c[1] == null ? -1 : Integer.parseInt(c[1]), p.httpStatus, c[0]);
      assertEquals("z", contentType(p), c[0]);
      assertNull(method(p));
    }
    assertEquals(200, decode(1, tcpPayload(12345, ascii("HTTP/1.1 200 OK\r\n\r\n"))).httpStatus, "any port");
  }

  @Test
  void userAgentAndContentTypeHeaders() {
    DecodedPacket req =
        http("GET / HTTP/1.1\r\nHost: h\r\nUSER-AGENT: ua1\r\nUser-Agent: ua2\r\nContent-Type: g\r\n\r\n");
    assertEquals("h", host(req));
    assertEquals("ua1", ua(req), "the first one, any case");
    assertEquals("g", contentType(req));
    assertEquals("c ", contentType(http("HTTP/1.1 404\r\ncontent-type:  c \r\n\r\n")), "trailing blanks kept");
    assertNull(contentType(http("HTTP/1.1 200 OK\r\nX: y\r\n folded\r\nContent-Type: h\r\n\r\n")), "stops at a fold");
    assertEquals("i", contentType(http("HTTP/1.1 200 OK\r\nServer: s\r\nContent-Type:i\0j\r\n\r\n")), "ends at NUL");
    assertNull(contentType(http("HTTP/1.1 200 OK\r\nContent-Type : k\r\n\r\n")), "a blank before the colon");
    assertEquals("l", contentType(http("HTTP/1.1 200 OK\nContent-Type: l\n\n")));
    assertEquals(-1, http("HTTP/1.1 200 OK\r\nHost: not-a-request\r\n\r\n").httpHostOff, "Host is a request's");
  }

  @Test
  void headersLayerOff() {
    byte[] f = tcpPayload(80, ascii("GET / HTTP/1.1\r\nHost: h\r\nUser-Agent: u\r\n\r\n"));
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.HTTP).decode(f, 0, f.length, f.length, 1, p);
    assertEquals("h", host(p));
    assertNull(ua(p), "HTTP alone stops at the Host header");
    byte[] r = tcpPayload(80, ascii("HTTP/1.1 200 OK\r\nContent-Type: t\r\n\r\n"));
    new PacketDecoder(PacketDecoder.HTTP).decode(r, 0, r.length, r.length, 1, p);
    assertEquals(-1, p.httpStatus);
    assertEquals(-1, p.httpContentTypeOff);
  }
}

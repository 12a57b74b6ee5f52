package org.pcapanalytics.generate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/** Application-layer messages in their wire formats: DNS, HTTP/1.1 and TLS handshakes. */
final class AppPayloads {
  static final int DNS_A = 1;
  static final int DNS_CNAME = 5;
  static final int DNS_SOA = 6;
  static final int DNS_AAAA = 28;
  static final int DNS_OPT = 41;
  static final int RCODE_NOERROR = 0;
  static final int RCODE_SERVFAIL = 2;
  static final int RCODE_NXDOMAIN = 3;

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private AppPayloads() {
  }

  // ---------------------------------------------------------------- DNS

  /** A recursive query with an EDNS0 OPT record; returns the end offset. */
  static int dnsQuery(byte[] b, int off, int id, byte[] qname, int qtype) {
    ByteWriter.put16(b, off, id);
    ByteWriter.put16(b, off + 2, 0x0100); // RD
    ByteWriter.put16(b, off + 4, 1);
    ByteWriter.put16(b, off + 6, 0);
    ByteWriter.put16(b, off + 8, 0);
    ByteWriter.put16(b, off + 10, 1);
    int o = question(b, off + 12, qname, qtype);
    return opt(b, o);
  }

  /**
   * A response to {@link #dnsQuery}. With rcode NOERROR it answers with an optional CNAME (whose target is
   * compressed against the question) and {@code addresses.length} A/AAAA records; with NXDOMAIN it carries an
   * SOA in the authority section, with names compressed against the question. Returns the end offset.
   *
   * @param registeredLabel index of the label where the registered domain starts (e.g. 1 in www.example.com)
   */
  static int dnsResponse(byte[] b, int off, int id, byte[] qname, int qtype, int rcode, boolean cname,
      byte[][] addresses, int registeredLabel, int ttl, SplittableRandom r) {
    int answers = rcode == RCODE_NOERROR ? addresses.length + (cname ? 1 : 0) : 0;
    ByteWriter.put16(b, off, id);
    ByteWriter.put16(b, off + 2, 0x8180 | rcode); // QR RD RA
    ByteWriter.put16(b, off + 4, 1);
    ByteWriter.put16(b, off + 6, answers);
    ByteWriter.put16(b, off + 8, rcode == RCODE_NXDOMAIN ? 1 : 0);
    ByteWriter.put16(b, off + 10, 1);
    int o = question(b, off + 12, qname, qtype);
    int qnameOff = 12; // relative to the DNS message
    int domainOff = qnameOff + labelOffset(qname, registeredLabel);
    if (rcode == RCODE_NOERROR) {
      int owner = qnameOff;
      if (cname) {
        o = rrHeader(b, o, qnameOff, DNS_CNAME, ttl);
        int rdStart = o + 2;
        int p = rdStart;
        byte[] label = ("edge" + r.nextInt(100)).getBytes(StandardCharsets.US_ASCII);
        b[p++] = (byte) label.length;
        System.arraycopy(label, 0, b, p, label.length);
        p += label.length;
        p = pointer(b, p, domainOff);
        ByteWriter.put16(b, o, p - rdStart);
        owner = rdStart - off;
        o = p;
      }
      for (byte[] a : addresses) {
        o = rrHeader(b, o, owner, a.length == 4 ? DNS_A : DNS_AAAA, ttl);
        ByteWriter.put16(b, o, a.length);
        System.arraycopy(a, 0, b, o + 2, a.length);
        o += 2 + a.length;
      }
    } else if (rcode == RCODE_NXDOMAIN) {
      o = rrHeader(b, o, domainOff, DNS_SOA, 900);
      int rdStart = o + 2;
      int p = rdStart;
      p = labelThenPointer(b, p, "ns1", domainOff);
      p = labelThenPointer(b, p, "hostmaster", domainOff);
      ByteWriter.put32(b, p, 2026030101);
      ByteWriter.put32(b, p + 4, 7200);
      ByteWriter.put32(b, p + 8, 3600);
      ByteWriter.put32(b, p + 12, 1209600);
      ByteWriter.put32(b, p + 16, 300);
      p += 20;
      ByteWriter.put16(b, o, p - rdStart);
      o = p;
    }
    return opt(b, o);
  }

  private static int question(byte[] b, int o, byte[] qname, int qtype) {
    System.arraycopy(qname, 0, b, o, qname.length);
    o += qname.length;
    ByteWriter.put16(b, o, qtype);
    ByteWriter.put16(b, o + 2, 1);
    return o + 4;
  }

  private static int opt(byte[] b, int o) {
    b[o] = 0;
    ByteWriter.put16(b, o + 1, DNS_OPT);
    ByteWriter.put16(b, o + 3, 1232);
    ByteWriter.put32(b, o + 5, 0);
    ByteWriter.put16(b, o + 9, 0);
    return o + 11;
  }

  private static int rrHeader(byte[] b, int o, int ownerOffset, int type, int ttl) {
    o = pointer(b, o, ownerOffset);
    ByteWriter.put16(b, o, type);
    ByteWriter.put16(b, o + 2, 1);
    ByteWriter.put32(b, o + 4, ttl);
    return o + 8;
  }

  private static int pointer(byte[] b, int o, int target) {
    ByteWriter.put16(b, o, 0xC000 | target);
    return o + 2;
  }

  private static int labelThenPointer(byte[] b, int p, String label, int target) {
    b[p++] = (byte) label.length();
    for (int i = 0; i < label.length(); i++) {
      b[p++] = (byte) label.charAt(i);
    }
    return pointer(b, p, target);
  }

  /** Byte offset of label {@code index} within a wire-format name. */
  static int labelOffset(byte[] wire, int index) {
    int o = 0;
    for (int i = 0; i < index && wire[o] != 0; i++) {
      o += 1 + wire[o];
    }
    return o;
  }

  /** Number of labels of a wire-format name. */
  static int labelCount(byte[] wire) {
    int n = 0;
    for (int o = 0; wire[o] != 0; o += 1 + wire[o]) {
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- HTTP

  static byte[] httpRequest(String method, String uri, String host, String userAgent, int bodyLength) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(method).append(' ').append(uri).append(" HTTP/1.1\r\n");
    sb.append("Host: ").append(host).append("\r\n");
    sb.append("User-Agent: ").append(userAgent).append("\r\n");
    sb.append("Accept: */*\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n");
    if (bodyLength > 0) {
      sb.append("Content-Type: application/octet-stream\r\nContent-Length: ").append(bodyLength).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] httpResponseHeader(int status, String contentType, long contentLength, long epochNs,
                   String extraHeaders) {
    String reason = status == 200 ? "OK" : status == 404 ? "Not Found" : status == 304 ? "Not Modified" : "Found";
    String date = HTTP_DATE.format(Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L)));
    String s = "HTTP/1.1 " + status + ' ' + reason + "\r\nDate: " + date + "\r\nServer: nginx\r\n"
        + "Content-Type: " + contentType + "\r\nContent-Length: " + contentLength + "\r\n" + extraHeaders
        + "\r\n";
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------- TLS

  private static final int[] CIPHER_SUITES = {
    0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
  };
  private static final int[] SIG_ALGS = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

  /** A TLS record holding a ClientHello with server_name, ALPN, supported_versions and key_share. */
  static byte[] tlsClientHello(String serverName, SplittableRandom r) {
    byte[] sni = serverName.getBytes(StandardCharsets.US_ASCII);
    byte[] b = new byte[1024];
    int o = 0;
    b[o++] = 0x16;
    ByteWriter.put16(b, o, 0x0301);
    o += 2;
    int recLenAt = o;
    o += 2;
    b[o++] = 1; // ClientHello
    int hsLenAt = o;
    o += 3;
    ByteWriter.put16(b, o, 0x0303);
    o += 2;
    o = random(b, o, 32, r);
    b[o++] = 32;
    o = random(b, o, 32, r);
    ByteWriter.put16(b, o, CIPHER_SUITES.length * 2);
    o += 2;
    for (int cs : CIPHER_SUITES) {
      ByteWriter.put16(b, o, cs);
      o += 2;
    }
    b[o++] = 1;
    b[o++] = 0;
    int extLenAt = o;
    o += 2;
    // server_name
    ByteWriter.put16(b, o, 0x0000);
    ByteWriter.put16(b, o + 2, sni.length + 5);
    ByteWriter.put16(b, o + 4, sni.length + 3);
    b[o + 6] = 0; // host_name
    ByteWriter.put16(b, o + 7, sni.length);
    System.arraycopy(sni, 0, b, o + 9, sni.length);
    o += 9 + sni.length;
    // supported_groups
    ByteWriter.put16(b, o, 0x000a);
    ByteWriter.put16(b, o + 2, 8);
    ByteWriter.put16(b, o + 4, 6);
    ByteWriter.put16(b, o + 6, 0x001d);
    ByteWriter.put16(b, o + 8, 0x0017);
    ByteWriter.put16(b, o + 10, 0x0018);
    o += 12;
    // ec_point_formats
    ByteWriter.put16(b, o, 0x000b);
    ByteWriter.put16(b, o + 2, 2);
    b[o + 4] = 1;
    b[o + 5] = 0;
    o += 6;
    // signature_algorithms
    ByteWriter.put16(b, o, 0x000d);
    ByteWriter.put16(b, o + 2, 2 + SIG_ALGS.length * 2);
    ByteWriter.put16(b, o + 4, SIG_ALGS.length * 2);
    o += 6;
    for (int s : SIG_ALGS) {
      ByteWriter.put16(b, o, s);
      o += 2;
    }
    // ALPN: h2, http/1.1
    ByteWriter.put16(b, o, 0x0010);
    ByteWriter.put16(b, o + 2, 14);
    ByteWriter.put16(b, o + 4, 12);
    o += 6;
    b[o++] = 2;
    o = ascii(b, o, "h2");
    b[o++] = 8;
    o = ascii(b, o, "http/1.1");
    // supported_versions: TLS 1.3, 1.2
    ByteWriter.put16(b, o, 0x002b);
    ByteWriter.put16(b, o + 2, 5);
    b[o + 4] = 4;
    ByteWriter.put16(b, o + 5, 0x0304);
    ByteWriter.put16(b, o + 7, 0x0303);
    o += 9;
    // psk_key_exchange_modes
    ByteWriter.put16(b, o, 0x002d);
    ByteWriter.put16(b, o + 2, 2);
    b[o + 4] = 1;
    b[o + 5] = 1;
    o += 6;
    // key_share: x25519
    ByteWriter.put16(b, o, 0x0033);
    ByteWriter.put16(b, o + 2, 38);
    ByteWriter.put16(b, o + 4, 36);
    ByteWriter.put16(b, o + 6, 0x001d);
    ByteWriter.put16(b, o + 8, 32);
    o = random(b, o + 10, 32, r);
    setLengths(b, recLenAt, hsLenAt, extLenAt, o);
    return java.util.Arrays.copyOf(b, o);
  }

  /** ServerHello (TLS 1.3 via supported_versions) followed by a ChangeCipherSpec record. */
  static byte[] tlsServerHello(SplittableRandom r) {
    byte[] b = new byte[128 + 6];
    int o = 0;
    b[o++] = 0x16;
    ByteWriter.put16(b, o, 0x0303);
    o += 2;
    int recLenAt = o;
    o += 2;
    b[o++] = 2;
    int hsLenAt = o;
    o += 3;
    ByteWriter.put16(b, o, 0x0303);
    o = random(b, o + 2, 32, r);
    b[o++] = 32;
    o = random(b, o, 32, r);
    ByteWriter.put16(b, o, 0x1301);
    b[o + 2] = 0;
    o += 3;
    int extLenAt = o;
    o += 2;
    ByteWriter.put16(b, o, 0x002b);
    ByteWriter.put16(b, o + 2, 2);
    ByteWriter.put16(b, o + 4, 0x0304);
    o += 6;
    ByteWriter.put16(b, o, 0x0033);
    ByteWriter.put16(b, o + 2, 36);
    ByteWriter.put16(b, o + 4, 0x001d);
    ByteWriter.put16(b, o + 6, 32);
    o = random(b, o + 8, 32, r);
    setLengths(b, recLenAt, hsLenAt, extLenAt, o);
    b[o++] = 0x14; // ChangeCipherSpec
    ByteWriter.put16(b, o, 0x0303);
    ByteWriter.put16(b, o + 2, 1);
    b[o + 4] = 1;
    o += 5;
    return java.util.Arrays.copyOf(b, o);
  }

  /** The client's ChangeCipherSpec record, sent before its first encrypted record. */
  static byte[] tlsChangeCipherSpec() {
    return new byte[] {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
  }

  // ---------------------------------------------------------------- helpers

  /** Fills in the record, handshake (24-bit) and extensions length fields of a handshake ending at {@code end}. */
  private static void setLengths(byte[] b, int recLenAt, int hsLenAt, int extLenAt, int end) {
    ByteWriter.put16(b, extLenAt, end - extLenAt - 2);
    int hsLen = end - hsLenAt - 3;
    b[hsLenAt] = (byte) (hsLen >>> 16);
    ByteWriter.put16(b, hsLenAt + 1, hsLen);
    ByteWriter.put16(b, recLenAt, end - recLenAt - 2);
  }

  private static int random(byte[] b, int o, int n, SplittableRandom r) {
    for (int i = 0; i < n; i++) {
      b[o + i] = (byte) r.nextInt(256);
    }
    return o + n;
  }

  private static int ascii(byte[] b, int o, String s) {
    for (int i = 0; i < s.length(); i++) {
      b[o + i] = (byte) s.charAt(i);
    }
    return o + s.length();
  }
}

package org.pcapanalytics.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The golden-more fields ({@code regen-golden-more.sh}: every occurrence joined by {@code |}) and our
 * decode rendered the same way, so the two compare as strings; "" is absent.
 *
 * <p>Where tshark's field means more than our column, the expected value is cut down from tshark's
 * own row (never from our output): {@code tls.handshake.type} lists every handshake message of the
 * frame and we report its hello; {@code dns.resp.*} list the records of every section and we keep
 * the answer section, which comes first, so the first {@code min(ANCOUNT, n)} entries are compared;
 * {@code dns.a}, {@code dns.aaaa}, {@code dns.cname} likewise, as many as the answers' types say;
 * {@code dns.resp.name} has no entry for an SRV record (tshark splits its owner name into {@code
 * dns.srv.service/proto/name}; {@link DnsDataOracleTest} checks those).
 */
public final class TsharkMoreFields {
  private TsharkMoreFields() {}

  /** One compared field: tshark's value from its row, ours from the decoded packet. */
  static final class Field {
    final String name;
    final Function<Map<String, String>, String> expected;
    final Function<DecodedPacket, String> actual;

    Field(String name, Function<Map<String, String>, String> expected, Function<DecodedPacket, String> actual) {
      this.name = name;
      this.expected = expected;
      this.actual = actual;
    }
  }

  /** Fingerprints of the compared packets (one thread). */
  static final TlsFingerprints FP = new TlsFingerprints();

  static final Map<String, Field> FIELDS = new LinkedHashMap<>();

  static {
    add("tls.handshake.type (the hello)", r -> helloType(r.get("tls.handshake.type")),
        p -> p.tlsHandshakeType > 0 ? Integer.toString(p.tlsHandshakeType) : "");
    same("tls.handshake.version", p -> p.tlsHandshakeType > 0 ? TsharkFields.hex4(p.tlsLegacyVersion) : "");
    same("tls.handshake.extensions.supported_version",
        p -> hexList(p.helloBuf, p.tlsSupportedVersionsOff, p.tlsSupportedVersionsLen));
    same("tls.handshake.ciphersuite", p -> hexList(p.helloBuf, p.tlsCiphersOff, p.tlsCiphersLen));
    same("tls.handshake.extensions_alpn_str", TsharkMoreFields::alpn);
    same("tls.handshake.ja3_full", p -> p.tlsHandshakeType == 1 ? nz(FP.ja3FullString(p)) : "");
    same("tls.handshake.ja3", p -> p.tlsHandshakeType == 1 ? nz(FP.ja3String(p)) : "");
    same("tls.handshake.ja3s", p -> p.tlsHandshakeType == 2 ? nz(FP.ja3String(p)) : "");
    same("dns.count.answers", p -> TsharkFields.num(p.dnsAnswerCount));
    // tshark shows an SRV record's owner name as dns.srv.service/proto/name, not dns.resp.name.
    add("dns.resp.name (answers but SRV)", r -> answerData(r, "dns.resp.name", null),
        p -> answers(p, -Dns.SRV, a -> a.name));
    add("dns.resp.type (answers)", r -> answersPart(r, "dns.resp.type"), p -> answers(p, -1, a -> a.type));
    add("dns.resp.ttl (answers)", r -> answersPart(r, "dns.resp.ttl"), p -> answers(p, -1, a -> a.ttl));
    add("dns.a (answers)", r -> answerData(r, "dns.a", "1"), p -> answers(p, Dns.A, a -> a.data));
    add("dns.aaaa (answers)", r -> answerData(r, "dns.aaaa", "28"), p -> answers(p, Dns.AAAA, a -> a.data));
    add("dns.cname (answers)", r -> answerData(r, "dns.cname", "5"), p -> answers(p, Dns.CNAME, a -> a.data));
    same("http.response.code", p -> TsharkFields.num(p.httpStatus));
    same("http.user_agent", p -> TsharkFields.text(p.buf, p.httpUserAgentOff, p.httpUserAgentLen));
    same("http.content_type", p -> TsharkFields.text(p.buf, p.httpContentTypeOff, p.httpContentTypeLen));
  }

  private static void same(String name, Function<DecodedPacket, String> actual) {
    add(name, r -> r.get(name), actual);
  }

  private static void add(String name, Function<Map<String, String>, String> expected,
      Function<DecodedPacket, String> actual) {
    FIELDS.put(name, new Field(name, expected, actual));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  public static String helloType(String types) {
    List<String> t = Arrays.asList(types.split("\\|"));
    return t.contains("1") ? "1" : t.contains("2") ? "2" : "";
  }

  /** 2-byte values as tshark lists them: 0x%04x joined by |. */
  static String hexList(byte[] b, int off, int len) {
    if (off < 0 || len < 0) return "";
    StringBuilder sb = new StringBuilder();
    for (int i = off; i + 2 <= off + len; i += 2) {
      if (sb.length() > 0) sb.append('|');
      sb.append(TsharkFields.hex4(((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
    }
    return sb.toString();
  }

  /** The ALPN names as tshark joins them, each byte at or above 0x80 as U+FFFD. */
  static String alpn(DecodedPacket p) {
    List<String> names = new ArrayList<>();
    byte[] b = p.helloBuf;
    for (int i = p.tlsAlpnOff, end = p.tlsAlpnOff + p.tlsAlpnLen; p.tlsAlpnOff >= 0 && i < end; ) {
      int n = Math.min(b[i] & 0xFF, end - i - 1);
      names.add(TsharkFields.text(b, i + 1, n));
      i += 1 + n;
    }
    return String.join("|", names);
  }

  private static List<String> split(String v) {
    return v.isEmpty() ? List.of() : Arrays.asList(v.split("\\|", -1));
  }

  /** The first min(ANCOUNT, n) entries of a dns.resp.* list: the answer section's. */
  public static String answersPart(Map<String, String> r, String field) {
    List<String> all = split(r.get(field));
    String count = r.get("dns.count.answers");
    int k = count.isEmpty() ? 0 : Math.min(Integer.parseInt(count), all.size());
    return String.join("|", all.subList(0, k));
  }

  /**
   * The first entries of dns.a / dns.aaaa / dns.cname, as many as answers of that type (of any type
   * but SRV for a null type: dns.resp.name).
   */
  public static String answerData(Map<String, String> r, String field, String type) {
    int m = 0;
    for (String t : split(answersPart(r, "dns.resp.type"))) {
      if (type == null ? !t.equals("33") : t.equals(type)) m++;
    }
    List<String> all = split(r.get(field));
    return String.join("|", all.subList(0, Math.min(m, all.size())));
  }

  /** A view of one answer for the renderings. */
  static final class Answer {
    final String name, type, ttl, data;

    Answer(DnsAnswers a, int i) {
      name = a.name(i);
      type = Integer.toString(a.type(i));
      ttl = Long.toString(a.ttl(i));
      data = a.data(i);
    }
  }

  /** Our answers (of one type; all for -1; all but one for its negative) rendered and joined by |. */
  static String answers(DecodedPacket p, int type, Function<Answer, String> f) {
    if (p.dnsAnswers == null) return "";
    List<String> out = new ArrayList<>();
    for (int i = 0; i < p.dnsAnswers.size(); i++) {
      int t = p.dnsAnswers.type(i);
      if (type == -1 || type >= 0 && t == type || type < -1 && t != -type) {
        out.add(f.apply(new Answer(p.dnsAnswers, i)));
      }
    }
    return String.join("|", out);
  }
}

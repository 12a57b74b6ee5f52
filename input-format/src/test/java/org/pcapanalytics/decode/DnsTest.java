package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pcapanalytics.decode.Frames.*;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DnsTest {

  @Test
  void queryAndResponse() {
    DecodedPacket q = decode(1, udpDns(dns(0x8185, 0x0100, name("www.google.com"), 1)));
    assertEquals(0x8185, q.dnsId);
    assertEquals(0, q.dnsResponse);
    assertEquals(-1, q.dnsRcode, "tshark shows no rcode for a query");
    assertEquals(1, q.dnsQtype);
    assertEquals("www.google.com", q.dnsQnameString());
    assertNull(q.decodeError);

    DecodedPacket r = decode(1, udpDns(dns(7, 0x8583, name("nx.example"), 28)));
    assertEquals(1, r.dnsResponse);
    assertEquals(3, r.dnsRcode);
    assertEquals(28, r.dnsQtype);
  }

  @Test
  void rootName() {
    assertEquals("<Root>", decode(1, udpDns(dns(1, 0, name(""), 2))).dnsQnameString());
  }

  @Test
  void compressionPointer() {
    // question "www" + pointer to offset 22 where "example.com" sits after the question
    byte[] msg = cat(u16(1), u16(0x0100), u16(1), u16(0), u16(0), u16(0), hex("03777777 c016"), u16(1), u16(1),
        name("example.com"));
    DecodedPacket p = decode(1, udpDns(msg));
    assertEquals("www.example.com", p.dnsQnameString());
    assertEquals(1, p.dnsQtype, "the type follows the pointer, not the pointed-to name");
    assertNull(p.decodeError);
  }

  @Test
  void compressionLoopsEnd() {
    // A pointer to itself, a name pointing back to its own start, and a two-pointer cycle.
    for (String q : new String[] {"c00c", "03616263c00c", "03616263c012 c010"}) {
      byte[] msg = cat(u16(1), u16(0x0100), u16(1), u16(0), u16(0), u16(0), hex(q), u16(1), u16(1), new byte[40]);
      DecodedPacket p = decode(1, udpDns(msg));
      assertEquals("<Name contains a pointer that loops>", p.dnsQnameString(), q);
      assertEquals(Dns.POINTER_LOOP, p.decodeError, q);
    }
  }

  @Test
  void nameTooLong() {
    // 253 characters is the longest name (255 bytes on the wire); tshark shows a placeholder after.
    String ok = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    assertEquals(253, ok.length());
    assertEquals(ok, decode(1, udpDns(dns(1, 0, name(ok), 1))).dnsQnameString());
    DecodedPacket p = decode(1, udpDns(dns(1, 0, name(ok + "d"), 1)));
    assertEquals("<Name too long>", p.dnsQnameString());
    assertEquals(Dns.NAME_TOO_LONG, p.decodeError);
    assertEquals(1, p.dnsQtype);
  }

  @Test
  void extendedLabelTypeIsMalformed() {
    DecodedPacket p = decode(1, udpDns(dns(1, 0, hex("40616263 00"), 1)));
    assertEquals(Dns.BAD_LABEL, p.decodeError);
    assertEquals(-1, p.dnsQnameLen);
    assertEquals(-1, p.dnsQtype);
    assertEquals(1, p.dnsId);
  }

  @Test
  void questionCutBySnaplenIsTruncationNotError() {
    byte[] f = udpDns(dns(9, 0x0100, name("www.example.com"), 1));
    DecodedPacket p = decode(1, f, f.length - 10, f.length);
    assertTrue(p.truncated);
    assertNull(p.decodeError);
    assertEquals(9, p.dnsId);
    assertEquals(-1, p.dnsQnameLen, "tshark shows neither name nor type without the whole question");
  }

  @Test
  void malformedMessages() {
    // The name runs past the end of the datagram.
    byte[] cut = java.util.Arrays.copyOf(dns(1, 0, name("www.example.com"), 1), 20);
    assertEquals(Dns.QUESTION_BEYOND, decode(1, udpDns(cut)).decodeError);
    // Type and class missing.
    byte[] noType = java.util.Arrays.copyOf(dns(1, 0, name("abc"), 1), 12 + 5 + 1);
    DecodedPacket p = decode(1, udpDns(noType));
    assertEquals(Dns.QUESTION_BEYOND, p.decodeError);
    assertEquals(-1, p.dnsQnameLen);
    // A pointer beyond the message.
    assertEquals(Dns.QUESTION_BEYOND, decode(1, udpDns(dns(1, 0, hex("03616263 c3ff"), 1))).decodeError);
    // Header shorter than 12 bytes: what is there is shown.
    DecodedPacket h = decode(1, udpDns(hex("1234 0100 0001 0000 0000 00")));
    assertEquals(Dns.SHORT, h.decodeError);
    assertEquals(0x1234, h.dnsId);
    assertEquals(0, h.dnsResponse);
  }

  @Test
  void noQuestion() {
    byte[] msg = cat(u16(5), u16(0x8400), u16(0), u16(1), u16(0), u16(0), name("x.local"), new byte[10]);
    DecodedPacket p = decode(1, eth(0x0800, ipv4(17, udp(5353, 5353, msg))));
    assertEquals(5, p.dnsId);
    assertEquals(-1, p.dnsQnameLen);
    assertNull(p.decodeError);
  }

  @Test
  void portsMdnsLlmnrAndTcp() {
    byte[] msg = dns(3, 0, name("host"), 255);
    assertEquals("host", decode(1, eth(0x0800, ipv4(17, udp(5353, 5353, msg)))).dnsQnameString());
    assertEquals("host", decode(1, eth(0x0800, ipv4(17, udp(60000, 5355, msg)))).dnsQnameString());
    assertEquals(-1, decode(1, eth(0x0800, ipv4(17, udp(60000, 5354, msg)))).dnsId);
    byte[] tcpDns = cat(u16(msg.length), msg);
    DecodedPacket t = decode(1, eth(0x0800, ipv4(6, tcp(40000, 53, tcpDns))));
    assertEquals("host", t.dnsQnameString());
    assertEquals(-1, decode(1, eth(0x0800, ipv4(6, tcp(40000, 5355, tcpDns)))).dnsId, "LLMNR is UDP only");
    // A TCP message announced longer than its segment: the rest is in the next one, not an error.
    byte[] partial = cat(u16(500), java.util.Arrays.copyOf(msg, 14));
    DecodedPacket tp = decode(1, eth(0x0800, ipv4(6, tcp(40000, 53, partial))));
    assertEquals(3, tp.dnsId);
    assertNull(tp.decodeError);
    assertFalse(tp.truncated);
  }

  @Test
  void dnsLayerOff() {
    DecodedPacket p = new DecodedPacket();
    byte[] f = udpDns(dns(1, 0, name("a.b"), 1));
    new PacketDecoder(PacketDecoder.TRANSPORT | PacketDecoder.HTTP).decode(f, 0, f.length, f.length, 1, p);
    assertEquals(53, p.dstPort);
    assertEquals(-1, p.dnsId);
  }

  /** Expected renderings taken from tshark 4.0.17 -T fields output for the same label bytes. */
  @Test
  void textLikeTshark() {
    assertName("a\\tb", bytes('a', 9, 'b'));
    assertName("a\\nb", bytes('a', 10, 'b'));
    assertName("a\\rb", bytes('a', 13, 'b'));
    assertName("a\\vb", bytes('a', 11, 'b'));
    assertName("a\\fb", bytes('a', 12, 'b'));
    assertName("a\\ab", bytes('a', 7, 'b'));
    assertName("a\\bb", bytes('a', 8, 'b'));
    assertName("a\\000b", bytes('a', 0, 'b'));
    assertName("a\\037b", bytes('a', 0x1F, 'b'));
    assertName("a\\033b", bytes('a', 0x1B, 'b'));
    assertName("a\\177b", bytes('a', 0x7F, 'b'));
    assertName("a\"b", bytes('a', '"', 'b'));
    assertName("a\\b", bytes('a', '\\', 'b'));
    assertName("a b", bytes('a', ' ', 'b'));
    assertName("a\uFFFDb", bytes('a', 0x80, 'b'));
    assertName("caf\u00e9", bytes('c', 'a', 'f', 0xC3, 0xA9));
    assertName("\u20ac", bytes(0xE2, 0x82, 0xAC));
    assertName("\uD83D\uDE00", bytes(0xF0, 0x9F, 0x98, 0x80));
    assertName("x\uFFFD", bytes('x', 0xE2, 0x82)); // incomplete at the end
    assertName("x\uFFFDAy", bytes('x', 0xE2, 'A', 'y')); // interrupted sequence
    assertName("\uFFFD", bytes(0xED, 0xA0, 0x80)); // surrogate
    assertName("\uFFFD", bytes(0xF4, 0x90, 0x80, 0x80)); // above U+10FFFF
    assertName("x\uFFFDy", bytes('x', 0xF8, 0x88, 0x80, 0x80, 0x80, 'y')); // 5-byte form
    assertName("x\uFFFD\uFFFDy", bytes('x', 0x80, 0x80, 'y'));
    assertName("x\uFFFDy", bytes('x', 0xF0, 0x90, 0x80, 'y'));
    assertName("\\u0000", bytes(0xC0, 0x80)); // overlong NUL
    assertName("x\\u0000y", bytes('x', 0xE0, 0x80, 0x80, 'y'));
    assertName("xAy", bytes('x', 0xC1, 0x81, 'y')); // overlong 'A'
    assertName("x\\u0080y", bytes('x', 0xC2, 0x80, 'y')); // C1 control
    assertName("x\\u200By", bytes('x', 0xE2, 0x80, 0x8B, 'y')); // format character
    assertName("x\\u00ADy", bytes('x', 0xC2, 0xAD, 'y'));
    assertName("x\\uFFFFy", bytes('x', 0xEF, 0xBF, 0xBF, 'y')); // noncharacter
    assertName("x\\U000E0001y", bytes('x', 0xF3, 0xA0, 0x80, 0x81, 'y'));
    assertName("x\u00a0y", bytes('x', 0xC2, 0xA0, 'y'));
    assertName("x\u2028y", bytes('x', 0xE2, 0x80, 0xA8, 'y'));
    // A dot inside a label is not escaped.
    assertEquals("a.b.c\\d", decode(1, udpDns(dns(1, 0, cat(bytes(3), ascii("a.b"), bytes(3), ascii("c\\d"), bytes(0)), 1)))
        .dnsQnameString());
  }

  @Test
  void worstCaseEscapingFitsTheBuffer() {
    byte[] label = new byte[63];
    java.util.Arrays.fill(label, (byte) 1); // each byte becomes \001
    byte[] q = cat(bytes(63), label, bytes(63), label, bytes(63), label, bytes(61), java.util.Arrays.copyOf(label, 61), bytes(0));
    DecodedPacket p = decode(1, udpDns(dns(1, 0, q, 1)));
    assertEquals(250 * 4 + 3, p.dnsQnameLen);
  }

  private static void assertName(String expected, byte[] label) {
    byte[] q = cat(bytes(label.length), label, bytes(0));
    DecodedPacket p = decode(1, udpDns(dns(1, 0, q, 1)));
    assertEquals(expected, new String(p.dnsQname, 0, p.dnsQnameLen, StandardCharsets.UTF_8), hexOf(label));
  }

  private static String hexOf(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xFF));
    return sb.toString();
  }

  // ---- answers (DNS_ANSWERS) ----

  /** A response header with one question "example.com" A IN and the given answer count. */
  private static byte[] response(int answers, byte[]... records) {
    return cat(u16(9), u16(0x8180), u16(1), u16(answers), u16(0), u16(0), name("example.com"), u16(1), u16(1),
        cat(records));
  }

  private static String answers(DecodedPacket p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; p.dnsAnswers != null && i < p.dnsAnswers.size(); i++) {
      sb.append(p.dnsAnswers.name(i)).append(' ').append(p.dnsAnswers.type(i)).append(' ').append(p.dnsAnswers.ttl(i))
          .append(' ').append(p.dnsAnswers.data(i)).append(';');
    }
    return sb.toString();
  }

  @Test
  void answersWithCompressedNames() {
    byte[] msg = response(2, DnsDataOracleTest.rr("example.com", 5, 60, cat(bytes(3), ascii("www"), u16(0xC00C))),
        cat(u16(0xC00C), u16(1), u16(1), u32(4294967295L), u16(4), bytes(93, 184, 216, 34)));
    DecodedPacket p = decode(1, udpDns(msg));
    assertEquals("example.com 5 60 www.example.com;example.com 1 4294967295 93.184.216.34;", answers(p));
    assertEquals(1, p.dnsQclass);
    assertEquals(2, p.dnsAnswerCount);
    assertNull(p.decodeError);
  }

  @Test
  void answersWithoutAQuestionAndTheQuestionsBeforeThem() {
    // mDNS announcements have no question; a message may have several questions.
    byte[] mdns = cat(u16(0), u16(0x8400), u16(0), u16(1), u16(0), u16(0),
        DnsDataOracleTest.rr("a.local", 1, 120, bytes(10, 0, 0, 7)));
    DecodedPacket p = decode(1, eth(0x0800, ipv4(17, udp(5353, 5353, mdns))));
    assertEquals("a.local 1 120 10.0.0.7;", answers(p));
    assertEquals(-1, p.dnsQclass);
    byte[] two = cat(u16(9), u16(0x8180), u16(2), u16(1), u16(0), u16(0), name("a.example"), u16(1), u16(0x8001),
        name("b.example"), u16(28), u16(1), DnsDataOracleTest.rr("a.example", 1, 5, bytes(1, 2, 3, 4)));
    DecodedPacket q = decode(1, udpDns(two));
    assertEquals("a.example 1 5 1.2.3.4;", answers(q));
    assertEquals(0x8001, q.dnsQclass, "over port 53, all 16 bits (as tshark)");
    byte[] qu = cat(u16(0), u16(0), u16(1), u16(0), u16(0), u16(0), name("a.local"), u16(1), u16(0x8001));
    assertEquals(1, decode(1, eth(0x0800, ipv4(17, udp(5353, 5353, qu)))).dnsQclass, "mDNS: the QU bit is not the class");
  }

  @Test
  void answerNameLoopsAndBadLengths() {
    byte[] loop = response(1, cat(u16(0xC000 | 29), u16(1), u16(1), u32(1), u16(4), bytes(1, 1, 1, 1)));
    DecodedPacket p = decode(1, udpDns(loop));
    assertEquals("<Name contains a pointer that loops> 1 1 1.1.1.1;", answers(p));
    assertEquals(Dns.POINTER_LOOP, p.decodeError);
    byte[] beyond = response(1, cat(u16(0xC00C), u16(1), u16(1), u32(1), u16(40), bytes(1, 1, 1, 1)));
    DecodedPacket b = decode(1, udpDns(beyond));
    assertEquals("", answers(b));
    assertEquals(Dns.ANSWER_BEYOND, b.decodeError);
    byte[] ok = udpDns(response(1, cat(u16(0xC00C), u16(1), u16(1), u32(1), u16(4), bytes(1, 1, 1, 1))));
    DecodedPacket cut = decode(1, ok, ok.length - 2, ok.length);
    assertEquals("", answers(cut));
    assertTrue(cut.truncated);
    assertNull(cut.decodeError, "cut by the snapshot length: not malformed");
    byte[] badA = response(1, cat(u16(0xC00C), u16(1), u16(1), u32(1), u16(3), bytes(1, 2, 3)));
    assertEquals("example.com 1 1 010203;", answers(decode(1, udpDns(badA))),
        "data that does not parse as its type: hex");
  }

  @Test
  void atMostMaxAnswersAreKept() {
    byte[][] rrs = new byte[300][];
    for (int i = 0; i < rrs.length; i++) {
      rrs[i] = cat(u16(0xC00C), u16(1), u16(1), u32(i), u16(4), bytes(10, 0, i >> 8, i & 0xFF));
    }
    DecodedPacket p = decode(1, udpDns(response(300, rrs)));
    assertEquals(DnsAnswers.MAX, p.dnsAnswers.size());
    assertEquals(300, p.dnsAnswerCount);
    assertEquals("10.0.0.255", p.dnsAnswers.data(255));
  }

  @Test
  void answersLayerOff() {
    byte[] f = udpDns(response(1, cat(u16(0xC00C), u16(1), u16(1), u32(1), u16(4), bytes(1, 1, 1, 1))));
    DecodedPacket p = new DecodedPacket();
    new PacketDecoder(PacketDecoder.DNS).decode(f, 0, f.length, f.length, 1, p);
    assertEquals(1, p.dnsAnswerCount, "ANCOUNT and the class come with the question");
    assertEquals(1, p.dnsQclass);
    assertNull(p.dnsAnswers, "the answer section is not read");
  }
}

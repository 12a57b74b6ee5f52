package org.pcapanalytics.decode;

import org.pcapanalytics.io.Bytes;

/**
 * DNS message header and first question (RFC 1035 4.1; mDNS RFC 6762, LLMNR RFC 4795 share it).
 *
 * <pre>
 *                                 1  1  1  1  1  1
 *   0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |          QDCOUNT, ANCOUNT, NSCOUNT, ARCOUNT   |  (4 x 16 bits)
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * question: QNAME (labels) | QTYPE (16) | QCLASS (16)
 *
 * A label starts with a length byte: 00xxxxxx a label of that many bytes (0 ends the name),
 * 11xxxxxx a compression pointer: 14-bit offset from the start of the message.
 * 01xxxxxx and 10xxxxxx are extended/reserved label types.
 * </pre>
 *
 * The name is read through bounded views (never past the captured bytes or the message), and a
 * pointer chain that processes more bytes than the message holds must loop (a chain that does not
 * loop reads each byte at most once), so expansion always ends. The question name is rendered the
 * way tshark prints {@code dns.qry.name} (see {@link #escape}).
 */
public final class Dns {
  public static final String SHORT = "dns: message shorter than the 12-byte header";
  public static final String QUESTION_BEYOND = "dns: question beyond the end of the message";
  public static final String BAD_LABEL = "dns: extended or reserved label type";
  public static final String POINTER_LOOP = "dns: name compression pointers loop";
  public static final String NAME_TOO_LONG = "dns: name longer than 255 bytes";
  public static final String ANSWER_BEYOND = "dns: answer beyond the end of the message";

  /** tshark's placeholders for the name, as it prints them. */
  static final byte[] ROOT = ascii("<Root>");
  static final byte[] LOOPS = ascii("<Name contains a pointer that loops>");
  static final byte[] TOO_LONG = ascii("<Name too long>");

  /** Longest name in presentation form without the root dot (255 bytes on the wire). */
  private static final int MAX_NAME = 253;

  private Dns() {}

  /**
   * Decodes the message {@code [off, wireEnd)} of which {@code [off, capEnd)} was captured.
   *
   * @param partial the message continues beyond {@code wireEnd} (an IP first fragment, a TCP
   *     message longer than its segment): running off the end is then not an error
   * @param answers also decode the answer section ({@link PacketDecoder#DNS_ANSWERS})
   */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, boolean partial, boolean answers,
      DecodedPacket out) {
    int readEnd = Math.min(capEnd, wireEnd);
    int have = readEnd - off;
    if (have >= 2) out.dnsId = Bytes.u16be(b, off);
    if (have >= 4) {
      int flags = Bytes.u16be(b, off + 2);
      out.dnsResponse = flags >>> 15;
      if (out.dnsResponse == 1) out.dnsRcode = flags & 0x0F; // tshark shows RCODE for responses only
    }
    if (have >= 8) out.dnsAnswerCount = Bytes.u16be(b, off + 6);
    if (have < 12) {
      beyond(wireEnd, off, 12, partial, SHORT, out);
      return;
    }
    int questions = Bytes.u16be(b, off + 4);
    int p = off + 12;
    if (questions > 0) p = question(b, off, readEnd, wireEnd, partial, out);
    if (answers && p >= 0 && out.dnsAnswerCount > 0) answers(b, off, p, questions, readEnd, wireEnd, partial, out);
  }

  /**
   * DNS over TCP at {@code off}: a 2-byte length, then the message, which may continue in later
   * segments (RFC 1035 4.2.2).
   */
  static void overTcp(byte[] b, int off, int capEnd, int wireEnd, boolean partial, boolean answers, DecodedPacket out) {
    if (capEnd - off < 2) return;
    long msgEnd = off + 2L + Bytes.u16be(b, off);
    boolean continues = msgEnd > wireEnd;
    decode(b, off + 2, capEnd, continues ? wireEnd : (int) msgEnd, partial || continues, answers, out);
  }

  /** The questions after the first (from {@code p}), then the answer section. */
  private static void answers(byte[] b, int off, int p, int questions, int readEnd, int wireEnd, boolean partial,
      DecodedPacket out) {
    out.applicationFields = true;
    if (out.dnsAnswers == null) out.dnsAnswers = new DnsAnswers();
    // The other questions, then the answers.
    for (int q = 1; q < questions && p >= 0; q++) {
      p = name(b, off, p, readEnd, wireEnd, partial, QUESTION_BEYOND, out);
      if (p >= 0 && 4 > readEnd - p) {
        beyond(wireEnd, p, 4, partial, QUESTION_BEYOND, out);
        return;
      }
      if (p >= 0) p += 4;
    }
    for (int a = 0; a < out.dnsAnswerCount && p >= 0 && !out.dnsAnswers.full(); a++) {
      p = answer(b, off, p, readEnd, wireEnd, partial, out);
    }
  }

  /** The first question; returns the position after it, or -1. */
  private static int question(byte[] b, int msg, int readEnd, int wireEnd, boolean partial, DecodedPacket out) {
    int afterName = name(b, msg, msg + 12, readEnd, wireEnd, partial, QUESTION_BEYOND, out);
    if (afterName < 0) return -1;
    // QTYPE and QCLASS must follow, else tshark shows neither the name nor the type.
    if (4 > readEnd - afterName) {
      beyond(wireEnd, afterName, 4, partial, QUESTION_BEYOND, out);
      return -1;
    }
    out.dnsQtype = Bytes.u16be(b, afterName);
    out.dnsQclass = Bytes.u16be(b, afterName + 2);
    out.dnsQnameLen = render(out, out.dnsQname, 0);
    return afterName + 4;
  }

  /**
   * Reads the name at {@code p} of the message at {@code msg} into {@link DecodedPacket#nameRaw}
   * ({@code nameLen}, {@code nameLabels}, {@code nameLoops}).
   *
   * @return the position after the name where it stands (after its first pointer or its end), or
   *     -1 when it cannot be read (reported)
   */
  private static int name(byte[] b, int msg, int p, int readEnd, int wireEnd, boolean partial, String beyondMessage,
      DecodedPacket out) {
    byte[] raw = out.nameRaw;
    int rawLen = 0; // presentation length of the name so far (may exceed what raw holds)
    int labels = 0;
    int processed = 0;
    int limit = readEnd - msg; // bytes a non-looping expansion can visit at most
    int afterName = -1;
    boolean loops = false;
    while (true) {
      if (p >= readEnd) {
        beyond(wireEnd, p, 1, partial, beyondMessage, out);
        return -1;
      }
      int c = b[p++] & 0xFF;
      if (c == 0) break;
      processed++;
      int kind = c & 0xC0;
      if (kind == 0) {
        if (c > readEnd - p) {
          beyond(wireEnd, p, c, partial, beyondMessage, out);
          return -1;
        }
        if (labels++ > 0) {
          if (rawLen < raw.length) raw[rawLen] = '.';
          rawLen++;
        }
        int copy = Math.min(c, raw.length - Math.min(rawLen, raw.length));
        System.arraycopy(b, p, raw, Math.min(rawLen, raw.length), copy);
        rawLen += c;
        p += c;
        processed += c;
      } else if (kind == 0xC0) {
        if (p >= readEnd) {
          beyond(wireEnd, p, 1, partial, beyondMessage, out);
          return -1;
        }
        int ptr = ((c & 0x3F) << 8) | (b[p++] & 0xFF);
        processed++;
        if (afterName < 0) afterName = p;
        if (processed >= limit) {
          loops = true;
          break;
        }
        if (ptr >= readEnd - msg) {
          beyond(wireEnd, msg, ptr + 1, partial, beyondMessage, out);
          return -1;
        }
        p = msg + ptr;
      } else {
        out.error(BAD_LABEL);
        return -1;
      }
    }
    out.nameLen = rawLen;
    out.nameLabels = labels;
    out.nameLoops = loops;
    return afterName < 0 ? p : afterName;
  }

  /** Renders the name just read as tshark prints it into {@code dst} from {@code o}; returns the end. */
  private static int render(DecodedPacket out, byte[] dst, int o) {
    if (out.nameLoops) {
      out.error(POINTER_LOOP);
      return put(LOOPS, dst, o);
    } else if (out.nameLen > MAX_NAME) {
      out.error(NAME_TOO_LONG);
      return put(TOO_LONG, dst, o);
    } else if (out.nameLabels == 0) {
      return put(ROOT, dst, o);
    }
    return escape(out.nameRaw, out.nameLen, dst, o);
  }

  /** Room a rendered name or string of up to 255 raw bytes may need (a byte can become a 4-byte escape). */
  private static final int RENDERED = 4 * 256 + 64;

  /** One resource record of the answer section at {@code p}; returns the position after it, or -1. */
  private static int answer(byte[] b, int msg, int p, int readEnd, int wireEnd, boolean partial, DecodedPacket out) {
    int after = name(b, msg, p, readEnd, wireEnd, partial, ANSWER_BEYOND, out);
    if (after < 0) return -1;
    if (10 > readEnd - after) {
      beyond(wireEnd, after, 10, partial, ANSWER_BEYOND, out);
      return -1;
    }
    int type = Bytes.u16be(b, after);
    long ttl = Bytes.u32be(b, after + 4);
    int rdlen = Bytes.u16be(b, after + 8);
    int rd = after + 10;
    if (rdlen > readEnd - rd) {
      beyond(wireEnd, rd, rdlen, partial, ANSWER_BEYOND, out);
      return -1;
    }
    DnsAnswers a = out.dnsAnswers;
    a.ensure(RENDERED);
    int nameStart = a.textLen;
    a.textLen = render(out, a.text, a.textLen);
    int dataStart = a.textLen;
    if (!data(b, msg, rd, rdlen, type, readEnd, wireEnd, partial, out)) {
      a.textLen = dataStart;
      hex(b, rd, rdlen, a);
    }
    a.add(type, ttl, nameStart, dataStart);
    return rd + rdlen;
  }

  static final int A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SRV = 33;

  /**
   * Renders the data {@code [rd, rd + len)} of a record of a known type; false when it is of
   * another type or does not parse as its own.
   */
  private static boolean data(byte[] b, int msg, int rd, int len, int type, int readEnd, int wireEnd, boolean partial,
      DecodedPacket out) {
    DnsAnswers a = out.dnsAnswers;
    int end = rd + len;
    switch (type) {
      case A:
        if (len != 4) return false;
        a.ensure(AddressFormat.MAX_IPV4);
        a.textLen += AddressFormat.ipv4(Bytes.u32be(b, rd), a.text, a.textLen);
        return true;
      case AAAA:
        if (len != 16) return false;
        a.ensure(AddressFormat.MAX_IPV6);
        a.textLen += AddressFormat.ipv6(Bytes.i64(b, rd, false), Bytes.i64(b, rd + 8, false), a.text, a.textLen);
        return true;
      case NS: case CNAME: case PTR:
        return dataName(b, msg, rd, end, readEnd, wireEnd, partial, out) == end;
      case MX:
        if (len < 3) return false;
        number(Bytes.u16be(b, rd), a);
        space(a);
        return dataName(b, msg, rd + 2, end, readEnd, wireEnd, partial, out) == end;
      case SRV:
        if (len < 7) return false;
        for (int k = 0; k < 3; k++) {
          number(Bytes.u16be(b, rd + 2 * k), a);
          space(a);
        }
        return dataName(b, msg, rd + 6, end, readEnd, wireEnd, partial, out) == end;
      case SOA: {
        int p = dataName(b, msg, rd, end, readEnd, wireEnd, partial, out);
        if (p < 0) return false;
        space(a);
        p = dataName(b, msg, p, end, readEnd, wireEnd, partial, out);
        if (p < 0 || end - p != 20) return false;
        for (int k = 0; k < 5; k++) {
          space(a);
          number(Bytes.u32be(b, p + 4 * k), a);
        }
        return true;
      }
      case TXT:
        for (int p = rd; p < end; ) {
          int n = b[p] & 0xFF;
          if (n > end - p - 1) return false;
          if (p > rd) space(a);
          a.ensure(RENDERED);
          a.textLen = escape(b, p + 1, n, a.text, a.textLen);
          p += 1 + n;
        }
        return true;
      default:
        return false;
    }
  }

  /** Renders a name inside record data that must end by {@code end}; returns the position after it, or -1. */
  private static int dataName(byte[] b, int msg, int p, int end, int readEnd, int wireEnd, boolean partial,
      DecodedPacket out) {
    if (p >= end) return -1;
    int after = name(b, msg, p, readEnd, wireEnd, partial, ANSWER_BEYOND, out);
    if (after < 0 || after > end) return -1;
    DnsAnswers a = out.dnsAnswers;
    a.ensure(RENDERED);
    a.textLen = render(out, a.text, a.textLen);
    return after;
  }

  private static void space(DnsAnswers a) {
    a.ensure(1);
    a.text[a.textLen++] = ' ';
  }

  private static void number(long v, DnsAnswers a) {
    a.ensure(20);
    a.textLen += decimal(v, a.text, a.textLen);
  }

  private static int decimal(long v, byte[] dst, int o) {
    int start = o;
    do {
      dst[o++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = start, j = o - 1; i < j; i++, j--) {
      byte t = dst[i];
      dst[i] = dst[j];
      dst[j] = t;
    }
    return o - start;
  }

  private static final byte[] HEX_LOWER = ascii("0123456789abcdef");

  private static void hex(byte[] b, int p, int len, DnsAnswers a) {
    a.ensure(2 * len);
    for (int i = p; i < p + len; i++) {
      a.text[a.textLen++] = HEX_LOWER[(b[i] >> 4) & 0xF];
      a.text[a.textLen++] = HEX_LOWER[b[i] & 0xF];
    }
  }

  /** A read of {@code need} bytes at {@code pos} failed: snaplen cut, continued elsewhere, or malformed. */
  private static void beyond(int wireEnd, int pos, int need, boolean partial, String malformed, DecodedPacket out) {
    if (need <= wireEnd - pos) {
      out.truncated = true;
    } else if (!partial) {
      out.error(malformed);
    }
  }

  private static int put(byte[] text, byte[] dst, int o) {
    System.arraycopy(text, 0, dst, o, text.length);
    return o + text.length;
  }

  /**
   * Renders raw name bytes as tshark 4.0 prints a string field: printable ASCII as is; {@code \a
   * \b \f \n \r \t \v} as C escapes and other ASCII controls as three-digit octal escapes; a
   * UTF-8 sequence (lenient: overlong forms accepted) as itself when printable, as {@code \\uXXXX}
   * or {@code \\UXXXXXXXX} when a control, format, unassigned or surrogate code point; a byte that
   * cannot start or complete a sequence, or a value above U+10FFFF or a surrogate, as U+FFFD.
   *
   * @return the end of the text written to {@code dst} from {@code o} (stops early rather than
   *     overflow it)
   */
  static int escape(byte[] raw, int n, byte[] dst, int o) {
    return escape(raw, 0, n, dst, o);
  }

  /** {@link #escape(byte[], int, byte[], int)} of {@code raw[from, from + n)}. */
  static int escape(byte[] raw, int from, int n, byte[] dst, int o) {
    int i = from;
    n += from;
    while (i < n && o <= dst.length - 10) {
      int c = raw[i] & 0xFF;
      if (c < 0x80) {
        i++;
        if (c >= 0x20 && c < 0x7F) {
          dst[o++] = (byte) c;
          continue;
        }
        dst[o++] = '\\';
        int e = cEscape(c);
        if (e != 0) {
          dst[o++] = (byte) e;
        } else {
          dst[o++] = (byte) ('0' + (c >> 6));
          dst[o++] = (byte) ('0' + ((c >> 3) & 7));
          dst[o++] = (byte) ('0' + (c & 7));
        }
        continue;
      }
      int len = c >= 0xFE ? 0 : c >= 0xFC ? 6 : c >= 0xF8 ? 5 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      if (len == 0) { // a continuation byte without a lead, or 0xFE/0xFF
        o = replacement(dst, o);
        i++;
        continue;
      }
      int cp = c & (0x7F >> len);
      int j = 1;
      while (j < len && i + j < n && (raw[i + j] & 0xC0) == 0x80) {
        cp = (cp << 6) | (raw[i + j] & 0x3F);
        j++;
      }
      i += j;
      if (j < len || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        o = replacement(dst, o);
      } else if (!printable(cp)) {
        o = unicodeEscape(dst, o, cp);
      } else {
        o = utf8(dst, o, cp);
      }
    }
    return o;
  }

  private static int cEscape(int c) {
    switch (c) {
      case 0x07: return 'a';
      case 0x08: return 'b';
      case 0x09: return 't';
      case 0x0A: return 'n';
      case 0x0B: return 'v';
      case 0x0C: return 'f';
      case 0x0D: return 'r';
      default: return 0;
    }
  }

  /** GLib's g_unichar_isprint: everything but controls, format characters, unassigned and surrogates. */
  private static boolean printable(int cp) {
    int t = Character.getType(cp);
    return t != Character.CONTROL && t != Character.FORMAT && t != Character.UNASSIGNED && t != Character.SURROGATE;
  }

  private static int replacement(byte[] dst, int o) {
    dst[o++] = (byte) 0xEF;
    dst[o++] = (byte) 0xBF;
    dst[o++] = (byte) 0xBD;
    return o;
  }

  private static final byte[] HEX = ascii("0123456789ABCDEF");

  private static int unicodeEscape(byte[] dst, int o, int cp) {
    dst[o++] = '\\';
    int digits;
    if (cp > 0xFFFF) {
      dst[o++] = 'U';
      digits = 8;
    } else {
      dst[o++] = 'u';
      digits = 4;
    }
    for (int k = digits - 1; k >= 0; k--) dst[o++] = HEX[(cp >>> (4 * k)) & 0xF];
    return o;
  }

  private static int utf8(byte[] dst, int o, int cp) {
    if (cp < 0x80) {
      dst[o++] = (byte) cp;
    } else if (cp < 0x800) {
      dst[o++] = (byte) (0xC0 | (cp >> 6));
      dst[o++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      dst[o++] = (byte) (0xE0 | (cp >> 12));
      dst[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      dst[o++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      dst[o++] = (byte) (0xF0 | (cp >> 18));
      dst[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      dst[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      dst[o++] = (byte) (0x80 | (cp & 0x3F));
    }
    return o;
  }

  static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}

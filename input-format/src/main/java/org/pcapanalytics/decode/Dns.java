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
   */
  public static void decode(byte[] b, int off, int capEnd, int wireEnd, boolean partial, DecodedPacket out) {
    int readEnd = Math.min(capEnd, wireEnd);
    int have = readEnd - off;
    if (have >= 2) out.dnsId = Bytes.u16be(b, off);
    if (have >= 4) {
      int flags = Bytes.u16be(b, off + 2);
      out.dnsResponse = flags >>> 15;
      if (out.dnsResponse == 1) out.dnsRcode = flags & 0x0F; // tshark shows RCODE for responses only
    }
    if (have < 12) {
      beyond(wireEnd, off, 12, partial, SHORT, out);
      return;
    }
    if (Bytes.u16be(b, off + 4) == 0) return; // no question
    question(b, off, readEnd, wireEnd, partial, out);
  }

  private static void question(byte[] b, int msg, int readEnd, int wireEnd, boolean partial, DecodedPacket out) {
    byte[] raw = out.nameRaw;
    int rawLen = 0; // presentation length of the name so far (may exceed what raw holds)
    int labels = 0;
    int processed = 0;
    int limit = readEnd - msg; // bytes a non-looping expansion can visit at most
    int afterName = -1; // where the question continues: after the name's first pointer or its end
    boolean loops = false;
    int p = msg + 12;
    while (true) {
      if (p >= readEnd) {
        beyond(wireEnd, p, 1, partial, QUESTION_BEYOND, out);
        return;
      }
      int c = b[p++] & 0xFF;
      if (c == 0) break;
      processed++;
      int kind = c & 0xC0;
      if (kind == 0) {
        if (c > readEnd - p) {
          beyond(wireEnd, p, c, partial, QUESTION_BEYOND, out);
          return;
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
          beyond(wireEnd, p, 1, partial, QUESTION_BEYOND, out);
          return;
        }
        int ptr = ((c & 0x3F) << 8) | (b[p++] & 0xFF);
        processed++;
        if (afterName < 0) afterName = p;
        if (processed >= limit) {
          loops = true;
          break;
        }
        if (ptr >= readEnd - msg) {
          beyond(wireEnd, msg, ptr + 1, partial, QUESTION_BEYOND, out);
          return;
        }
        p = msg + ptr;
      } else {
        out.error(BAD_LABEL);
        return;
      }
    }
    if (afterName < 0) afterName = p;
    // QTYPE and QCLASS must follow, else tshark shows neither the name nor the type.
    if (4 > readEnd - afterName) {
      beyond(wireEnd, afterName, 4, partial, QUESTION_BEYOND, out);
      return;
    }
    out.dnsQtype = Bytes.u16be(b, afterName);
    if (loops) {
      out.error(POINTER_LOOP);
      out.dnsQnameLen = put(LOOPS, out.dnsQname);
    } else if (rawLen > MAX_NAME) {
      out.error(NAME_TOO_LONG);
      out.dnsQnameLen = put(TOO_LONG, out.dnsQname);
    } else if (labels == 0) {
      out.dnsQnameLen = put(ROOT, out.dnsQname);
    } else {
      out.dnsQnameLen = escape(raw, rawLen, out.dnsQname);
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

  private static int put(byte[] text, byte[] dst) {
    System.arraycopy(text, 0, dst, 0, text.length);
    return text.length;
  }

  /**
   * Renders raw name bytes as tshark 4.0 prints a string field: printable ASCII as is; {@code \a
   * \b \f \n \r \t \v} as C escapes and other ASCII controls as three-digit octal escapes; a
   * UTF-8 sequence (lenient: overlong forms accepted) as itself when printable, as {@code \\uXXXX}
   * or {@code \\UXXXXXXXX} when a control, format, unassigned or surrogate code point; a byte that
   * cannot start or complete a sequence, or a value above U+10FFFF or a surrogate, as U+FFFD.
   *
   * @return the number of bytes written to {@code dst} (stops early rather than overflow it)
   */
  static int escape(byte[] raw, int n, byte[] dst) {
    int o = 0;
    int i = 0;
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

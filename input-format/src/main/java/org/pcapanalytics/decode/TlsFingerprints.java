package org.pcapanalytics.decode;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.pcapanalytics.io.Bytes;

/**
 * JA3 / JA3S and JA4 fingerprints of the hello a {@link DecodedPacket} holds (decoded with {@link
 * PacketDecoder#TLS_HELLO}), computed only when asked for: a query that does not select them pays
 * nothing. One instance per thread: it reuses its digests and buffers, so a fingerprint allocates
 * nothing.
 *
 * <p><b>JA3</b> (Salesforce): MD5 of {@code version,ciphers,extensions,groups,point_formats}
 * (decimal, values joined by {@code -}, GREASE left out), as tshark 4.0's {@code
 * tls.handshake.ja3}; <b>JA3S</b> of a ServerHello: {@code version,cipher,extensions}.
 *
 * <p><b>JA4</b> (FoxIO, the TLS client fingerprint only): {@code [t|q][version][d|i][ciphers
 * count][extensions count][ALPN first+last]_[sha256 of sorted ciphers, 12 hex]_[sha256 of sorted
 * extensions without SNI and ALPN, then the signature algorithms in order, 12 hex]}, GREASE left out
 * everywhere. The version is supported_versions' highest, else legacy_version. Where the written
 * specification and the reference implementation differ, the reference implementation's own test
 * data decides: an ALPN byte outside ASCII counts as {@code 9} (its test expects {@code 99} for the
 * ALPN 0xbaad, the specification's hex rule would give {@code bd}), and other ASCII bytes are taken
 * as they are. The other JA4+ fingerprints are under another licence and are not implemented.
 */
public final class TlsFingerprints {
  /** Length of a JA3 / JA3S (hex MD5) and of a JA4. */
  public static final int JA3_LENGTH = 32, JA4_LENGTH = 36;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZEROS = "000000000000".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest md5 = digest("MD5");
  private final MessageDigest sha256 = digest("SHA-256");
  private final byte[] hash = new byte[32];
  /** The text a fingerprint hashes; grows to the largest hello seen. */
  private byte[] text = new byte[1024];
  private int textLen;
  private int[] values = new int[128];

  /**
   * Writes the JA3 (ClientHello) or JA3S (ServerHello) of {@code p} as 32 lowercase hex digits at
   * {@code dst[off]}.
   *
   * @return {@link #JA3_LENGTH}, or -1 when the packet holds no whole, well-formed hello
   */
  public int ja3(DecodedPacket p, byte[] dst, int off) {
    if (ja3Text(p) < 0) return -1;
    md5.update(text, 0, textLen);
    digestInto(md5, 16);
    for (int i = 0; i < 16; i++) {
      dst[off + 2 * i] = HEX[(hash[i] >> 4) & 0xF];
      dst[off + 2 * i + 1] = HEX[hash[i] & 0xF];
    }
    return JA3_LENGTH;
  }

  /** The JA3 / JA3S as a String (tests and slow paths), or null. */
  public String ja3String(DecodedPacket p) {
    byte[] b = new byte[JA3_LENGTH];
    return ja3(p, b, 0) < 0 ? null : ascii(b, JA3_LENGTH);
  }

  /** The text JA3 / JA3S hashes (tshark's {@code ja3_full}), or null (tests and slow paths). */
  public String ja3FullString(DecodedPacket p) {
    return ja3Text(p) < 0 ? null : ascii(text, textLen);
  }

  /**
   * Writes the JA4 of a ClientHello at {@code dst[off]} ({@link #JA4_LENGTH} bytes).
   *
   * @return {@link #JA4_LENGTH}, or -1 when the packet holds no whole, well-formed ClientHello
   */
  public int ja4(DecodedPacket p, byte[] dst, int off) {
    if (!wholeHello(p) || p.tlsHandshakeType != Tls.CLIENT_HELLO) return -1;
    int o = ja4a(p, dst, off);
    dst[o++] = '_';
    int n = ciphers(p);
    Arrays.sort(values, 0, n);
    hash12(joinHex(0, n, 0), dst, o);
    o += 12;
    dst[o++] = '_';
    hash12(ja4cText(p), dst, o);
    return JA4_LENGTH;
  }

  /** The JA4 as a String (tests and slow paths), or null. */
  public String ja4String(DecodedPacket p) {
    byte[] b = new byte[JA4_LENGTH];
    return ja4(p, b, 0) < 0 ? null : ascii(b, JA4_LENGTH);
  }

  /** JA4_r, the JA4 before hashing (sorted lists in clear), or null (tests and diagnostics). */
  public String ja4RawString(DecodedPacket p) {
    if (!wholeHello(p) || p.tlsHandshakeType != Tls.CLIENT_HELLO) return null;
    byte[] a = new byte[10];
    int al = ja4a(p, a, 0);
    int n = ciphers(p);
    Arrays.sort(values, 0, n);
    String b = ascii(text, joinHex(0, n, 0));
    String c = ascii(text, ja4cText(p));
    return ascii(a, al) + "_" + b + "_" + c;
  }

  // ---- JA3 ----

  /** Builds the JA3 / JA3S text in {@link #text}; returns its length or -1. */
  private int ja3Text(DecodedPacket p) {
    if (!wholeHello(p)) return -1;
    byte[] b = p.helloBuf;
    textLen = 0;
    decimal(p.tlsLegacyVersion);
    put(',');
    int n = ciphers(p);
    joinDecimal(n);
    put(',');
    n = extensionTypes(p, false);
    joinDecimal(n);
    if (p.tlsHandshakeType == Tls.SERVER_HELLO) return textLen;
    put(',');
    int groups = extension(p, Tls.EXT_SUPPORTED_GROUPS);
    n = 0;
    if (groups >= 0 && extLen >= 2) n = u16List(b, groups + 2, Math.min(Bytes.u16be(b, groups), extLen - 2));
    joinDecimal(n);
    put(',');
    int formats = extension(p, Tls.EXT_EC_POINT_FORMATS);
    if (formats >= 0 && extLen >= 1) {
      int len = Math.min(b[formats] & 0xFF, extLen - 1);
      for (int i = 0; i < len; i++) {
        if (i > 0) put('-');
        decimal(b[formats + 1 + i] & 0xFF);
      }
    }
    return textLen;
  }

  private void joinDecimal(int n) {
    for (int i = 0; i < n; i++) {
      if (i > 0) put('-');
      decimal(values[i]);
    }
  }

  // ---- JA4 ----

  /** JA4's first part (10 characters) at dst[o]; returns the position after it. */
  private int ja4a(DecodedPacket p, byte[] dst, int o) {
    dst[o++] = (byte) (p.tlsQuic ? 'q' : 't');
    o = version(p.tlsVersion, dst, o);
    dst[o++] = (byte) (extension(p, Tls.EXT_SERVER_NAME) >= 0 ? 'd' : 'i');
    o = twoDigits(ciphers(p), dst, o);
    o = twoDigits(extensionTypes(p, false), dst, o);
    byte first = '0', last = '0';
    if (p.tlsAlpnOff >= 0 && p.tlsAlpnLen >= 1) {
      byte[] b = p.helloBuf;
      int len = Math.min(b[p.tlsAlpnOff] & 0xFF, p.tlsAlpnLen - 1);
      if (len > 0) {
        first = alpnChar(b[p.tlsAlpnOff + 1]);
        last = alpnChar(b[p.tlsAlpnOff + len]);
      }
    }
    dst[o++] = first;
    dst[o++] = last;
    return o;
  }

  /** The extension/signature-algorithm text JA4_c hashes, in {@link #text}; returns its length. */
  private int ja4cText(DecodedPacket p) {
    int n = extensionTypes(p, true);
    Arrays.sort(values, 0, n);
    int len = joinHex(0, n, 0);
    int sig = extension(p, Tls.EXT_SIGNATURE_ALGORITHMS);
    if (sig >= 0 && extLen >= 2) {
      int k = u16List(p.helloBuf, sig + 2, Math.min(Bytes.u16be(p.helloBuf, sig), extLen - 2));
      if (k > 0) {
        textLen = len;
        put('_');
        len = joinHex(0, k, textLen);
      }
    }
    return len;
  }

  private static byte alpnChar(byte c) {
    return c < 0 ? (byte) '9' : c;
  }

  private static int version(int v, byte[] dst, int o) {
    String s;
    switch (v) {
      case 0x0304: s = "13"; break;
      case 0x0303: s = "12"; break;
      case 0x0302: s = "11"; break;
      case 0x0301: s = "10"; break;
      case 0x0300: s = "s3"; break;
      case 0x0002: s = "s2"; break;
      case 0xfeff: s = "d1"; break;
      case 0xfefd: s = "d2"; break;
      case 0xfefc: s = "d3"; break;
      default: s = "00"; break;
    }
    dst[o] = (byte) s.charAt(0);
    dst[o + 1] = (byte) s.charAt(1);
    return o + 2;
  }

  private static int twoDigits(int n, byte[] dst, int o) {
    n = Math.min(n, 99);
    dst[o] = (byte) ('0' + n / 10);
    dst[o + 1] = (byte) ('0' + n % 10);
    return o + 2;
  }

  /** The first 12 hex digits of the SHA-256 of text[0, len), or twelve zeros for an empty text. */
  private void hash12(int len, byte[] dst, int o) {
    if (len == 0) {
      System.arraycopy(ZEROS, 0, dst, o, 12);
      return;
    }
    sha256.update(text, 0, len);
    digestInto(sha256, 32);
    for (int i = 0; i < 6; i++) {
      dst[o + 2 * i] = HEX[(hash[i] >> 4) & 0xF];
      dst[o + 2 * i + 1] = HEX[hash[i] & 0xF];
    }
  }

  /** values[from, to) as 4-digit lowercase hex joined by commas into text at {@code at}; returns the end. */
  private int joinHex(int from, int to, int at) {
    textLen = at;
    for (int i = from; i < to; i++) {
      if (i > from) put(',');
      ensure(4);
      int v = values[i];
      text[textLen++] = HEX[(v >> 12) & 0xF];
      text[textLen++] = HEX[(v >> 8) & 0xF];
      text[textLen++] = HEX[(v >> 4) & 0xF];
      text[textLen++] = HEX[v & 0xF];
    }
    return textLen;
  }

  // ---- reading the hello ----

  private static boolean wholeHello(DecodedPacket p) {
    return p.tlsExtensionsOff >= 0 && p.helloBuf != null && p.tlsCiphersOff >= 0;
  }

  /** The cipher suites into {@link #values}, GREASE left out. */
  private int ciphers(DecodedPacket p) {
    return u16List(p.helloBuf, p.tlsCiphersOff, p.tlsCiphersLen);
  }

  /**
   * The extension types into {@link #values} in order, GREASE left out; for JA4_c also without
   * server_name and ALPN.
   */
  private int extensionTypes(DecodedPacket p, boolean ja4c) {
    byte[] b = p.helloBuf;
    int n = 0;
    int end = p.tlsExtensionsOff + p.tlsExtensionsLen;
    for (int c = p.tlsExtensionsOff; end - c >= 4; c += 4 + Bytes.u16be(b, c + 2)) {
      int t = Bytes.u16be(b, c);
      if (Tls.grease(t) || ja4c && (t == Tls.EXT_SERVER_NAME || t == Tls.EXT_ALPN)) continue;
      grow(n + 1);
      values[n++] = t;
    }
    return n;
  }

  /** Length of the last extension found by {@link #extension}. */
  private int extLen;

  /** Data offset of the first extension of type {@code type} (its length in {@link #extLen}), or -1. */
  private int extension(DecodedPacket p, int type) {
    byte[] b = p.helloBuf;
    int end = p.tlsExtensionsOff + p.tlsExtensionsLen;
    for (int c = p.tlsExtensionsOff; end - c >= 4; c += 4 + Bytes.u16be(b, c + 2)) {
      if (Bytes.u16be(b, c) == type) {
        extLen = Bytes.u16be(b, c + 2);
        return c + 4;
      }
    }
    return -1;
  }

  /** The 2-byte values of b[off, off + len) into {@link #values}, GREASE left out. */
  private int u16List(byte[] b, int off, int len) {
    int n = 0;
    grow(len / 2);
    for (int i = off; i + 2 <= off + len; i += 2) {
      int v = Bytes.u16be(b, i);
      if (Tls.grease(v)) continue;
      values[n++] = v;
    }
    return n;
  }

  // ---- buffers ----

  private void put(char c) {
    ensure(1);
    text[textLen++] = (byte) c;
  }

  private void decimal(int v) {
    ensure(10);
    if (v == 0) {
      text[textLen++] = '0';
      return;
    }
    int start = textLen;
    for (; v > 0; v /= 10) text[textLen++] = (byte) ('0' + v % 10);
    for (int i = start, j = textLen - 1; i < j; i++, j--) {
      byte t = text[i];
      text[i] = text[j];
      text[j] = t;
    }
  }

  private void ensure(int more) {
    if (textLen + more > text.length) text = Arrays.copyOf(text, Math.max(text.length * 2, textLen + more));
  }

  private void grow(int n) {
    if (n > values.length) values = Arrays.copyOf(values, Math.max(values.length * 2, n));
  }

  private void digestInto(MessageDigest md, int len) {
    try {
      md.digest(hash, 0, len);
    } catch (DigestException e) {
      throw new IllegalStateException(e); // the buffer always fits the digest
    }
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is a required JDK algorithm", e);
    }
  }

  private static String ascii(byte[] b, int n) {
    return new String(b, 0, n, StandardCharsets.ISO_8859_1);
  }
}

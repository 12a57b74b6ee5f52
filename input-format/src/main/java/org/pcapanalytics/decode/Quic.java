package org.pcapanalytics.decode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.pcapanalytics.io.Bytes;

/**
 * The TLS ClientHello inside QUIC Initial packets (RFC 9000 17.2.2, RFC 9001 5; version 2: RFC 9369),
 * decrypted with the JDK's own crypto.
 *
 * <pre>
 * long header:  1 1 T T R R P P | version (4) | DCID len (1) | DCID | SCID len (1) | SCID
 *   Initial:    token length (varint) | token | length (varint) | packet number (1-4) | payload
 *   T T:        Initial is 0 in version 1, 1 in version 2; R R reserved (0); P P packet number length - 1
 * keys:         initial_secret = HKDF-Extract(salt of the version, client's first DCID)
 *               client/server secret = HKDF-Expand-Label(initial_secret, "client in"/"server in", 32)
 *               key, iv, hp = HKDF-Expand-Label(secret, "quic key"/"quic iv"/"quic hp", 16/12/16)
 *               (version 2: "quicv2 key", "quicv2 iv", "quicv2 hp")
 * protection:   mask = AES-ECB(hp, 16 bytes sampled 4 bytes after the packet number's start);
 *               first byte ^= mask[0] &amp; 0x0f, packet number ^= mask[1..]
 * payload:      AES-128-GCM(key, nonce = iv xor packet number, aad = the unprotected header)
 * frames:       PADDING 0x00, PING 0x01, ACK 0x02/0x03, CRYPTO 0x06 (offset, length varints, data),
 *               CONNECTION_CLOSE 0x1c
 * </pre>
 *
 * A client's first Initial is encrypted with keys of its own DCID, so it opens alone: the CRYPTO
 * frames of the datagram, in any order, are put back in stream order and a ClientHello whole in
 * them is reported like one over TCP (with {@code tlsQuic}). Everything needing earlier packets is
 * left to {@link HandshakeReassembly}: a ClientHello spread over several Initials, the server's
 * Initials (keys of the client's DCID), and a client's later Initials once it switched to the
 * server's connection id. What this packet offered is left in {@link DecodedPacket#quicFound}.
 *
 * <p>The JDK reports a wrong AES-GCM tag only by throwing, so the tag check is the one place the
 * decoder catches an exception; the first plaintext byte is checked beforehand (it must be a frame
 * type allowed in an Initial), so a packet tried with the wrong keys almost never gets that far.
 */
public final class Quic {
  public static final String BAD_FRAME = "quic: malformed frame in a decrypted Initial packet";

  static final int V1 = 0x00000001, V2 = 0x6b3343cf;

  /** {@link DecodedPacket#quicFound}: nothing for QUIC. */
  static final int NONE = 0;
  /** A client Initial opened with keys of its own DCID; its CRYPTO frames are in the scratch. */
  static final int CLIENT_INITIAL = 1;
  /** An Initial that did not open with keys of its own DCID (a server's, a later client one, or cut). */
  static final int SEALED_INITIAL = 2;

  /** Largest CRYPTO stream offset kept: a ClientHello is a few KiB even with post-quantum key shares. */
  static final int MAX_HELLO = 16384;
  private static final int MAX_PACKETS_PER_DATAGRAM = 8;
  private static final int MAX_CRYPTO_FRAMES = 64;

  private static final byte[] CLIENT_IN = label("client in"), SERVER_IN = label("server in");
  private static final byte[] KEY_V1 = label("quic key"), IV_V1 = label("quic iv"), HP_V1 = label("quic hp");
  private static final byte[] KEY_V2 = label("quicv2 key"), IV_V2 = label("quicv2 iv"), HP_V2 = label("quicv2 hp");
  private static final byte[] SALT_V1 = hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
  private static final byte[] SALT_V2 = hex("0dede3def700a6db819381be6e269dcbf9bd2ed9");

  private Quic() {}

  /** Whether the UDP payload at {@code p} may start a QUIC version 1 or 2 long-header packet. */
  static boolean maybeLongHeader(byte[] b, int p, int readEnd) {
    if (readEnd - p < 7 || (b[p] & 0x80) == 0) return false;
    int v = Bytes.i32be(b, p + 1);
    return v == V1 || v == V2;
  }

  /** Decodes the UDP payload {@code [off, wireEnd)} captured up to {@code capEnd}. */
  static void decode(byte[] b, int off, int capEnd, int wireEnd, boolean full, DecodedPacket out) {
    int readEnd = Math.min(capEnd, wireEnd);
    int p = off;
    for (int k = 0; k < MAX_PACKETS_PER_DATAGRAM && maybeLongHeader(b, p, readEnd); k++) {
      Header h = header(b, p, readEnd, wireEnd, out);
      if (h == null) return;
      if (h.initial) {
        out.applicationFields = true;
        out.quicPacketOff = p;
        out.quicVersion = h.version;
        Scratch s = scratch(out);
        if (h.end <= readEnd && s.open(b, p, h, b, h.dcidOff, h.dcidLen, false)) {
          out.quicFound = CLIENT_INITIAL;
          s.frames(out);
          if (s.crypto.contiguous() > 0) clientHello(s, full, out);
        } else {
          out.quicFound = SEALED_INITIAL;
          if (h.end > readEnd) out.truncated = true;
        }
        return;
      }
      p = h.end; // a coalesced 0-RTT or Handshake packet before the Initial: skip it
    }
  }

  /** Parses the hello at the start of the scratch's CRYPTO stream, if it is whole. */
  static void clientHello(Scratch s, boolean full, DecodedPacket out) {
    int n = s.crypto.contiguous();
    Tls.hello(s.crypto.data, 0, n, n, full, true, out);
  }

  /**
   * Opens the Initial at {@link DecodedPacket#quicPacketOff} with keys of a connection id seen
   * earlier ({@code dcid[off, off + len)}, the client's first DCID) and puts its CRYPTO frames in
   * the scratch stream.
   *
   * @param server the packet was sent by the server (server keys)
   * @return false when it does not open (then nothing changed)
   */
  static boolean openWith(DecodedPacket out, byte[] dcid, int off, int len, boolean server) {
    byte[] b = out.buf;
    int readEnd = Math.min(out.payloadOffset + out.payloadCapLen, out.payloadWireEnd);
    Header h = header(b, out.quicPacketOff, readEnd, out.payloadWireEnd, out);
    Scratch s = scratch(out);
    if (h == null || !h.initial || h.end > readEnd || !s.open(b, out.quicPacketOff, h, dcid, off, len, server)) {
      return false;
    }
    s.frames(out);
    return true;
  }

  /** Where the DCID of the Initial at {@link DecodedPacket#quicPacketOff} is (its length: the byte before). */
  static int dcidOffset(DecodedPacket out) {
    return out.quicPacketOff + 6;
  }

  private static Scratch scratch(DecodedPacket out) {
    if (out.quicScratch == null) out.quicScratch = new Scratch();
    return out.quicScratch;
  }

  /** The fields of a long header, in the scratch (one per packet being looked at). */
  static final class Header {
    int version;
    boolean initial;
    int dcidOff, dcidLen;
    /** Offset of the packet number and end of the packet (may lie past the captured bytes). */
    int pnOff, end;
  }

  /** Reads a long header at p; null when it is not a well-formed one (nothing reported: maybe not QUIC). */
  private static Header header(byte[] b, int p, int readEnd, int wireEnd, DecodedPacket out) {
    Header h = scratch(out).header;
    h.version = Bytes.i32be(b, p + 1);
    int type = (b[p] >> 4) & 3;
    h.initial = type == (h.version == V2 ? 1 : 0);
    boolean retry = type == (h.version == V2 ? 0 : 3);
    int c = p + 5;
    h.dcidLen = b[c] & 0xFF;
    h.dcidOff = c + 1;
    if (h.dcidLen > 20 || readEnd - h.dcidOff < h.dcidLen + 1) return null;
    c = h.dcidOff + h.dcidLen;
    int scidLen = b[c] & 0xFF;
    if (scidLen > 20 || readEnd - c - 1 < scidLen) return null;
    c += 1 + scidLen;
    if (retry) return null; // no length field: nothing follows that we read
    if (h.initial) {
      long token = varint(b, c, readEnd);
      if (token < 0) return null;
      c += varintLen(b[c]);
      if (token > readEnd - c) return null;
      c += (int) token;
    }
    long length = varint(b, c, readEnd);
    if (length < 0) return null;
    c += varintLen(b[c]);
    if (length < 1 || length > wireEnd - c) return null;
    h.pnOff = c;
    h.end = c + (int) length;
    return h;
  }

  /** A QUIC variable-length integer at c (RFC 9000 16), or -1 when not all of it is captured. */
  static long varint(byte[] b, int c, int end) {
    if (c >= end) return -1;
    int len = varintLen(b[c]);
    if (len > end - c) return -1;
    long v = b[c] & 0x3F;
    for (int i = 1; i < len; i++) v = (v << 8) | (b[c + i] & 0xFF);
    return v;
  }

  static int varintLen(byte first) {
    return 1 << ((first & 0xFF) >> 6);
  }

  /**
   * Keys, ciphers and buffers of the QUIC layer, one per {@link DecodedPacket} (so per thread),
   * made the first time a packet needs them. Derived keys are kept for the last connection id of
   * each side, so the Initials of one connection derive them once.
   */
  static final class Scratch {
    final Header header = new Header();
    private final Mac hmac;
    private final Cipher gcm;
    private final Keys client = new Keys(), server = new Keys();
    /** The unprotected header (the AEAD's associated data); grows for long tokens. */
    private byte[] hdr = new byte[128];
    private final byte[] mask = new byte[16], nonce = new byte[12], block = new byte[16];
    /** The decrypted payload of the last packet opened. */
    byte[] plain = new byte[2048];
    int plainLen;
    /** CRYPTO frames of the last packet opened: stream offset, length, and position in {@link #plain}. */
    final long[] frameAt = new long[MAX_CRYPTO_FRAMES];
    final int[] frameLen = new int[MAX_CRYPTO_FRAMES], framePos = new int[MAX_CRYPTO_FRAMES];
    int frames;
    /** The last packet's CRYPTO frames in stream order. */
    final ReassemblyBuffer crypto = new ReassemblyBuffer(MAX_HELLO);

    Scratch() {
      try {
        hmac = Mac.getInstance("HmacSHA256");
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 and AES are required JDK algorithms", e);
      }
    }

    /**
     * Removes header protection and decrypts the Initial at {@code p} with the keys of {@code
     * cid[cidOff, cidOff + cidLen)} into {@link #plain}; never changes {@code b}.
     */
    boolean open(byte[] b, int p, Header h, byte[] cid, int cidOff, int cidLen, boolean fromServer) {
      Keys k = fromServer ? server : client;
      if (!k.matches(h.version, cid, cidOff, cidLen)) derive(k, h.version, cid, cidOff, cidLen, fromServer);
      int sample = h.pnOff + 4;
      if (sample + 16 > h.end) return false;
      if (h.pnOff - p + 4 > hdr.length) hdr = new byte[2 * (h.pnOff - p + 4)];
      if (!aes(k.hp, b, sample, mask)) return false;
      int first = (b[p] ^ (mask[0] & 0x0F)) & 0xFF;
      if ((first & 0x0C) != 0) return false; // reserved bits: the wrong keys
      int pnLen = (first & 3) + 1;
      int hdrLen = h.pnOff - p + pnLen;
      System.arraycopy(b, p, hdr, 0, hdrLen);
      hdr[0] = (byte) first;
      long pn = 0;
      for (int i = 0; i < pnLen; i++) {
        hdr[h.pnOff - p + i] ^= mask[1 + i];
        pn = (pn << 8) | (hdr[h.pnOff - p + i] & 0xFF);
      }
      int ct = h.pnOff + pnLen;
      int ctLen = h.end - ct;
      if (ctLen < 16 + 1) return false;
      for (int i = 0; i < 12; i++) nonce[i] = (byte) (k.iv[i] ^ (i >= 4 ? pn >>> (8 * (11 - i)) : 0));
      // First keystream block of GCM's counter mode (counter 2): the first frame type must be
      // one an Initial may carry, else these are not the packet's keys.
      System.arraycopy(nonce, 0, block, 0, 12);
      block[12] = block[13] = block[14] = 0;
      block[15] = 2;
      if (!aes(k.keyEcb, block, 0, block)) return false;
      int type = (b[ct] ^ block[0]) & 0xFF;
      if (type != 0x00 && type != 0x01 && type != 0x02 && type != 0x03 && type != 0x06 && type != 0x1c) return false;
      if (plain.length < ctLen) plain = new byte[Math.max(ctLen, plain.length * 2)];
      try {
        gcm.init(Cipher.DECRYPT_MODE, k.key, new GCMParameterSpec(128, nonce));
        gcm.updateAAD(hdr, 0, hdrLen);
        plainLen = gcm.doFinal(b, ct, ctLen, plain, 0);
        return true;
      } catch (GeneralSecurityException e) { // AEADBadTagException: not these keys, or corrupted
        return false;
      }
    }

    /** Reads the frames of {@link #plain}: CRYPTO frames into the frame list and {@link #crypto}. */
    void frames(DecodedPacket out) {
      frames = 0;
      crypto.clear();
      int i = 0, n = plainLen;
      byte[] f = plain;
      while (i < n) {
        int type = f[i] & 0xFF;
        if (type == 0x00 || type == 0x01) { // PADDING, PING
          i++;
          continue;
        }
        i++;
        if (type == 0x02 || type == 0x03) { // ACK: largest, delay, range count, first range, ranges, ECN
          int c = skip(f, i, n, 2);
          long count = c < 0 ? -1 : varint(f, i + c, n);
          if (count < 0 || count > n) break;
          c += varintLen(f[i + c]);
          int more = skip(f, i + c, n, 1 + 2 * (int) count + (type == 0x03 ? 3 : 0));
          if (more < 0) break;
          i += c + more;
        } else if (type == 0x06) { // CRYPTO
          long at = varint(f, i, n);
          if (at < 0) break;
          i += varintLen(f[i]);
          long len = varint(f, i, n);
          if (len < 0) break;
          i += varintLen(f[i]);
          if (len > n - i) break;
          if (frames < MAX_CRYPTO_FRAMES) {
            frameAt[frames] = at;
            frameLen[frames] = (int) len;
            framePos[frames++] = i;
          }
          crypto.add(f, i, (int) len, at);
          i += (int) len;
        } else if (type == 0x1c) { // CONNECTION_CLOSE: error code, frame type, reason
          int c = skip(f, i, n, 2);
          long reason = c < 0 ? -1 : varint(f, i + c, n);
          if (reason < 0) break;
          c += varintLen(f[i + c]);
          if (reason > n - i - c) break;
          i += c + (int) reason;
        } else {
          break; // no other frame may be in an Initial packet
        }
      }
      if (i < n) out.error(BAD_FRAME);
    }

    /** Bytes taken by {@code count} varints from i, or -1 when they run past n. */
    private static int skip(byte[] f, int i, int n, int count) {
      int c = 0;
      for (int k = 0; k < count; k++) {
        if (i + c >= n) return -1;
        c += varintLen(f[i + c]);
        if (c > n - i) return -1;
      }
      return c;
    }

    private void derive(Keys k, int version, byte[] cid, int cidOff, int cidLen, boolean fromServer) {
      boolean v2 = version == V2;
      try {
        hmac.init(new SecretKeySpec(v2 ? SALT_V2 : SALT_V1, "HmacSHA256"));
        hmac.update(cid, cidOff, cidLen);
        byte[] initial = hmac.doFinal();
        byte[] secret = expandLabel(initial, fromServer ? SERVER_IN : CLIENT_IN, 32);
        k.key = new SecretKeySpec(expandLabel(secret, v2 ? KEY_V2 : KEY_V1, 16), "AES");
        k.iv = expandLabel(secret, v2 ? IV_V2 : IV_V1, 12);
        k.hp.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(expandLabel(secret, v2 ? HP_V2 : HP_V1, 16), "AES"));
        k.keyEcb.init(Cipher.ENCRYPT_MODE, k.key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 / AES key setup failed", e);
      }
      k.version = version;
      k.cidLen = cidLen;
      System.arraycopy(cid, cidOff, k.cid, 0, cidLen);
    }

    /**
     * HKDF-Expand-Label (RFC 8446 7.1) with an empty context, for outputs up to one SHA-256 block;
     * {@code l} is the label with its "tls13 " prefix.
     */
    private byte[] expandLabel(byte[] secret, byte[] l, int length) throws GeneralSecurityException {
      hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
      hmac.update((byte) (length >> 8));
      hmac.update((byte) length);
      hmac.update((byte) l.length);
      hmac.update(l);
      hmac.update((byte) 0); // context length
      hmac.update((byte) 1); // HKDF-Expand's block counter
      byte[] t = hmac.doFinal();
      return java.util.Arrays.copyOf(t, length);
    }

    private static boolean aes(Cipher c, byte[] in, int off, byte[] out16) {
      try {
        c.doFinal(in, off, 16, out16, 0);
        return true;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-ECB of one block failed", e);
      }
    }

    /** Derived keys of one side for one connection id. */
    private static final class Keys {
      int version;
      final byte[] cid = new byte[20];
      int cidLen = -1;
      SecretKeySpec key;
      byte[] iv;
      final Cipher hp = ecb(), keyEcb = ecb();

      boolean matches(int v, byte[] c, int off, int len) {
        return v == version && len == cidLen && java.util.Arrays.equals(cid, 0, len, c, off, off + len);
      }

      private static Cipher ecb() {
        try {
          return Cipher.getInstance("AES/ECB/NoPadding");
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("AES is a required JDK algorithm", e);
        }
      }
    }
  }

  private static byte[] label(String s) {
    return ("tls13 " + s).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    return b;
  }
}

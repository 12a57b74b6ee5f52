package org.pcapanalytics.generate;

/**
 * The byte stream one side of a TCP connection sends, one message at a time: an optional prefix (a request,
 * a response header, a handshake) followed by a body of a given kind. Segments take consecutive bytes with
 * {@link #fill}, so TLS record framing and HTTP bodies stay consistent across segments.
 */
final class PayloadStream {
  static final int BODY_TEXT = 0;
  static final int BODY_BINARY = 1;
  static final int BODY_TLS = 2;
  /** A pcap/pcapng file being downloaded: a fake file header, then fake record chains in every segment. */
  static final int BODY_CAPTURE_FILE = 3;

  private static final int TLS_MAX_RECORD = 16384 + 17;

  private byte[] prefix = new byte[0];
  private int prefixPos;
  private long bodyLeft;
  private int kind;
  private boolean bodyStarted;
  private long tlsUnframed;
  private int recordLeft;
  private final byte[] recordHeader = new byte[5];
  private int headerPos = 5;

  /** Starts the next message. */
  void message(byte[] messagePrefix, long bodyLength, int bodyKind) {
    prefix = messagePrefix == null ? new byte[0] : messagePrefix;
    prefixPos = 0;
    bodyLeft = bodyLength;
    kind = bodyKind;
    bodyStarted = false;
    tlsUnframed = bodyLength;
    recordLeft = 0;
    headerPos = 5;
  }

  /** Bytes of the current message not yet sent. */
  long remaining() {
    return prefix.length - prefixPos + bodyLeft;
  }

  /** Whether the next segment will carry fake capture structures (and should end file-aligned). */
  boolean capturePayloadNext() {
    return kind == BODY_CAPTURE_FILE && bodyLeft > 0;
  }

  /**
   * Fills {@code b[off, off+len)} with the next bytes of the message; {@code capEnd} is where the record's
   * captured bytes will end (for fake chains that must end there).
   */
  void fill(GenContext c, byte[] b, int off, int len, int capEnd, long tsNs) {
    int end = off + len;
    if (prefixPos < prefix.length) {
      int n = Math.min(len, prefix.length - prefixPos);
      System.arraycopy(prefix, prefixPos, b, off, n);
      prefixPos += n;
      off += n;
    }
    if (off >= end) {
      return;
    }
    int n = end - off;
    bodyLeft -= n;
    switch (kind) {
      case BODY_TEXT:
        c.fillText(b, off, n);
        break;
      case BODY_TLS:
        fillTls(c, b, off, end);
        break;
      case BODY_CAPTURE_FILE:
        c.fillBinary(b, off, n);
        if (c.adversarial()) {
          int from = bodyStarted ? off : c.fileHeader(b, off, Math.min(end, capEnd));
          c.chain(b, from, end, capEnd, tsNs);
        }
        break;
      default:
        c.fillBinary(b, off, n);
        if (c.adversarial()) {
          c.maybeSprinkle(b, off, end, capEnd, tsNs);
        }
    }
    bodyStarted = true;
  }

  private void fillTls(GenContext c, byte[] b, int off, int end) {
    while (off < end) {
      if (headerPos < 5) {
        int n = Math.min(end - off, 5 - headerPos);
        System.arraycopy(recordHeader, headerPos, b, off, n);
        headerPos += n;
        off += n;
      } else if (recordLeft == 0) {
        long avail = tlsUnframed - 5;
        int len = (int) Math.min(TLS_MAX_RECORD, avail);
        long rest = avail - len;
        if (rest > 0 && rest < 6) {
          len -= 6;
        }
        if (len < 1) {
          // too little left for a record: plain filler (only for bodies under 6 bytes)
          c.fillBinary(b, off, end - off);
          tlsUnframed -= end - off;
          return;
        }
        recordHeader[0] = 0x17;
        recordHeader[1] = 0x03;
        recordHeader[2] = 0x03;
        recordHeader[3] = (byte) (len >>> 8);
        recordHeader[4] = (byte) len;
        headerPos = 0;
        recordLeft = len;
        tlsUnframed -= 5 + len;
      } else {
        int n = Math.min(end - off, recordLeft);
        c.fillBinary(b, off, n);
        recordLeft -= n;
        off += n;
      }
    }
  }
}

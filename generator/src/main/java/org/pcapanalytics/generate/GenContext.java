package org.pcapanalytics.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

/**
 * State shared by the sessions of one generation run: the random source, the frame buffer, the host and name
 * tables, payload pools, the writer and the summary. {@link #emit} is the single path by which a built frame
 * reaches the file.
 */
final class GenContext {
  private static final int POOL_BYTES = 1 << 20;
  private static final String[] WORDS = {
    "<div class=\"item\">", "</div>\n", "<p>", "</p>", "<a href=\"/news/", "\">", "</a>", "the", "network",
    "packet", "report", "quarterly", "results", "customer", "service", "update", "release", "notes", "and", "of",
    "for", "with", "<span>", "</span>", "price", "EUR", "download", "video", "weather", "sport", "{\"id\":",
    "\"name\":\"", "\"},", "[", "]", "\n", " ", " ", " ",
  };

  final GeneratorOptions opts;
  final SplittableRandom rng;
  final FrameBuilder fb = new FrameBuilder();
  final Hosts hosts;
  final Names names;
  final TimeModel time;
  final List<CaptureInterface> ifaces;
  final SummaryRecorder summary;
  final CaptureFileWriter writer;
  /** Null when adversarial payloads are off. */
  final AdversarialPayloads adv;
  final byte[] binaryPool = new byte[POOL_BYTES];
  final byte[] textPool = new byte[POOL_BYTES / 4];
  final int snaplen;

  /** Byte order of the section the current packet goes to. */
  private boolean little;
  private boolean advRecord;
  private boolean advAtEnd;

  GenContext(GeneratorOptions opts, SplittableRandom rng, Hosts hosts, Names names, CaptureFileWriter writer) {
    this.opts = opts;
    this.rng = rng;
    this.hosts = hosts;
    this.names = names;
    this.time = new TimeModel(opts.start(), opts.duration());
    this.writer = writer;
    this.ifaces = writer.interfaces();
    this.snaplen = opts.snaplen();
    this.summary = new SummaryRecorder(hosts.count());
    rng.nextBytes(binaryPool);
    StringBuilder sb = new StringBuilder(textPool.length + 64);
    while (sb.length() < textPool.length) {
      sb.append(WORDS[rng.nextInt(WORDS.length)]).append(' ');
    }
    for (int i = 0; i < textPool.length; i++) {
      textPool[i] = (byte) sb.charAt(i);
    }
    this.adv = opts.adversarial()
        ? new AdversarialPayloads(opts.format(), opts.snaplen(), opts.linkType(), ifaces, binaryPool) : null;
  }

  /** Prepares for the next packet (a pcapng writer may open a new section) and learns its byte order. */
  void beginPacket() {
    try {
      ByteOrder o = writer.beginPacket();
      little = o == ByteOrder.LITTLE_ENDIAN;
      fb.fileLittleEndian = little;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the frame in {@code fb.buf[0, frameLen)} as a record of {@code s}'s interface at {@code s}'s current
   * time, and accounts for it. Returns the timestamp as a reader will decode it.
   *
   * @param src host id of the outermost IP source (-1 for frames without IP)
   * @param dst host id of the outermost IP destination (-1 for frames without IP)
   */
  long emit(Session s, int frameLen, int src, int dst) {
    long ts = Math.max(0, s.next + s.shiftNs);
    int caplen = Math.min(frameLen, snaplen);
    long seen;
    try {
      seen = writer.writePacket(s.iface, ts, fb.buf, caplen, frameLen);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    summary.packet(seen, caplen, frameLen, src, dst);
    if (s.shiftNs != 0) {
      summary.add(GenerationSummary.Counter.TIME_SHIFTED_RECORDS);
    }
    if (s.linkType == GeneratorOptions.LINKTYPE_ETHERNET && s.cTag > 0) {
      summary.add(GenerationSummary.Counter.VLAN_FRAMES);
      if (s.sTag > 0) {
        summary.add(GenerationSummary.Counter.QINQ_FRAMES);
      }
    }
    if (advRecord) {
      summary.add(GenerationSummary.Counter.ADVERSARIAL_RECORDS);
      if (advAtEnd) {
        summary.add(GenerationSummary.Counter.ADVERSARIAL_CHAINS_AT_RECORD_END);
      }
      advRecord = false;
      advAtEnd = false;
    }
    s.estRemaining -= frameLen + 16;
    return seen;
  }

  int pickInterface() {
    int n = ifaces.size();
    return n == 1 || rng.nextInt(10) < 6 ? 0 : 1 + rng.nextInt(n - 1);
  }

  void fillBinary(byte[] b, int off, int len) {
    copyFromPool(binaryPool, b, off, len);
  }

  void fillText(byte[] b, int off, int len) {
    copyFromPool(textPool, b, off, len);
  }

  private void copyFromPool(byte[] pool, byte[] b, int off, int len) {
    while (len > 0) {
      int n = Math.min(len, pool.length / 2);
      System.arraycopy(pool, rng.nextInt(pool.length - n + 1), b, off, n);
      off += n;
      len -= n;
    }
  }

  // ------------------------------------------------------------------ adversarial payloads

  boolean adversarial() {
    return adv != null;
  }

  /** pcapng chains must end on a 4-byte boundary of the file, i.e. the frame end should be a multiple of 4. */
  boolean wantsAlignedFrames() {
    return adv != null && adv.pcapng();
  }

  /**
   * Overwrites {@code b[from, min(end, capEnd))} with a fake record chain that ends at that limit (rounded
   * down to a file-aligned offset for pcapng), optionally after some junk.
   */
  void chain(byte[] b, int from, int end, int capEnd, long tsNs) {
    int stop = Math.min(end, capEnd);
    int start = from;
    if (adv.pcapng()) {
      start = (start + 3) & ~3;
      stop &= ~3;
    }
    int room = stop - start - adv.minChainBytes();
    if (room < 0) {
      return;
    }
    if (rng.nextInt(3) == 0) {
      start += Math.min(room, rng.nextInt(64)) & (adv.pcapng() ? ~3 : ~0);
    }
    int n = adv.chain(b, start, stop, little, tsNs, rng);
    if (n > 0) {
      advRecord = true;
      advAtEnd |= stop == capEnd;
      summary.add(GenerationSummary.Counter.FAKE_RECORDS, n);
    }
  }

  /** Writes a fake file start (aligned for pcapng) at or after {@code from}; returns the offset after it. */
  int fileHeader(byte[] b, int from, int end) {
    int at = adv.pcapng() ? (from + 3) & ~3 : from;
    int n = adv.fileHeader(b, at, end, little);
    if (n == 0) {
      return from;
    }
    advRecord = true;
    summary.add(GenerationSummary.Counter.FAKE_FILE_HEADERS);
    return at + n;
  }

  /** Now and then, plants a fake chain or a stray file header in ordinary binary payload. */
  void maybeSprinkle(byte[] b, int from, int end, int capEnd, long tsNs) {
    int r = rng.nextInt(1000);
    if (r < 60) {
      chain(b, from + rng.nextInt(Math.max(1, (end - from) / 2)), end, capEnd, tsNs);
    } else if (r < 70) {
      int at = from + rng.nextInt(Math.max(1, end - from));
      int n = adv.foreignHeader(b, at, Math.min(end, capEnd), little);
      if (n > 0) {
        advRecord = true;
        summary.add(GenerationSummary.Counter.FAKE_FILE_HEADERS);
      }
    }
  }
}

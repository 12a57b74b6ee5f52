package org.pcapanalytics.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic but realistic capture: deterministic for given {@link GeneratorOptions}, fast (frames are
 * built into one reused buffer and written through a large buffer), and described by the returned
 * {@link GenerationSummary}.
 *
 * <p>Conversations are interleaved by time. Each starts at the instant where the share of the byte target
 * written so far falls on the simulated week's cumulative traffic intensity; new ones start while the file
 * is below its target, and the active ones are finished after that, so the file ends slightly above the
 * target with every conversation complete.
 */
public final class CaptureGenerator {
  private static final int OUTPUT_BUFFER = 4 << 20;
  private static final int MAX_ACTIVE = 8;

  private CaptureGenerator() {
  }

  /** Generates into a file (created or truncated). */
  public static GenerationSummary generate(GeneratorOptions opts, Path out) throws IOException {
    try (OutputStream os = Files.newOutputStream(out)) {
      return generate(opts, os);
    }
  }

  /** Generates into a stream, which is flushed but not closed. */
  public static GenerationSummary generate(GeneratorOptions opts, OutputStream out) throws IOException {
    SplittableRandom master = new SplittableRandom(opts.seed());
    Hosts hosts = new Hosts(master.split());
    Names names = new Names(master.split(), hosts);
    OutputBuffer buf = new OutputBuffer(out, OUTPUT_BUFFER, opts.byteOrder());
    CaptureFileWriter writer = opts.format() == CaptureFormat.PCAPNG
        ? new PcapngFileWriter(buf, opts, interfaces(opts), master.split(), hosts.nameRecords())
        : new PcapFileWriter(buf, opts.format() == CaptureFormat.PCAP_NS, opts.linkType(), opts.snaplen());
    GenContext c = new GenContext(opts, master.split(), hosts, names, writer);
    try {
      writer.begin();
      run(c, new TrafficModel(c));
      writer.finish();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.flush();
    return c.summary.build(opts, writer.position(), writer.nonPacketBlocks(), writer.sections(),
        writer.interfaces().size(), hosts);
  }

  private static void run(GenContext c, TrafficModel model) {
    long target = c.opts.targetBytes();
    Session[] active = new Session[MAX_ACTIVE];
    int n = 0;
    int want = 1 + c.rng.nextInt(MAX_ACTIVE);
    long lastTime = c.time.startNs;
    while (true) {
      long written = c.writer.position();
      if (written < target) {
        long reserved = 0;
        for (int i = 0; i < n; i++) {
          reserved += Math.max(0, active[i].estRemaining);
        }
        while (n < want && (n == 0 || written + reserved < target)) {
          long start = Math.max(c.time.timeAt(written / (double) target), lastTime)
              + c.rng.nextInt(2_000_000);
          Session s = model.next(start, Math.max(0, target - written - reserved));
          active[n++] = s;
          reserved += Math.max(0, s.estRemaining);
          want = 1 + c.rng.nextInt(MAX_ACTIVE);
        }
      }
      if (n == 0) {
        return;
      }
      int pick = 0;
      for (int i = 1; i < n; i++) {
        if (active[i].next < active[pick].next) {
          pick = i;
        }
      }
      Session s = active[pick];
      c.beginPacket();
      lastTime = s.next;
      s.step(c);
      if (s.done) {
        active[pick] = active[--n];
        active[n] = null;
      }
    }
  }

  /**
   * The interfaces of each pcapng section. One interface: the requested link type with the default
   * microsecond resolution. Several: different link types and resolutions (ns, 2^-20 s, µs, explicit µs),
   * and the last one with an {@code if_tsoffset}.
   */
  static List<CaptureInterface> interfaces(GeneratorOptions opts) {
    int n = opts.interfaces();
    List<CaptureInterface> l = new ArrayList<>();
    if (n == 1) {
      l.add(new CaptureInterface(0, opts.linkType(), CaptureInterface.TSRESOL_ABSENT, 0, "eth0"));
      return l;
    }
    int[] others = {GeneratorOptions.LINKTYPE_LINUX_SLL, GeneratorOptions.LINKTYPE_RAW,
      GeneratorOptions.LINKTYPE_LINUX_SLL2, GeneratorOptions.LINKTYPE_NULL, GeneratorOptions.LINKTYPE_ETHERNET};
    int[] resolutions = {CaptureInterface.TSRESOL_NS, CaptureInterface.TSRESOL_POW2_20,
      CaptureInterface.TSRESOL_ABSENT, CaptureInterface.TSRESOL_US};
    long day = opts.start().getEpochSecond() / 86400 * 86400;
    int k = 0;
    for (int i = 0; i < n; i++) {
      int link = opts.linkType();
      if (i > 0) {
        do {
          link = others[k++ % others.length];
        } while (link == opts.linkType() && n <= others.length);
      }
      long offset = i == n - 1 ? day : 0;
      l.add(new CaptureInterface(i, link, resolutions[i % resolutions.length], offset, ifName(link, i)));
    }
    return l;
  }

  private static String ifName(int linkType, int i) {
    switch (linkType) {
      case GeneratorOptions.LINKTYPE_NULL: return "lo" + i;
      case GeneratorOptions.LINKTYPE_RAW: return "tun" + i;
      case GeneratorOptions.LINKTYPE_LINUX_SLL:
      case GeneratorOptions.LINKTYPE_LINUX_SLL2: return "any" + i;
      default: return "eth" + i;
    }
  }
}

package org.pcapanalytics.generate;

import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Everything that determines a generated capture. Two runs with equal options produce identical bytes.
 * Build with {@link #builder()}; every setter validates its argument.
 */
public final class GeneratorOptions {
  /** Link types the generator can write. */
  public static final int LINKTYPE_NULL = 0;
  public static final int LINKTYPE_ETHERNET = 1;
  public static final int LINKTYPE_RAW = 101;
  public static final int LINKTYPE_LINUX_SLL = 113;
  public static final int LINKTYPE_LINUX_SLL2 = 276;

  /** Largest snaplen (and frame) tshark accepts for these link types. */
  public static final int MAX_SNAPLEN = 262144;

  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T00:00:00Z");

  /** What the traffic is made of. */
  public enum Mix {
    /** The default: office traffic incl. bulk transfers, jumbo and offload frames (large average frame). */
    OFFICE,
    /**
     * Many short conversations (DNS, small web requests, pings, failed attempts) and no bulk transfers or
     * jumbo frames: an average frame near 300 bytes, like a busy Internet link.
     */
    SMALL;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Mix fromName(String name) {
      for (Mix m : values()) {
        if (m.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown mix '" + name + "' (office or small)");
    }
  }

  private final long targetBytes;
  private final long seed;
  private final CaptureFormat format;
  private final ByteOrder byteOrder;
  private final int linkType;
  private final Instant start;
  private final Duration duration;
  private final int snaplen;
  private final boolean adversarial;
  private final boolean outOfOrder;
  private final int interfaces;
  private final int sections;
  private final boolean alternateSectionByteOrder;
  private final Mix mix;

  private GeneratorOptions(Builder b) {
    this.targetBytes = b.targetBytes;
    this.seed = b.seed;
    this.format = b.format;
    this.byteOrder = b.byteOrder;
    this.linkType = b.linkType;
    this.start = b.start;
    this.duration = b.duration;
    this.snaplen = b.snaplen;
    this.adversarial = b.adversarial;
    this.outOfOrder = b.outOfOrder;
    this.interfaces = b.interfaces;
    this.sections = b.sections;
    this.alternateSectionByteOrder = b.alternateSectionByteOrder;
    this.mix = b.mix;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.targetBytes = targetBytes;
    b.seed = seed;
    b.format = format;
    b.byteOrder = byteOrder;
    b.linkType = linkType;
    b.start = start;
    b.duration = duration;
    b.snaplen = snaplen;
    b.adversarial = adversarial;
    b.outOfOrder = outOfOrder;
    b.interfaces = interfaces;
    b.sections = sections;
    b.alternateSectionByteOrder = alternateSectionByteOrder;
    b.mix = mix;
    return b;
  }

  /** The generator stops starting new traffic once the file has reached this many bytes. */
  public long targetBytes() { return targetBytes; }
  public long seed() { return seed; }
  public CaptureFormat format() { return format; }
  /** Byte order of the file (of the first section for pcapng). */
  public ByteOrder byteOrder() { return byteOrder; }
  /** LINKTYPE_ of the file (of interface 0 for pcapng). */
  public int linkType() { return linkType; }
  public Instant start() { return start; }
  public Duration duration() { return duration; }
  public int snaplen() { return snaplen; }
  /** Whether some payloads carry fake pcap/pcapng structures. */
  public boolean adversarial() { return adversarial; }
  /** Whether a small fraction of sessions is shifted by hours, as in merged captures. */
  public boolean outOfOrder() { return outOfOrder; }
  /** pcapng only: interfaces (IDBs) per section. */
  public int interfaces() { return interfaces; }
  /** pcapng only: number of sections (SHBs). */
  public int sections() { return sections; }
  /** pcapng only: every other section uses the opposite byte order. */
  public boolean alternateSectionByteOrder() { return alternateSectionByteOrder; }
  /** What the traffic is made of; default {@link Mix#OFFICE}. */
  public Mix mix() { return mix; }

  /**
   * Parses a size such as {@code 200K}, {@code 50M}, {@code 1G}, {@code 1.5G} or plain bytes {@code 123456}.
   * Units are binary (K = 1024); a trailing {@code B} or {@code iB} is accepted.
   */
  public static long parseSize(String text) {
    String s = text.trim().toUpperCase(Locale.ROOT);
    if (s.endsWith("IB")) {
      s = s.substring(0, s.length() - 2);
    } else if (s.endsWith("B")) {
      s = s.substring(0, s.length() - 1);
    }
    long mult = 1;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'K': mult = 1L << 10; break;
        case 'M': mult = 1L << 20; break;
        case 'G': mult = 1L << 30; break;
        case 'T': mult = 1L << 40; break;
        default: mult = 1;
      }
      if (mult != 1) {
        s = s.substring(0, s.length() - 1);
      }
    }
    if (s.isEmpty() || !s.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new IllegalArgumentException("invalid size '" + text + "' (examples: 200K, 50M, 1G, 123456)");
    }
    double v = Double.parseDouble(s) * mult;
    if (v < 1 || v > 1L << 50) {
      throw new IllegalArgumentException("size out of range: '" + text + "'");
    }
    return (long) v;
  }

  @Override
  public String toString() {
    return "GeneratorOptions{targetBytes=" + targetBytes + ", seed=" + seed + ", format=" + format.cliName()
        + ", byteOrder=" + byteOrder + ", linkType=" + linkType + ", start=" + start + ", duration=" + duration
        + ", snaplen=" + snaplen + ", adversarial=" + adversarial + ", outOfOrder=" + outOfOrder
        + ", interfaces=" + interfaces + ", sections=" + sections
        + ", alternateSectionByteOrder=" + alternateSectionByteOrder + ", mix=" + mix.cliName() + '}';
  }

  /** Mutable builder; defaults as documented on each setter. */
  public static final class Builder {
    private long targetBytes = 1L << 20;
    private long seed = 1;
    private CaptureFormat format = CaptureFormat.PCAP;
    private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
    private int linkType = LINKTYPE_ETHERNET;
    private Instant start = DEFAULT_START;
    private Duration duration = Duration.ofDays(7);
    private int snaplen = MAX_SNAPLEN;
    private boolean adversarial = true;
    private boolean outOfOrder;
    private int interfaces = 1;
    private int sections = 1;
    private boolean alternateSectionByteOrder;
    private Mix mix = Mix.OFFICE;

    private Builder() {
    }

    /** Default 1 MiB. */
    public Builder targetBytes(long v) {
      if (v < 1) {
        throw new IllegalArgumentException("target size must be positive: " + v);
      }
      targetBytes = v;
      return this;
    }

    /** Default 1. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Default {@link CaptureFormat#PCAP}. */
    public Builder format(CaptureFormat v) {
      format = java.util.Objects.requireNonNull(v);
      return this;
    }

    /** Default little-endian. */
    public Builder byteOrder(ByteOrder v) {
      byteOrder = java.util.Objects.requireNonNull(v);
      return this;
    }

    /** Default 1 (Ethernet); also 0 (NULL), 101 (raw IP), 113 (Linux SLL), 276 (Linux SLL2). */
    public Builder linkType(int v) {
      if (v != LINKTYPE_NULL && v != LINKTYPE_ETHERNET && v != LINKTYPE_RAW && v != LINKTYPE_LINUX_SLL
          && v != LINKTYPE_LINUX_SLL2) {
        throw new IllegalArgumentException("unsupported link type " + v + " (supported: 0, 1, 101, 113, 276)");
      }
      linkType = v;
      return this;
    }

    /** Default 2026-03-02T00:00:00Z (a Monday). */
    public Builder start(Instant v) {
      if (v.getEpochSecond() < 0 || v.getEpochSecond() > 0xFFFF_FFFFL - 400L * 86400) {
        throw new IllegalArgumentException("start time out of range for 32-bit pcap seconds: " + v);
      }
      start = v;
      return this;
    }

    /** Default 7 days of simulated time. */
    public Builder duration(Duration v) {
      if (v.isNegative() || v.toSeconds() < 60 || v.toDays() > 366) {
        throw new IllegalArgumentException("duration must be between 1 minute and 366 days: " + v);
      }
      duration = v;
      return this;
    }

    /** Default 262144; a smaller value truncates frames (caplen &lt; wirelen). */
    public Builder snaplen(int v) {
      if (v < 64 || v > MAX_SNAPLEN) {
        throw new IllegalArgumentException("snaplen must be between 64 and " + MAX_SNAPLEN + ": " + v);
      }
      snaplen = v;
      return this;
    }

    /** Default true. */
    public Builder adversarial(boolean v) {
      adversarial = v;
      return this;
    }

    /** Default false. */
    public Builder outOfOrder(boolean v) {
      outOfOrder = v;
      return this;
    }

    /** pcapng only; default 1. */
    public Builder interfaces(int v) {
      if (v < 1 || v > 64) {
        throw new IllegalArgumentException("interfaces must be between 1 and 64: " + v);
      }
      interfaces = v;
      return this;
    }

    /** pcapng only; default 1. */
    public Builder sections(int v) {
      if (v < 1 || v > 1000) {
        throw new IllegalArgumentException("sections must be between 1 and 1000: " + v);
      }
      sections = v;
      return this;
    }

    /** pcapng only; default false. */
    public Builder alternateSectionByteOrder(boolean v) {
      alternateSectionByteOrder = v;
      return this;
    }

    /** Default {@link Mix#OFFICE}. */
    public Builder mix(Mix v) {
      mix = java.util.Objects.requireNonNull(v);
      return this;
    }

    public GeneratorOptions build() {
      if (format != CaptureFormat.PCAPNG && (interfaces != 1 || sections != 1 || alternateSectionByteOrder)) {
        throw new IllegalArgumentException("interfaces, sections and alternating byte order need --format pcapng");
      }
      return new GeneratorOptions(this);
    }
  }
}

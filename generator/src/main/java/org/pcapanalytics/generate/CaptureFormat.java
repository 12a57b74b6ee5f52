package org.pcapanalytics.generate;

import java.util.Locale;

/** Container format of a generated capture. */
public enum CaptureFormat {
  /** Classic libpcap, magic 0xa1b2c3d4, microsecond timestamps. */
  PCAP("pcap"),
  /** Classic libpcap, magic 0xa1b23c4d, nanosecond timestamps. */
  PCAP_NS("pcap-ns"),
  /** pcapng (SHB, IDB, EPB, plus NRB/ISB/custom blocks). */
  PCAPNG("pcapng");

  private final String cliName;

  CaptureFormat(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in the summary ({@code pcap}, {@code pcap-ns}, {@code pcapng}). */
  public String cliName() {
    return cliName;
  }

  /** Parses a command-line name; throws {@link IllegalArgumentException} for anything else. */
  public static CaptureFormat fromName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (CaptureFormat f : values()) {
      if (f.cliName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown format '" + name + "' (expected pcap, pcap-ns or pcapng)");
  }
}

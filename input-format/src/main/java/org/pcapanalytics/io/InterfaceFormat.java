package org.pcapanalytics.io;

/**
 * How the records of one capture interface are framed: link type, snapshot length and timestamp
 * resolution. A classic pcap file has one (its file header); a pcapng section one per Interface
 * Description Block. The capture writers take it as the key of a record's interface.
 *
 * @param linkType LINKTYPE_ value, 0 to 65535 (pcapng's IDB field is 16 bits)
 * @param snaplen the snapshot length; 0 means none (pcapng's "no limit")
 * @param tsresol the pcapng {@code if_tsresol} byte: 10^-n seconds, or 2^-n when bit 7 is set;
 *     {@link #TSRESOL_US} and {@link #TSRESOL_NS} are the two a classic pcap file can hold. Only
 *     resolutions down to 1 ns are accepted: timestamps are nanoseconds here.
 */
public record InterfaceFormat(int linkType, int snaplen, int tsresol) {
  public static final int TSRESOL_US = 6, TSRESOL_NS = 9;

  public InterfaceFormat {
    if (linkType < 0 || linkType > 0xFFFF) throw new IllegalArgumentException("link type out of 0..65535: " + linkType);
    if (snaplen < 0) throw new IllegalArgumentException("negative snaplen " + snaplen);
    if (!writable(tsresol)) {
      throw new IllegalArgumentException("timestamp resolution 0x" + Integer.toHexString(tsresol)
          + " is not one of 10^-0..10^-9 or 2^-0..2^-29 seconds");
    }
  }

  /** The format of a source interface, or null when the writers cannot reproduce it. */
  static InterfaceFormat orNull(long linkType, long snaplen, int tsresol) {
    boolean ok = linkType >= 0 && linkType <= 0xFFFF && snaplen >= 0 && snaplen <= Integer.MAX_VALUE
        && writable(tsresol);
    return ok ? new InterfaceFormat((int) linkType, (int) snaplen, tsresol) : null;
  }

  /** A classic pcap file holds µs or ns timestamps only. */
  public boolean fitsPcap() {
    return tsresol == TSRESOL_US || tsresol == TSRESOL_NS;
  }

  /** Resolutions no finer than 1 ns. */
  static boolean writable(int tsresol) {
    return (tsresol >= 0 && tsresol <= 9) || (tsresol >= 0x80 && tsresol <= 0x80 + 29);
  }

  /** The interface as the reader sees it, for the timestamp conversion both share. */
  PcapngInterface asInterface() {
    return new PcapngInterface(linkType, snaplen, tsresol, 0);
  }
}

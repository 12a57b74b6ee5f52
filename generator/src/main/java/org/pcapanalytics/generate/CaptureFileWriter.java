package org.pcapanalytics.generate;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes packet records in one container format. Implementations keep no per-packet objects.
 */
interface CaptureFileWriter {
  /** Writes the file header (pcap) or the first section header and interface blocks (pcapng). */
  void begin() throws IOException;

  /**
   * Called before each packet is built: a pcapng writer may start a new section here. Returns the byte order
   * the next packet will be written in, so that payloads imitating the container can use it.
   */
  ByteOrder beginPacket() throws IOException;

  /**
   * Writes one packet record.
   *
   * @param iface   interface index (0 for pcap)
   * @param tsNs    capture time, ns since the epoch
   * @param frame   frame bytes; the first {@code caplen} are written
   * @param caplen  captured length
   * @param wirelen original length
   * @return the timestamp as a reader reconstructs it from the file (ns since the epoch)
   */
  long writePacket(int iface, long tsNs, byte[] frame, int caplen, int wirelen) throws IOException;

  /** Writes trailing blocks (pcapng statistics) and flushes; does not close the underlying stream. */
  void finish() throws IOException;

  /** Bytes of the file so far. */
  long position();

  /** Interfaces of a section (the same in every section). */
  List<CaptureInterface> interfaces();

  /** Number of blocks written that are not packets (pcapng SHB, IDB, NRB, ISB, custom); 0 for pcap. */
  long nonPacketBlocks();

  /** Number of sections (pcapng SHBs); 1 for pcap. */
  int sections();
}

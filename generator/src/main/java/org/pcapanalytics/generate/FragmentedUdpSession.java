package org.pcapanalytics.generate;

import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * One large UDP datagram (to the discard port) sent as IPv4 fragments of at most 1480 data bytes: the first
 * carries the UDP header, offsets are multiples of 8, MF is set on all but the last.
 */
final class FragmentedUdpSession extends Session {
  private final int client;
  private final int target;
  private final int ipId;
  private final int datagramLength;
  private final byte[] datagram;
  private int offset;

  FragmentedUdpSession(GenContext c, long start, int client, int target) {
    super(c, start);
    Hosts h = c.hosts;
    this.client = client;
    this.target = target;
    this.ipId = c.rng.nextInt(65536);
    this.datagramLength = 8 + 1500 + c.rng.nextInt(6000);
    this.datagram = new byte[datagramLength];
    int sport = ephemeralPort(c);
    ByteWriter.put16(datagram, 0, sport);
    ByteWriter.put16(datagram, 2, 9);
    ByteWriter.put16(datagram, 4, datagramLength);
    c.fillBinary(datagram, 8, datagramLength - 8);
    long sum = Checksums.add(0, datagram, 0, datagramLength);
    sum = Checksums.add(sum, h.addr[client], 0, 4);
    sum = Checksums.add(sum, h.addr[target], 0, 4);
    sum += FrameBuilder.PROTO_UDP + datagramLength;
    int csum = Checksums.fold(sum);
    ByteWriter.put16(datagram, 6, csum == 0 ? 0xFFFF : csum);
    maybeTag(c, client);
    estRemaining = datagramLength + 6 * 60L;
  }

  @Override
  void step(GenContext c) {
    FrameBuilder fb = c.fb;
    Hosts h = c.hosts;
    int len = Math.min(1480, datagramLength - offset);
    boolean more = offset + len < datagramLength;
    int off = begin(c, client, target, FrameBuilder.ETH_IPV4);
    off = fb.ipv4Fragment(off, h.addr[client], h.addr[target], FrameBuilder.PROTO_UDP, 64, ipId, 0, offset, more);
    System.arraycopy(datagram, offset, fb.buf, off, len);
    long seen = c.emit(this, fb.finish(off + len, false), client, target);
    c.summary.add(Counter.IPV4_FRAGMENTS);
    if (offset == 0) {
      c.summary.connectionStart(seen, false);
      c.summary.add(Counter.UDP_FLOWS);
      c.summary.add(Counter.FRAGMENTED_DATAGRAMS);
    }
    offset += len;
    if (!more) {
      done = true;
    } else {
      next += (long) (len * 8.0) + c.rng.nextInt(5_000);
    }
  }
}

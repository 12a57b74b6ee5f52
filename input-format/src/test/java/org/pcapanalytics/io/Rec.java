package org.pcapanalytics.io;

import java.util.Arrays;

/** An immutable copy of a {@link PacketRecord}, for comparing reads. */
final class Rec {
  final long offset;
  final Long ts;
  final int caplen;
  final int wirelen;
  final int iface;
  final int linkType;
  final byte[] data;

  Rec(PacketRecord r) {
    offset = r.offset();
    ts = r.hasTimestamp() ? r.timestampNanos() : null;
    caplen = r.caplen();
    wirelen = r.wirelen();
    iface = r.interfaceId();
    linkType = r.linkType();
    data = r.copyData();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Rec)) return false;
    Rec r = (Rec) o;
    return offset == r.offset && java.util.Objects.equals(ts, r.ts) && caplen == r.caplen && wirelen == r.wirelen
        && iface == r.iface && linkType == r.linkType && Arrays.equals(data, r.data);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Rec@" + offset + "{ts=" + ts + ", caplen=" + caplen + ", wirelen=" + wirelen + ", if=" + iface + ", lt="
        + linkType + "}";
  }
}

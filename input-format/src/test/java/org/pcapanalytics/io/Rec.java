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

  /** The first difference between two record lists, briefly. */
  static String diff(java.util.List<Rec> expected, java.util.List<Rec> actual) {
    int n = Math.min(expected.size(), actual.size());
    for (int i = 0; i < n; i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return "record " + i + " expected " + expected.get(i) + " but was " + actual.get(i) + " (" + expected.size()
            + " vs " + actual.size() + " records)";
      }
    }
    return "expected " + expected.size() + " records but was " + actual.size();
  }

  @Override
  public String toString() {
    return "Rec@" + offset + "{ts=" + ts + ", caplen=" + caplen + ", wirelen=" + wirelen + ", if=" + iface + ", lt="
        + linkType + "}";
  }
}

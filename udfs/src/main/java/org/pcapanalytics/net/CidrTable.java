package org.pcapanalytics.net;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of networks, each with a label (the entry as the user wrote it), answering
 * "which is the most specific network containing this address" without allocating: per prefix
 * length present, a sorted array of network bases searched by binary search, longest prefix
 * first. An IPv4-mapped IPv6 address is looked up among the IPv4 networks first, then among the
 * IPv6 ones (see {@link Cidr} for the family rule).
 */
public final class CidrTable implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Prefix lengths present, longest first, each with its sorted bases and labels. */
  private final Level[] v4;
  private final Level[] v6;
  private final List<Cidr> networks;
  private final List<String> labels;

  private static final class Level implements Serializable {
    private static final long serialVersionUID = 1L;
    final long maskHi;
    final long maskLo;
    final long[] his;
    final long[] los;
    final String[] labels;

    Level(long maskHi, long maskLo, long[] his, long[] los, String[] labels) {
      this.maskHi = maskHi;
      this.maskLo = maskLo;
      this.his = his;
      this.los = los;
      this.labels = labels;
    }

    String find(long hi, long lo) {
      hi &= maskHi;
      lo &= maskLo;
      int a = 0;
      int b = his.length - 1;
      while (a <= b) {
        int m = (a + b) >>> 1;
        int c = Long.compareUnsigned(his[m], hi);
        if (c == 0) c = Long.compareUnsigned(los[m], lo);
        if (c == 0) return labels[m];
        if (c < 0) a = m + 1;
        else b = m - 1;
      }
      return null;
    }
  }

  private CidrTable(Level[] v4, Level[] v6, List<Cidr> networks, List<String> labels) {
    this.v4 = v4;
    this.v6 = v6;
    this.networks = networks;
    this.labels = labels;
  }

  /** Parses each entry (must be valid; see {@link Cidr#problem}) and labels it with its text. */
  public static CidrTable parse(String... entries) {
    Builder b = new Builder();
    for (String e : entries) {
      Cidr c = Cidr.parse(e);
      if (c == null) throw new IllegalArgumentException(Cidr.problem(e));
      b.add(c, e);
    }
    return b.build();
  }

  public static final class Builder {
    // Canonical network -> label; the first label given for a network wins.
    private final Map<Cidr, String> entries = new LinkedHashMap<>();

    public Builder add(Cidr cidr, String label) {
      entries.putIfAbsent(cidr, label);
      return this;
    }

    public CidrTable build() {
      TreeMap<Integer, List<Map.Entry<Cidr, String>>> byLen4 = new TreeMap<>(Collections.reverseOrder());
      TreeMap<Integer, List<Map.Entry<Cidr, String>>> byLen6 = new TreeMap<>(Collections.reverseOrder());
      for (Map.Entry<Cidr, String> e : entries.entrySet()) {
        (e.getKey().version() == 4 ? byLen4 : byLen6).computeIfAbsent(e.getKey().prefix(), k -> new ArrayList<>()).add(e);
      }
      return new CidrTable(levels(byLen4), levels(byLen6), List.copyOf(entries.keySet()), List.copyOf(entries.values()));
    }

    private static Level[] levels(TreeMap<Integer, List<Map.Entry<Cidr, String>>> byLen) {
      Level[] out = new Level[byLen.size()];
      int k = 0;
      for (List<Map.Entry<Cidr, String>> list : byLen.values()) {
        list.sort((x, y) -> {
          int c = Long.compareUnsigned(x.getKey().baseHi(), y.getKey().baseHi());
          return c != 0 ? c : Long.compareUnsigned(x.getKey().baseLo(), y.getKey().baseLo());
        });
        int n = list.size();
        long[] his = new long[n];
        long[] los = new long[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
          his[i] = list.get(i).getKey().baseHi();
          los[i] = list.get(i).getKey().baseLo();
          labels[i] = list.get(i).getValue();
        }
        Cidr first = list.get(0).getKey();
        out[k++] = new Level(first.maskHi(), first.maskLo(), his, los, labels);
      }
      return out;
    }
  }

  /** The label of the most specific network containing {@code a}, or {@code null}. */
  public String match(IpAddress a) {
    if (a == null) return null;
    long v4value = a.ipv4Value();
    if (v4value >= 0) {
      for (Level l : v4) {
        String s = l.find(0, v4value);
        if (s != null) return s;
      }
    }
    if (a.isIpv6()) {
      for (Level l : v6) {
        String s = l.find(a.hi(), a.lo());
        if (s != null) return s;
      }
    }
    return null;
  }

  public boolean contains(IpAddress a) {
    return match(a) != null;
  }

  /** Parses {@code ip} (see {@link IpAddress#parse}) and looks it up; {@code null} if invalid. */
  public Boolean contains(String ip) {
    IpAddress a = IpAddress.parse(ip);
    return a == null ? null : match(a) != null;
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  /** The distinct networks, in the order given. */
  public List<Cidr> networks() {
    return networks;
  }

  /** The labels, parallel to {@link #networks()}. */
  public List<String> labels() {
    return labels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrTable t && t.networks.equals(networks) && t.labels.equals(labels);
  }

  @Override
  public int hashCode() {
    return networks.hashCode();
  }

  @Override
  public String toString() {
    return Arrays.toString(labels.toArray());
  }
}

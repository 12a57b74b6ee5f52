package org.pcapanalytics.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The host population, addressed by integer id: internal hosts (10.x, 192.168.x, fd00::/8, 2001:db8::/32)
 * behind one router, and external servers. Everything per host is precomputed so that building a frame
 * allocates nothing.
 */
final class Hosts {
  /** The router every external address is reached through (a VRRP virtual MAC). */
  static final long ROUTER_MAC = 0x00_00_5e_00_01_01L;
  static final long BROADCAST_MAC = 0xFF_FF_FF_FF_FF_FFL;

  private static final long[] OUIS = {0x001b21L, 0x3c22fbL, 0xf48e38L, 0x001517L, 0xa4bb6dL, 0x005056L};
  private static final int[] PUBLIC_V4_FIRST_OCTETS = {
    3, 8, 13, 18, 23, 31, 34, 35, 37, 45, 46, 52, 54, 62, 64, 66, 69, 72, 74, 77, 78, 80, 81, 82, 85, 87, 88,
    91, 93, 95, 104, 107, 108, 128, 130, 137, 138, 140, 142, 143, 145, 146, 151, 152, 155, 157, 160, 162, 163,
    170, 172, 173, 176, 178, 185, 188, 193, 194, 195, 199, 205, 207, 208, 209, 212, 213, 216, 217,
  };

  final byte[][] addr;
  final String[] text;
  final long[] mac;
  final boolean[] internal;
  final boolean[] v6;
  /** 802.1Q id of the host's access VLAN (internal hosts), 0 if untagged. */
  final int[] vlan;

  final int[] internalV4;
  final int[] internalV6;
  final int[] externalV4;
  final int[] externalV6;
  /** The few internal hosts that move most of the bytes. */
  final int[] heavyV4;
  final int[] heavyV6;
  /** Internal file/backup servers reached with jumbo frames. */
  final int[] fileServersV4;
  final int[] fileServersV6;
  final int resolverV4;
  final int resolverV6;
  final int publicResolverV4;
  final int gatewayV4;

  private final List<byte[]> addrList = new ArrayList<>();
  private final List<Boolean> internalList = new ArrayList<>();
  private final List<Integer> vlanList = new ArrayList<>();
  private final List<Long> macList = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  Hosts(SplittableRandom r) {
    gatewayV4 = add(v4(10, 0, 0, 1), true, 0, ROUTER_MAC);
    resolverV4 = add(v4(10, 0, 0, 53), true, 0, randomMac(r));
    resolverV6 = add(v6(0xfd12_3456_789a_0001L, 0x53), true, 0, macList.get(resolverV4));
    publicResolverV4 = add(v4(9, 9, 9, 9), false, 0, 0);
    int[] fs = new int[4];
    for (int i = 0; i < fs.length; i++) {
      fs[i] = add(v4(10, 0, 0, 10 + i), true, 0, randomMac(r));
    }
    fileServersV4 = fs;
    fileServersV6 = new int[] {add(v6(0xfd12_3456_789a_0001L, 0x10), true, 0, macList.get(fs[0]))};

    List<Integer> inV4 = new ArrayList<>();
    int[][] subnets = {{10, 1, 10}, {10, 2, 20}, {10, 3, 30}, {192, 168, 40}};
    for (int i = 0; i < 320; i++) {
      int[] sn = subnets[r.nextInt(subnets.length)];
      byte[] a = sn[0] == 192 ? v4(192, 168, r.nextInt(4), 2 + r.nextInt(250))
          : v4(sn[0], sn[1], r.nextInt(8), 2 + r.nextInt(250));
      int id = add(a, true, sn[2], randomMac(r));
      if (id >= 0) {
        inV4.add(id);
      }
    }
    List<Integer> inV6 = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long prefix = i % 2 == 0 ? 0xfd12_3456_789a_0010L : 0x2001_0db8_0100_0010L;
      int id = add(v6(prefix + r.nextInt(4), r.nextLong() & 0x0FFF_FFFF_FFFF_FFFFL | 0x0200_0000_0000_0000L),
          true, 10 + 10 * r.nextInt(3), randomMac(r));
      if (id >= 0) {
        inV6.add(id);
      }
    }
    List<Integer> exV4 = new ArrayList<>();
    while (exV4.size() < 3000) {
      int first = PUBLIC_V4_FIRST_OCTETS[r.nextInt(PUBLIC_V4_FIRST_OCTETS.length)];
      int second = r.nextInt(256);
      if ((first == 172 && second >= 16 && second < 32)) {
        continue;
      }
      int id = add(v4(first, second, r.nextInt(256), 1 + r.nextInt(254)), false, 0, 0);
      if (id >= 0) {
        exV4.add(id);
      }
    }
    List<Integer> exV6 = new ArrayList<>();
    long[] v6Prefixes = {0x2600_1f18_0000_0000L, 0x2a00_1450_4001_0000L, 0x2606_4700_0000_0000L,
      0x2a03_2880_f000_0000L, 0x2620_0000_1c00_0000L, 0x2001_4860_4802_0000L};
    while (exV6.size() < 400) {
      long p = v6Prefixes[r.nextInt(v6Prefixes.length)] | (r.nextInt(0x10000) & 0xFFFFL);
      long iid = r.nextInt(4) == 0 ? 1 + r.nextInt(0x200) : r.nextLong();
      int id = add(v6(p, iid), false, 0, 0);
      if (id >= 0) {
        exV6.add(id);
      }
    }
    int n = addrList.size();
    addr = addrList.toArray(new byte[0][]);
    text = new String[n];
    mac = new long[n];
    internal = new boolean[n];
    v6 = new boolean[n];
    vlan = new int[n];
    for (int i = 0; i < n; i++) {
      text[i] = IpText.format(addr[i]);
      mac[i] = macList.get(i);
      internal[i] = internalList.get(i);
      v6[i] = addr[i].length == 16;
      vlan[i] = vlanList.get(i);
    }
    internalV4 = toArray(inV4);
    internalV6 = toArray(inV6);
    externalV4 = toArray(exV4);
    externalV6 = toArray(exV6);
    heavyV4 = Arrays.copyOf(internalV4, 4);
    heavyV6 = Arrays.copyOf(internalV6, 2);
    addrList.clear();
    seen.clear();
  }

  int count() {
    return addr.length;
  }

  /** MAC address a frame from or to this host carries on the local segment. */
  long macOf(int host) {
    return internal[host] ? mac[host] : ROUTER_MAC;
  }

  /** An internal client, skewed so that a minority of hosts starts most sessions. */
  int pickClient(SplittableRandom r, boolean ipv6) {
    int[] pool = ipv6 ? internalV6 : internalV4;
    double u = r.nextDouble();
    return pool[(int) (pool.length * u * u * u)];
  }

  /** An external server, skewed towards popular ones. */
  int pickExternal(SplittableRandom r, boolean ipv6) {
    int[] pool = ipv6 ? externalV6 : externalV4;
    double u = r.nextDouble();
    return pool[(int) (pool.length * u * u * u)];
  }

  /** Name records for the pcapng NRB: the resolvers and file servers. */
  List<NameRecord> nameRecords() {
    List<NameRecord> l = new ArrayList<>();
    l.add(new NameRecord(addr[gatewayV4], "gw.corp.example"));
    l.add(new NameRecord(addr[resolverV4], "ns1.corp.example"));
    l.add(new NameRecord(addr[resolverV6], "ns1.corp.example"));
    l.add(new NameRecord(addr[publicResolverV4], "dns.quad9.net"));
    for (int i = 0; i < fileServersV4.length; i++) {
      l.add(new NameRecord(addr[fileServersV4[i]], "fs" + (i + 1) + ".corp.example"));
    }
    l.add(new NameRecord(addr[fileServersV6[0]], "fs1.corp.example"));
    return l;
  }

  private int add(byte[] a, boolean isInternal, int vlanId, long macAddr) {
    if (!seen.add(Arrays.toString(a))) {
      return -1;
    }
    addrList.add(a);
    internalList.add(isInternal);
    vlanList.add(vlanId);
    macList.add(macAddr);
    return addrList.size() - 1;
  }

  private static long randomMac(SplittableRandom r) {
    return (OUIS[r.nextInt(OUIS.length)] << 24) | r.nextInt(1 << 24);
  }

  private static byte[] v4(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  private static byte[] v6(long high, long low) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (high >>> (56 - 8 * i));
      b[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return b;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}

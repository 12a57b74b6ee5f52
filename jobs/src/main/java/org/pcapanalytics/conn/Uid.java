package org.pcapanalytics.conn;

import java.nio.charset.StandardCharsets;

/**
 * Connection uids in Zeek's style ("C" and 17 base-62 characters), but deterministic: a 101-bit
 * hash of the protocol, both endpoints, the VLAN stack and the start time. The same capture gives
 * the same uids however it is split into files and partitions.
 */
final class Uid {
  private static final char[] B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private Uid() {}

  static String of(String proto, String origIp, int origPort, String respIp, int respPort, Object vlan, long startNs) {
    String s = proto + '|' + origIp + '|' + origPort + '|' + respIp + '|' + respPort + '|' + vlan + '|' + startNs;
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long h1 = 0xcbf29ce484222325L; // FNV-1a
    long h2 = 0x9E3779B97F4A7C15L;
    for (byte x : b) {
      h1 = (h1 ^ (x & 0xFF)) * 0x100000001b3L;
      h2 = mix(h2 + (x & 0xFF));
    }
    h1 = mix(h1);
    h2 = mix(h2 ^ h1);
    char[] out = new char[18];
    out[0] = 'C';
    for (int i = 1; i < 18; i++) {
      long src = i <= 9 ? h1 : h2;
      out[i] = B62[(int) Long.remainderUnsigned(src, 62)];
      if (i <= 9) h1 = Long.divideUnsigned(h1, 62);
      else h2 = Long.divideUnsigned(h2, 62);
    }
    return new String(out);
  }

  /** The finaliser of SplitMix64. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

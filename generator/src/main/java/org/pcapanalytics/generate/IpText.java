package org.pcapanalytics.generate;

/** Text forms of addresses as tshark prints them: dotted IPv4 and RFC 5952 IPv6. */
final class IpText {
  private IpText() {
  }

  static String format(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }
    if (a.length != 16) {
      throw new IllegalArgumentException("address length " + a.length);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
    }
    // longest run of two or more zero groups, the first one on a tie (RFC 5952 section 4.2)
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF;
    StringBuilder sb = new StringBuilder(39);
    int last = mapped ? 6 : 8;
    for (int i = 0; i < last; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    if (mapped) {
      if (sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(a[12] & 0xFF).append('.').append(a[13] & 0xFF).append('.')
          .append(a[14] & 0xFF).append('.').append(a[15] & 0xFF);
    }
    return sb.toString();
  }
}

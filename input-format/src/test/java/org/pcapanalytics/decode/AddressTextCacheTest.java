package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The cache gives exactly AddressFormat's text, for hits, misses, evictions and look-alike addresses. */
class AddressTextCacheTest {
  @Test
  void sameTextAsFormattingEveryTime() {
    AddressTextCache cache = new AddressTextCache();
    SplittableRandom rnd = new SplittableRandom(3);
    long[][] pool = new long[20_000][];
    for (int i = 0; i < pool.length; i++) {
      boolean v6 = rnd.nextInt(3) == 0;
      pool[i] = new long[] {v6 ? 6 : 4, v6 ? rnd.nextLong() & (rnd.nextBoolean() ? -1L : 0xFFFFL) : 0,
          v6 ? rnd.nextLong() : rnd.nextLong() & 0xFFFF_FFFFL};
    }
    byte[] scratch = new byte[AddressFormat.MAX_IPV6];
    for (int k = 0; k < 200_000; k++) {
      long[] a = pool[rnd.nextInt(k < 100_000 ? 300 : pool.length)]; // hot set first, then evictions
      int n = a[0] == 4 ? AddressFormat.ipv4(a[2], scratch, 0) : AddressFormat.ipv6(a[1], a[2], scratch, 0);
      assertArrayEquals(java.util.Arrays.copyOf(scratch, n), cache.text((int) a[0], a[1], a[2]));
    }
  }

  @Test
  void versionIsPartOfTheKey() {
    AddressTextCache cache = new AddressTextCache();
    // 10.1.2.3 and the IPv4-compatible IPv6 address ::10.1.2.3 have the same 128-bit value
    assertEquals("10.1.2.3", new String(cache.text(4, 0, 0x0A010203L), StandardCharsets.US_ASCII));
    assertEquals("::10.1.2.3", new String(cache.text(6, 0, 0x0A010203L), StandardCharsets.US_ASCII));
    assertEquals("10.1.2.3", new String(cache.text(4, 0, 0x0A010203L), StandardCharsets.US_ASCII));
    assertNull(cache.text(0, 0, 0));
    assertSame(cache.text(4, 0, 0x0A010203L), cache.text(4, 0, 0x0A010203L), "a hit returns the cached text");
  }
}

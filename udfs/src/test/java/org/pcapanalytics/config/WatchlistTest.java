package org.pcapanalytics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WatchlistTest {
  private static final Watchlist W = Watchlist.builder()
      .addDomain("evil.example")
      .addDomain("*.bad.example")
      .addDomain(".worse.example")
      .addDomain("deep.evil.example")
      .addDomain("  Mixed.CASE.example.  ")
      .addAddress("203.0.113.0/24")
      .addAddress("203.0.113.66")
      .addAddress("2001:db8:bad::/48")
      .build();

  @Test
  void exactAndSuffix() {
    assertEquals("evil.example", W.matchDomain("evil.example"));
    assertEquals("evil.example", W.matchDomain("a.evil.example"));
    assertEquals("evil.example", W.matchDomain("x.y.z.evil.example"));
    assertEquals("evil.example", W.matchDomain("A.EVIL.Example.")); // case and trailing dot ignored
    assertEquals("deep.evil.example", W.matchDomain("a.deep.evil.example")); // most specific wins
    assertEquals("deep.evil.example", W.matchDomain("deep.evil.example"));
    assertEquals("Mixed.CASE.example.", W.matchDomain("www.mixed.case.example")); // reported as written
  }

  @Test
  void wholeLabelsOnly() {
    assertNull(W.matchDomain("notevil.example"));
    assertNull(W.matchDomain("evil.example.com"));
    assertNull(W.matchDomain("evilexample"));
    assertNull(W.matchDomain("example"));
    assertNull(W.matchDomain("xevil.example"));
  }

  @Test
  void subdomainsOnlyEntries() {
    assertNull(W.matchDomain("bad.example"));
    assertEquals("*.bad.example", W.matchDomain("a.bad.example"));
    assertEquals("*.bad.example", W.matchDomain("a.b.bad.example"));
    assertNull(W.matchDomain("worse.example"));
    assertEquals(".worse.example", W.matchDomain("w.worse.example"));
  }

  @Test
  void badNames() {
    assertNull(W.matchDomain(null));
    assertNull(W.matchDomain(""));
    assertNull(W.matchDomain("."));
    assertNull(W.matchDomain("a..evil.example"));
  }

  @Test
  void addresses() {
    assertEquals("203.0.113.66", W.matchAddress("203.0.113.66"));
    assertEquals("203.0.113.0/24", W.matchAddress("203.0.113.65"));
    assertEquals("203.0.113.0/24", W.matchAddress("::ffff:203.0.113.1"));
    assertEquals("2001:db8:bad::/48", W.matchAddress("2001:db8:bad:1::1"));
    assertNull(W.matchAddress("2001:db8:bae::1"));
    assertNull(W.matchAddress("garbage"));
    assertNull(W.matchAddress((String) null));
    assertNull(Watchlist.empty().matchAddress("1.2.3.4"));
    assertNull(Watchlist.empty().matchDomain("evil.example"));
  }

  @Test
  void invalidEntries() {
    Watchlist.Builder b = Watchlist.builder();
    assertThrows(IllegalArgumentException.class, () -> b.addDomain(""));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("*."));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("."));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("a..b"));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("*evil.example"));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("a.*.example"));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("evil example"));
    assertThrows(IllegalArgumentException.class, () -> b.addDomain("http://evil.example/"));
    assertThrows(IllegalArgumentException.class, () -> b.addAddress("10.0.0.0/33"));
    assertThrows(IllegalArgumentException.class, () -> b.addAddress("evil.example"));
  }
}

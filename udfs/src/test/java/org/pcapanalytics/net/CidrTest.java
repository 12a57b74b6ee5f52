package org.pcapanalytics.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  private static boolean in(String ip, String cidr) {
    return Cidr.parse(cidr).contains(IpAddress.parse(ip));
  }

  @Test
  void ipv4() {
    assertTrue(in("10.1.2.3", "10.0.0.0/8"));
    assertFalse(in("11.1.2.3", "10.0.0.0/8"));
    assertTrue(in("172.31.255.255", "172.16.0.0/12"));
    assertFalse(in("172.32.0.0", "172.16.0.0/12"));
    assertTrue(in("1.2.3.4", "0.0.0.0/0"));
    assertTrue(in("255.255.255.255", "0.0.0.0/0"));
    assertTrue(in("1.2.3.4", "1.2.3.4/32"));
    assertFalse(in("1.2.3.5", "1.2.3.4/32"));
    assertTrue(in("1.2.3.4", "1.2.3.4")); // bare address = /32
  }

  @Test
  void nonCanonicalBaseIsMasked() {
    Cidr c = Cidr.parse("10.1.2.3/8");
    assertEquals("10.0.0.0/8", c.toString());
    assertTrue(c.contains(IpAddress.parse("10.200.0.1")));
    assertEquals("2001:db8::/32", Cidr.parse("2001:db8:1:2::5/32").toString());
    assertEquals("0.0.0.0/0", Cidr.parse("1.2.3.4/0").toString());
    assertEquals(Cidr.parse("10.0.0.0/8"), c);
  }

  @Test
  void ipv6() {
    assertTrue(in("2001:db8::1", "2001:db8::/32"));
    assertFalse(in("2001:db9::1", "2001:db8::/32"));
    assertTrue(in("::", "::/0"));
    assertTrue(in("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0"));
    assertTrue(in("::1", "::1/128"));
    assertFalse(in("::2", "::1/128"));
    assertTrue(in("fe80::1%eth0", "fe80::/10"));
    assertTrue(in("febf:ffff::1", "fe80::/10"));
    assertFalse(in("fec0::1", "fe80::/10"));
    // prefixes crossing the 64-bit halves
    assertTrue(in("2001:db8:0:0:8000::1", "2001:db8::8000:0:0:0/65"));
    assertFalse(in("2001:db8:0:0:7fff::1", "2001:db8::8000:0:0:0/65"));
    assertTrue(in("2001:db8::ff", "2001:db8::/120"));
    assertFalse(in("2001:db8::1ff", "2001:db8::/120"));
  }

  @Test
  void familyRule() {
    assertTrue(in("::ffff:10.1.2.3", "10.0.0.0/8")); // IPv4-mapped matches IPv4 networks
    assertTrue(in("::ffff:10.1.2.3", "::ffff:0:0/96")); // and IPv6 networks
    assertTrue(in("::ffff:10.1.2.3", "::/0"));
    assertFalse(in("10.1.2.3", "::/0")); // plain IPv4 never inside an IPv6 network
    assertFalse(in("10.1.2.3", "::ffff:0:0/96"));
    assertFalse(in("2001:db8::1", "0.0.0.0/0"));
    assertFalse(in("::10.1.2.3", "10.0.0.0/8")); // IPv4-compatible is not mapped
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/08",
      "10.0.0.0/8/8", "10.0.0.0 /8", "::/129", "::/1000", "fe80::%eth0/64", "10.0.0/8", "x/8", "10.0.0.0/a"})
  void invalid(String s) {
    assertNull(Cidr.parse(s), s);
  }

  @Test
  void problems() {
    assertEquals("bad prefix length \"33\" (0-32 for IPv4)", Cidr.problem("10.0.0.0/33"));
    assertEquals("bad prefix length \"129\" (0-128 for IPv6)", Cidr.problem("::/129"));
    assertEquals("not an IPv4 or IPv6 address: \"10.0.0\"", Cidr.problem("10.0.0/8"));
    assertNull(Cidr.problem("::/0"));
  }

  @Test
  void tableLongestPrefixWins() {
    CidrTable t = CidrTable.parse("10.0.0.0/8", "10.1.0.0/16", "10.1.2.3", "2001:db8::/32", "2001:db8:1::/48",
        "::ffff:0:0/96", "0.0.0.0/0");
    assertEquals("10.1.2.3", t.match(IpAddress.parse("10.1.2.3")));
    assertEquals("10.1.0.0/16", t.match(IpAddress.parse("10.1.2.4")));
    assertEquals("10.0.0.0/8", t.match(IpAddress.parse("10.2.0.1")));
    assertEquals("0.0.0.0/0", t.match(IpAddress.parse("8.8.8.8")));
    assertEquals("2001:db8:1::/48", t.match(IpAddress.parse("2001:db8:1::1")));
    assertEquals("2001:db8::/32", t.match(IpAddress.parse("2001:db8:2::1")));
    assertNull(t.match(IpAddress.parse("2001:db9::1")));
    assertEquals("10.1.0.0/16", t.match(IpAddress.parse("::ffff:10.1.9.9"))); // IPv4 networks first
    assertNull(t.match(null));
    assertNull(t.contains("garbage"));
    assertTrue(t.contains("10.9.9.9"));
  }

  @Test
  void tableManyEntries() {
    CidrTable.Builder b = new CidrTable.Builder();
    for (int i = 0; i < 1000; i++) b.add(Cidr.parse("10." + (i % 250) + "." + (i / 250) + ".0/24"), "n" + i);
    CidrTable t = b.build();
    for (int i = 0; i < 1000; i++) {
      assertEquals("n" + i, t.match(IpAddress.parse("10." + (i % 250) + "." + (i / 250) + ".77")));
    }
    assertNull(t.match(IpAddress.parse("10.0.9.1")));
  }

  @Test
  void tableKeepsFirstLabelOfDuplicateNetworks() {
    CidrTable t = CidrTable.parse("10.1.2.3/8", "10.0.0.0/8");
    assertEquals(1, t.networks().size());
    assertEquals("10.1.2.3/8", t.match(IpAddress.parse("10.0.0.1")));
  }
}

package org.pcapanalytics.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @Test
  void ipv4() {
    IpAddress a = IpAddress.parse("10.1.2.3");
    assertEquals(4, a.version());
    assertEquals(0x0A010203L, a.lo());
    assertEquals("10.1.2.3", a.toString());
    assertEquals(0xFFFF_FFFFL, IpAddress.parse("255.255.255.255").lo());
    assertEquals(0, IpAddress.parse("0.0.0.0").lo());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01.2.3.4", "1.2.3.04", "1..2.3",
      "1.2.3.4.", ".1.2.3.4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/32", "1.2.3.4%eth0", "1.2.3.4444", "a.b.c.d",
      "1.2.3.0x1", "1234.1.1.1",
      ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7:8::",
      "::1:2:3:4:5:6:7:8", ":1::", "1::2:", "1:", "[::1]", "fe80::1%", "::1.2.3", "::1.2.3.4.5", "::256.1.1.1",
      "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "::ffff:01.2.3.4", "gggg::"})
  void invalid(String s) {
    assertNull(IpAddress.parse(s), s);
  }

  @Test
  void nullInput() {
    assertNull(IpAddress.parse(null));
    assertNull(IpAddress.parseNoZone(null));
  }

  @Test
  void ipv6Forms() {
    assertEquals(IpAddress.ofIpv6(0, 0), IpAddress.parse("::"));
    assertEquals(IpAddress.ofIpv6(0, 1), IpAddress.parse("::1"));
    assertEquals(IpAddress.ofIpv6(0x20010db800000000L, 1), IpAddress.parse("2001:db8::1"));
    assertEquals(IpAddress.parse("2001:db8::1"), IpAddress.parse("2001:0DB8:0000:0000:0000:0000:0000:0001"));
    assertEquals(IpAddress.parse("1:0:0:0:0:0:0:0"), IpAddress.parse("1::"));
    assertEquals(IpAddress.parse("1:2:3:4:5:6:7:0"), IpAddress.parse("1:2:3:4:5:6:7::"));
    assertEquals(IpAddress.parse("0:2:3:4:5:6:7:8"), IpAddress.parse("::2:3:4:5:6:7:8"));
    IpAddress full = IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    assertEquals(-1L, full.hi());
    assertEquals(-1L, full.lo());
    assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", full.toString());
  }

  @Test
  void zoneIdIsDropped() {
    IpAddress a = IpAddress.parse("fe80::1%eth0");
    assertEquals(IpAddress.parse("fe80::1"), a);
    assertNull(IpAddress.parseNoZone("fe80::1%eth0"));
    assertEquals(IpAddress.parse("fe80::1"), IpAddress.parse("fe80::1%25"));
    assertEquals(IpAddress.parse("1::2"), IpAddress.parse("1::2%eth0%x/")); // zones are opaque text
  }

  @Test
  void ipv4Mapped() {
    IpAddress m = IpAddress.parse("::ffff:10.1.2.3");
    assertEquals(6, m.version());
    assertTrue(m.isIpv4Mapped());
    assertEquals(0x0A010203L, m.ipv4Value());
    assertEquals("::ffff:10.1.2.3", m.toString());
    assertEquals(m, IpAddress.parse("::ffff:a01:203"));
    assertEquals(m, IpAddress.parse("0:0:0:0:0:ffff:10.1.2.3"));
    assertFalse(IpAddress.parse("::10.1.2.3").isIpv4Mapped()); // deprecated IPv4-compatible form
    assertEquals(-1, IpAddress.parse("::1").ipv4Value());
  }

  @Test
  void rfc5952Text() {
    assertEquals("::", IpAddress.parse("0:0:0:0:0:0:0:0").toString());
    assertEquals("::1", IpAddress.parse("0:0:0:0:0:0:0:1").toString());
    assertEquals("2001:db8::1", IpAddress.parse("2001:DB8:0:0:0:0:0:1").toString());
    assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.parse("2001:db8:0:1:1:1:1:1").toString()); // one 0 not compressed
    assertEquals("2001:0:0:1::1", IpAddress.parse("2001:0:0:1:0:0:0:1").toString()); // longest run
    assertEquals("2001:db8::1:0:0:1", IpAddress.parse("2001:db8:0:0:1:0:0:1").toString()); // first on tie
    assertEquals("1::", IpAddress.parse("1:0:0:0:0:0:0:0").toString());
  }

  @Test
  void agreesWithInetAddressOnRandomAddresses() throws Exception {
    Random r = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[16];
      r.nextBytes(b);
      // sprinkle zero groups so that "::" compression gets exercised
      for (int g = 0; g < 8; g++) {
        if (r.nextInt(3) == 0) {
          b[2 * g] = 0;
          b[2 * g + 1] = 0;
        }
      }
      InetAddress ia = InetAddress.getByAddress(b);
      String text = ia.getHostAddress(); // full form, e.g. 2001:db8:0:0:0:0:0:1
      IpAddress a = IpAddress.parse(text);
      assertNotNull(a, text);
      if (a.isIpv6()) {
        assertArrayEquals(b, a.toBytes(), text);
        assertEquals(a, IpAddress.parse(a.toString()), text);
        assertArrayEquals(b, InetAddress.getByName(a.toString()).getAddress(), a.toString());
      }
    }
  }

  @Test
  void numbersAndBytes() {
    assertEquals(new BigDecimal("167772161"), IpAddress.parse("10.0.0.1").toDecimal38());
    assertEquals(new BigDecimal("4294967295"), IpAddress.parse("255.255.255.255").toDecimal38());
    assertEquals(BigDecimal.ZERO, IpAddress.parse("::").toDecimal38());
    assertEquals(BigDecimal.ONE, IpAddress.parse("::1").toDecimal38());
    assertEquals(new BigDecimal("42540766411282592856903984951653826561"),
        IpAddress.parse("2001:db8::1").toDecimal38());
    assertEquals(new BigInteger("340282366920938463463374607431768211455"),
        IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").toBigInteger());
    // 39-digit values do not fit DECIMAL(38,0)
    assertNull(IpAddress.parse("fe80::1").toDecimal38());
    assertNull(IpAddress.parse("ff02::fb").toDecimal38());
    assertNull(IpAddress.parse("4b3b:4ca8:5a86:c47a:98a:2240::").toDecimal38()); // exactly 10^38
    assertNotNull(IpAddress.parse("4b3b:4ca8:5a86:c47a:98a:223f:ffff:ffff").toDecimal38());
    assertArrayEquals(new byte[] {10, 0, 0, 1}, IpAddress.parse("10.0.0.1").toBytes());
    assertEquals(16, IpAddress.parse("::ffff:10.0.0.1").toBytes().length);
  }

  @Test
  void ordering() {
    assertTrue(IpAddress.parse("255.255.255.255").compareTo(IpAddress.parse("::")) < 0);
    assertTrue(IpAddress.parse("9.0.0.0").compareTo(IpAddress.parse("10.0.0.0")) < 0);
    assertTrue(IpAddress.parse("7fff::").compareTo(IpAddress.parse("8000::")) < 0); // unsigned
    assertTrue(IpAddress.parse("::7fff:ffff:ffff:ffff").compareTo(IpAddress.parse("::8000:0:0:0")) < 0);
  }
}

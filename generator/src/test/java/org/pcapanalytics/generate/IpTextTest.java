package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class IpTextTest {
  private static String fmt(String literal) throws Exception {
    return IpText.format(InetAddress.getByName(literal).getAddress());
  }

  @Test
  void formatsIpv4Dotted() throws Exception {
    assertEquals("10.0.0.1", fmt("10.0.0.1"));
    assertEquals("255.255.255.255", fmt("255.255.255.255"));
  }

  @Test
  void formatsIpv6AsRfc5952() throws Exception {
    assertEquals("2001:db8::1", fmt("2001:0db8:0000:0000:0000:0000:0000:0001"));
    assertEquals("2001:db8:0:1:1:1:1:1", fmt("2001:db8:0:1:1:1:1:1")); // a single zero group stays
    assertEquals("2001:db8::1:0:0:1", fmt("2001:db8:0:0:1:0:0:1")); // first of equal runs
    assertEquals("2001:0:0:1::1", fmt("2001:0:0:1:0:0:0:1")); // longest run
    assertEquals("::", fmt("::"));
    assertEquals("::1", fmt("::1"));
    assertEquals("fd12:3456:789a:1::53", fmt("fd12:3456:789a:0001:0000:0000:0000:0053"));
    assertEquals("fe80::", fmt("fe80:0:0:0:0:0:0:0"));
    assertEquals("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", fmt("2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF"));
  }
}

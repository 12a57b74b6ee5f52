package org.pcapanalytics.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DomainNamesTest {

  @Test
  void normalize() {
    String lower = "www.example.com";
    assertSame(lower, DomainNames.normalize(lower)); // no copy when already normal
    assertEquals("www.example.com", DomainNames.normalize("WWW.Example.COM."));
    assertEquals("_ldap._tcp.dc._msdcs.corp", DomainNames.normalize("_ldap._tcp.dc._msdcs.corp"));
    assertEquals("xn--bcher-kva.example", DomainNames.normalize("xn--bcher-kva.example"));
    assertEquals("bücher.example", DomainNames.normalize("BÜCHER.example"));
    assertNull(DomainNames.normalize(null));
    assertNull(DomainNames.normalize(""));
    assertNull(DomainNames.normalize("."));
    assertNull(DomainNames.normalize("a..b"));
    assertNull(DomainNames.normalize(".a"));
    assertNull(DomainNames.normalize("a.."));
  }

  @Test
  void suffix() {
    assertEquals("example.com", DomainNames.suffix("a.b.Example.COM.", 2));
    assertEquals("com", DomainNames.suffix("a.b.example.com", 1));
    assertEquals("a.b.example.com", DomainNames.suffix("a.b.example.com", 4));
    assertEquals("a.b.example.com", DomainNames.suffix("a.b.example.com", 10));
    assertEquals("localhost", DomainNames.suffix("localhost", 2));
    assertNull(DomainNames.suffix("a.b", 0));
    assertNull(DomainNames.suffix("a.b", -1));
    assertNull(DomainNames.suffix(null, 2));
    assertNull(DomainNames.suffix("a..b", 1));
  }

  @Test
  void registeredDomain() {
    assertEquals("example.com", DomainNames.registeredDomain("www.example.com"));
    assertEquals("example.com", DomainNames.registeredDomain("a.b.c.EXAMPLE.com."));
    assertEquals("example.com", DomainNames.registeredDomain("example.com"));
    assertEquals("bbc.co.uk", DomainNames.registeredDomain("www.bbc.co.uk"));
    assertEquals("bbc.co.uk", DomainNames.registeredDomain("bbc.co.uk"));
    assertEquals("abc.net.au", DomainNames.registeredDomain("www.abc.net.au"));
    assertEquals("example.co.jp", DomainNames.registeredDomain("x.y.example.co.jp"));
    assertEquals("user.github.io", DomainNames.registeredDomain("docs.user.github.io"));
    assertEquals("bucket.s3.amazonaws.com", DomainNames.registeredDomain("a.bucket.s3.amazonaws.com"));
    assertEquals("amazonaws.com", DomainNames.registeredDomain("ec2.amazonaws.com"));
    assertEquals("host.corp", DomainNames.registeredDomain("a.host.corp"));
    // names that are public suffixes themselves
    assertNull(DomainNames.registeredDomain("com"));
    assertNull(DomainNames.registeredDomain("co.uk"));
    assertNull(DomainNames.registeredDomain("github.io"));
    assertNull(DomainNames.registeredDomain("s3.amazonaws.com"));
    assertNull(DomainNames.registeredDomain("localhost"));
    // invalid
    assertNull(DomainNames.registeredDomain(null));
    assertNull(DomainNames.registeredDomain(""));
    assertNull(DomainNames.registeredDomain("."));
    assertNull(DomainNames.registeredDomain("a..example.com"));
    // a "co" label not at a listed position is an ordinary label
    assertEquals("co.com", DomainNames.registeredDomain("www.co.com"));
  }

  @Test
  void suffixListIsSane() {
    assertTrue(PublicSuffixes.size() > 200);
    assertTrue(PublicSuffixes.isListed("co.uk"));
    assertTrue(PublicSuffixes.MAX_LABELS >= 3);
  }

  @Test
  void services() {
    assertEquals("https", Services.name("tcp", 443));
    assertEquals("https", Services.name(6, 443));
    assertEquals("https", Services.name("UDP", 443)); // QUIC
    assertEquals("dns", Services.name(17, 53));
    assertEquals("dns", Services.name("tcp", 53));
    assertEquals("http", Services.name("tcp", 80));
    assertEquals("ssh", Services.name("tcp", 22));
    assertEquals("ntp", Services.name("udp", 123));
    assertEquals("mdns", Services.name("udp", 5353));
    assertEquals("ms-wbt-server", Services.name("tcp", 3389));
    assertEquals("microsoft-ds", Services.name("tcp", 445));
    assertEquals("syslog", Services.name("udp", 514));
    assertEquals("shell", Services.name("tcp", 514));
    assertEquals("https", Services.name("6", 443));
    assertNull(Services.name("tcp", 5353)); // mDNS is UDP only
    assertEquals("tcpmux", Services.name("tcp", 1));
    assertNull(Services.name("tcp", 65536));
    assertNull(Services.name("tcp", -1));
    assertNull(Services.name("tcp", 12345));
    assertNull(Services.name("icmp", 0));
    assertNull(Services.name(1, 0));
    assertNull(Services.name("sctp", 443));
    assertNull(Services.name((String) null, 443));
    assertNull(Services.name("", 443));
    assertTrue(Services.size() >= 190);
  }
}

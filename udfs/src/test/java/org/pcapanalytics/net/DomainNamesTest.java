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
    assertEquals("host.corp", DomainNames.registeredDomain("a.host.corp")); // no listed suffix: last label
    assertEquals("example.org", DomainNames.registeredDomain("mail.co.example.org")); // "co" is an ordinary label here
    assertEquals("123.com", DomainNames.registeredDomain("www.123.com"));
    // names that are public suffixes themselves, single labels
    assertNull(DomainNames.registeredDomain("com"));
    assertNull(DomainNames.registeredDomain("co.uk"));
    assertNull(DomainNames.registeredDomain("localhost"));
    assertNull(DomainNames.registeredDomain("wpad."));
    // invalid
    assertNull(DomainNames.registeredDomain(null));
    assertNull(DomainNames.registeredDomain(""));
    assertNull(DomainNames.registeredDomain("."));
    assertNull(DomainNames.registeredDomain("a..example.com"));
  }

  @Test
  void registeredDomainMultiLabelSuffixes() {
    assertEquals("bbc.co.uk", DomainNames.registeredDomain("www.bbc.co.uk"));
    assertEquals("bbc.co.uk", DomainNames.registeredDomain("WWW.BBC.CO.UK.")); // case, trailing dot
    assertEquals("bbc.co.uk", DomainNames.registeredDomain("bbc.co.uk"));
    assertEquals("example.co.uk", DomainNames.registeredDomain("a.b.c.d.e.f.g.h.example.co.uk"));
    assertEquals("abc.net.au", DomainNames.registeredDomain("www.abc.net.au"));
    assertEquals("example.com.au", DomainNames.registeredDomain("shop.example.com.au"));
    assertEquals("example.co.jp", DomainNames.registeredDomain("x.y.example.co.jp"));
    assertEquals("example.gov.br", DomainNames.registeredDomain("portal.example.gov.br"));
    // rules the hand-picked list never had: four labels, US school districts
    assertEquals("example.pvt.k12.ma.us", DomainNames.registeredDomain("www.example.pvt.k12.ma.us"));
    assertEquals("school.k12.ca.us", DomainNames.registeredDomain("www.school.k12.ca.us"));
    assertEquals("x.1.bg", DomainNames.registeredDomain("www.x.1.bg")); // "1.bg" is a rule
    assertEquals("4.in-addr.arpa", DomainNames.registeredDomain("1.2.3.4.in-addr.arpa"));
  }

  @Test
  void registeredDomainWildcardAndExceptionRules() {
    // *.ck and !www.ck
    assertEquals("a.b.ck", DomainNames.registeredDomain("x.a.b.ck"));
    assertEquals("a.b.ck", DomainNames.registeredDomain("a.b.ck"));
    assertNull(DomainNames.registeredDomain("b.ck"));
    assertNull(DomainNames.registeredDomain("ck"));
    assertEquals("www.ck", DomainNames.registeredDomain("www.ck"));
    assertEquals("www.ck", DomainNames.registeredDomain("a.www.ck"));
    // *.kawasaki.jp and !city.kawasaki.jp
    assertEquals("b.a.kawasaki.jp", DomainNames.registeredDomain("c.b.a.kawasaki.jp"));
    assertNull(DomainNames.registeredDomain("a.kawasaki.jp"));
    assertEquals("city.kawasaki.jp", DomainNames.registeredDomain("x.city.kawasaki.jp"));
    // a label no rule names is still matched by a wildcard
    assertNull(DomainNames.registeredDomain("_x.ck"));
    assertEquals("_x.b.ck", DomainNames.registeredDomain("_y._x.b.ck"));
  }

  /** The private section counts (browser semantics): each name under these belongs to another party. */
  @Test
  void registeredDomainPrivateSuffixes() {
    assertEquals("user.github.io", DomainNames.registeredDomain("docs.user.github.io"));
    assertNull(DomainNames.registeredDomain("github.io"));
    assertEquals("evil.blogspot.com", DomainNames.registeredDomain("www.evil.blogspot.com"));
    assertNull(DomainNames.registeredDomain("blogspot.com"));
    assertEquals("bucket.s3.amazonaws.com", DomainNames.registeredDomain("a.bucket.s3.amazonaws.com"));
    assertNull(DomainNames.registeredDomain("s3.amazonaws.com"));
    assertEquals("amazonaws.com", DomainNames.registeredDomain("ec2.amazonaws.com"));
  }

  @Test
  void registeredDomainIdn() {
    // 公司.cn (xn--55qx5d.cn) and .рф (xn--p1ai) are rules, in Unicode and punycode alike
    assertEquals("食狮.公司.cn", DomainNames.registeredDomain("www.食狮.公司.cn"));
    assertEquals("xn--85x722f.xn--55qx5d.cn", DomainNames.registeredDomain("www.xn--85x722f.xn--55qx5d.cn"));
    assertNull(DomainNames.registeredDomain("公司.cn"));
    assertNull(DomainNames.registeredDomain("xn--55qx5d.cn"));
    assertEquals("пример.рф", DomainNames.registeredDomain("WWW.ПРИМЕР.РФ."));
    assertEquals("xn--e1afmkfd.xn--p1ai", DomainNames.registeredDomain("www.xn--e1afmkfd.xn--p1ai"));
    assertEquals("bücher.de", DomainNames.registeredDomain("shop.BÜCHER.de"));
    // an ideographic full stop is not a label separator here (the name has two labels)
    assertEquals("a\u3002b.com", DomainNames.registeredDomain("a\u3002b.com"));
  }

  @Test
  void registeredDomainOfAddressesIsNull() {
    assertNull(DomainNames.registeredDomain("192.168.1.1"));
    assertNull(DomainNames.registeredDomain("8.8.8.8."));
    assertNull(DomainNames.registeredDomain("2001:db8::1"));
    assertNull(DomainNames.registeredDomain("::ffff:10.1.2.3"));
  }

  /** Names from captures that are not host names: service labels, over-long tunnelling queries. */
  @Test
  void registeredDomainOfCaptureNames() {
    assertEquals("example.com", DomainNames.registeredDomain("_ldap._tcp.dc._msdcs.corp.example.com"));
    assertEquals("example.co.uk", DomainNames.registeredDomain("_dmarc.example.co.uk"));
    assertEquals("_udp.local", DomainNames.registeredDomain("_services._dns-sd._udp.local"));
    assertEquals("example.123", DomainNames.registeredDomain("www.example.123"));
    assertEquals("example.com", DomainNames.registeredDomain("x.a-.example.com"));
    String label = "a".repeat(63);
    String tunnel = String.join(".", label, label, label, label, label, "t", "example.co.uk");
    assertTrue(tunnel.length() > 253);
    assertEquals("example.co.uk", DomainNames.registeredDomain(tunnel));
    assertEquals("example.co.uk", DomainNames.registeredDomain("b".repeat(70) + ".example.co.uk"));
    assertEquals("x.b.ck", DomainNames.registeredDomain("c".repeat(70) + ".x.b.ck"));
    // the form handed to InternetDomainName: the name itself unless a label needs the placeholder
    String plain = "www.example.co.uk";
    assertSame(plain, DomainNames.listForm(plain));
    assertEquals("label-placeholder.label-placeholder.example.com", DomainNames.listForm("_ldap._tcp.example.com"));
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

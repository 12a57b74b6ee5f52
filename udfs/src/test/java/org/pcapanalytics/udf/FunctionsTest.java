package org.pcapanalytics.udf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.net.Cidr;
import scala.Function1;
import scala.Function2;

/** The per-row function objects behind the SQL functions, called as Spark calls them. */
class FunctionsTest {
  private static final Config CONFIG = Config.fromJson("""
      {"businessHours": {"timeZone": "America/New_York", "holidays": ["2025-07-04"]},
       "internalNetworks": ["10.0.0.0/8", "2001:db8::/32"],
       "watchlist": {"domains": ["evil.example", "*.bad.example"], "addresses": ["198.51.100.0/24", "198.51.100.7"]}}
      """);

  @Test
  void cidrMatchPerRowAndConstant() {
    Function2<Object, Object, Object> perRow = new IpFunctions.CidrMatch();
    assertEquals(true, perRow.apply("10.1.2.3", "10.0.0.0/8"));
    assertEquals(true, perRow.apply("10.1.2.3", "10.1.2.3/8")); // non-canonical base
    assertEquals(false, perRow.apply("11.0.0.1", "10.0.0.0/8"));
    assertEquals(true, perRow.apply("11.0.0.1", "0.0.0.0/0"));
    assertEquals(true, perRow.apply("1.2.3.4", "1.2.3.4/32"));
    assertEquals(true, perRow.apply("::1", "::1/128"));
    assertEquals(true, perRow.apply("::", "::/0"));
    assertEquals(false, perRow.apply("10.1.2.3", "::/0"));
    assertEquals(true, perRow.apply("::ffff:10.1.2.3", "10.0.0.0/8"));
    assertEquals(true, perRow.apply("fe80::1%eth0", "fe80::/10"));
    assertEquals(true, perRow.apply("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::/32"));
    assertNull(perRow.apply(null, "10.0.0.0/8"));
    assertNull(perRow.apply("10.1.2.3", null));
    assertNull(perRow.apply("garbage", "10.0.0.0/8"));
    assertNull(perRow.apply("10.1.2.3", "10.0.0.0/33"));
    assertNull(perRow.apply("10.1.2.3", "10.0.0.0/33")); // cached as invalid
    for (int i = 0; i < 10_000; i++) { // more distinct CIDRs than the cache holds
      assertEquals(i % 256 == 3, perRow.apply("10.0.0.3", "10.0.0." + (i % 256) + "/32"));
    }

    Function2<Object, Object, Object> constant = new IpFunctions.CidrMatchConstant(Cidr.parse("10.0.0.0/8"));
    assertEquals(true, constant.apply("10.9.9.9", "ignored"));
    assertNull(constant.apply("x", "ignored"));
    assertNull(new IpFunctions.CidrMatchConstant(null).apply("10.0.0.1", "10.0.0.0/33"));
  }

  @Test
  void privateAndInternal() {
    Function1<Object, Object> priv = new IpFunctions.InTable(IpFunctions.PRIVATE_NETWORKS);
    for (String ip : new String[] {"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
        "100.127.255.255", "127.0.0.1", "169.254.1.1", "fc00::1", "fd12:3456::1", "fe80::1%en0", "::1",
        "::ffff:192.168.1.1"}) {
      assertEquals(true, priv.apply(ip), ip);
    }
    for (String ip : new String[] {"8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.2.1", "0.0.0.0", "::",
        "2001:db8::1", "fec0::1", "ff02::1", "224.0.0.1", "255.255.255.255", "::ffff:8.8.8.8"}) {
      assertEquals(false, priv.apply(ip), ip);
    }
    assertNull(priv.apply(null));
    assertNull(priv.apply("10.0.0.256"));

    Function1<Object, Object> internal = new IpFunctions.InTable(CONFIG.internalNetworks());
    assertEquals(true, internal.apply("10.2.3.4"));
    assertEquals(true, internal.apply("2001:db8::9"));
    assertEquals(false, internal.apply("192.168.1.1"));
    assertNull(internal.apply("nope"));
  }

  @Test
  void conversions() {
    Function1<Object, Object> num = new IpFunctions.ToNumber();
    assertEquals(new BigDecimal("3232235777"), num.apply("192.168.1.1"));
    assertEquals(BigDecimal.ONE, num.apply("::1"));
    assertEquals(new BigDecimal("281470681743360"), num.apply("::ffff:0.0.0.0"));
    assertNull(num.apply("fe80::1"));
    assertNull(num.apply(null));
    assertNull(num.apply("1.2.3"));

    Function1<Object, Object> version = new IpFunctions.Version();
    assertEquals(4, version.apply("1.2.3.4"));
    assertEquals(6, version.apply("::"));
    assertEquals(6, version.apply("::ffff:1.2.3.4"));
    assertNull(version.apply("1.2.3.4%eth0"));

    Function1<Object, Object> bin = new IpFunctions.ToBinary();
    assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, 1}, (byte[]) bin.apply("192.168.1.1"));
    byte[] v6 = (byte[]) bin.apply("2001:db8::1");
    assertEquals(16, v6.length);
    assertEquals(0x20, v6[0]);
    assertEquals(1, v6[15]);
    assertNull(bin.apply(""));

    Function1<Object, Object> canon = new IpFunctions.Canonical();
    assertEquals("2001:db8::1", canon.apply("2001:DB8:0:0:0:0:0:1"));
    assertEquals("fe80::1", canon.apply("fe80::1%eth0"));
    assertEquals("::ffff:1.2.3.4", canon.apply("::FFFF:0102:0304"));
    assertNull(canon.apply("1.2.3.04"));
  }

  @Test
  void serviceName() {
    Function2<Object, Object, Object> f = new NameFunctions.ServiceName();
    assertEquals("https", f.apply("tcp", 443));
    assertEquals("https", f.apply(6, 443));
    assertEquals("dns", f.apply("udp", 53));
    assertEquals("dns", f.apply(17, 53));
    assertEquals("ssh", f.apply("TCP", 22));
    assertEquals("ntp", f.apply("udp", 123));
    assertEquals("mdns", f.apply("udp", 5353));
    assertEquals("ms-wbt-server", f.apply(6, 3389));
    assertEquals("microsoft-ds", f.apply(6, 445));
    assertNull(f.apply("tcp", 49152));
    assertNull(f.apply("icmp", 0));
    assertNull(f.apply(null, 443));
    assertNull(f.apply("tcp", null));
    assertNull(f.apply(6L, 443)); // Spark casts BIGINT to INT before the call; anything else is null
  }

  @Test
  void names() {
    Function1<Object, Object> rd = new NameFunctions.RegisteredDomain();
    assertEquals("example.co.uk", rd.apply("WWW.Example.CO.UK."));
    assertEquals("example.com.au", rd.apply("a.example.com.au"));
    assertEquals("site.github.io", rd.apply("site.github.io"));
    assertNull(rd.apply("co.uk"));
    assertNull(rd.apply(null));
    assertNull(rd.apply(""));
    // answers come from the per-instance cache the second time
    assertEquals("example.co.uk", rd.apply("WWW.Example.CO.UK."));
    assertNull(rd.apply("co.uk"));
    assertEquals("a.b.ck", rd.apply("x.a.b.ck"));

    Function2<Object, Object, Object> suffix = new NameFunctions.DnsSuffix();
    assertEquals("example.com", suffix.apply("a.b.example.com.", 2));
    assertEquals("com", suffix.apply("a.b.example.com", 1));
    assertNull(suffix.apply("a.b.example.com", 0));
    assertNull(suffix.apply("a.b.example.com", null));
    assertNull(suffix.apply(null, 2));

    Function1<Object, Object> wm = new NameFunctions.WatchlistDomain(CONFIG.watchlist());
    assertEquals("evil.example", wm.apply("evil.example"));
    assertEquals("evil.example", wm.apply("cdn.EVIL.example."));
    assertNull(wm.apply("notevil.example"));
    assertNull(wm.apply("bad.example"));
    assertEquals("*.bad.example", wm.apply("x.bad.example"));
    assertNull(wm.apply(null));

    Function1<Object, Object> wim = new IpFunctions.MatchTable(CONFIG.watchlist().addresses());
    assertEquals("198.51.100.7", wim.apply("198.51.100.7"));
    assertEquals("198.51.100.0/24", wim.apply("198.51.100.8"));
    assertNull(wim.apply("198.51.101.1"));
    assertNull(wim.apply(null));
    assertNull(new IpFunctions.MatchTable(Config.defaults().watchlist().addresses()).apply("1.2.3.4"));
  }

  @Test
  void times() {
    Function1<Object, Object> bh = new TimeFunctions.InBusinessHours(CONFIG.businessHours());
    Instant mondayNine = Instant.parse("2025-07-07T13:00:00Z"); // 09:00 EDT
    assertEquals(true, bh.apply(mondayNine));
    assertEquals(true, bh.apply(Timestamp.from(mondayNine))); // java8API disabled
    assertEquals(false, bh.apply(Instant.parse("2025-07-04T13:00:00Z"))); // holiday (Friday)
    assertEquals(false, bh.apply(Instant.parse("2025-07-07T11:59:59Z"))); // 07:59:59 EDT
    assertNull(bh.apply(null));
    assertNull(bh.apply("2025-07-07T13:00:00Z")); // Spark casts strings before the call

    Function1<Object, Object> lt = new TimeFunctions.LocalTime(CONFIG.businessHours());
    assertEquals(LocalDateTime.parse("2025-07-07T09:00"), lt.apply(mondayNine));
    assertEquals(LocalDateTime.parse("2025-01-06T08:00:00.123456"), lt.apply(Instant.parse("2025-01-06T13:00:00.123456Z")));
    assertNull(lt.apply(null));

    Function1<Object, Object> iso = new TimeFunctions.LocalTimeIso(CONFIG.businessHours());
    assertEquals("2025-07-07T09:00:00-04:00", iso.apply(mondayNine));
    assertEquals("2025-01-06T08:00:00.123456-05:00", iso.apply(Instant.parse("2025-01-06T13:00:00.123456Z")));
    assertEquals("2025-11-02T01:30:00-04:00", iso.apply(Instant.parse("2025-11-02T05:30:00Z"))); // first 01:30
    assertEquals("2025-11-02T01:30:00-05:00", iso.apply(Instant.parse("2025-11-02T06:30:00Z"))); // second 01:30
  }

  @Test
  void geo() {
    GeoLookup g = GeoLookup.of(GeoLookupTest.ALL);
    Function1<Object, Object> country = new GeoFunctions.Country(g);
    Function1<Object, Object> asn = new GeoFunctions.Asn(g);
    Function1<Object, Object> org = new GeoFunctions.AsOrg(g);
    Function1<Object, Object> city = new GeoFunctions.City(g);
    Function1<Object, Object> watch = new GeoFunctions.WatchlistGeo(g);
    for (int twice = 0; twice < 2; twice++) { // the second time from the memo
      assertEquals("GB", country.apply("81.2.69.142"));
      assertNull(country.apply("10.0.0.1"));
      assertEquals(15169L, asn.apply("1.0.0.1"));
      assertEquals("Google Inc.", org.apply("1.0.0.1"));
      assertEquals("London", city.apply("81.2.69.142"));
      assertEquals("AS15169", watch.apply("1.0.0.1"));
      assertNull(watch.apply("81.2.69.142"));
      assertNull(asn.apply(null));
    }
    assertNull(new GeoFunctions.WatchlistGeo(GeoLookup.of(Config.defaults())).apply("1.0.0.1"));
  }

  @Test
  void functionObjectsSurviveJavaSerialization() throws Exception {
    Object[] fns = {new IpFunctions.CidrMatch(), new IpFunctions.InTable(CONFIG.internalNetworks()),
        new NameFunctions.WatchlistDomain(CONFIG.watchlist()), new TimeFunctions.InBusinessHours(CONFIG.businessHours()),
        new NameFunctions.RegisteredDomain(), new GeoFunctions.Asn(GeoLookup.of(GeoLookupTest.ALL))};
    ((IpFunctions.CidrMatch) fns[0]).apply("10.0.0.1", "10.0.0.0/8"); // fills the transient cache
    ((NameFunctions.RegisteredDomain) fns[4]).apply("www.bbc.co.uk");
    ((GeoFunctions.Asn) fns[5]).apply("1.0.0.1"); // opens the database
    for (Object fn : fns) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(fn);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        Object back = in.readObject();
        assertEquals(fn.getClass(), back.getClass());
      }
    }
  }

  @Test
  void catalogIsComplete() {
    assertEquals(java.util.List.of("cidr_match", "is_private_ip", "is_internal_ip", "ip_version", "ip_to_number",
        "ip_to_binary", "ip_canonical", "service_name", "in_business_hours", "local_time", "local_time_iso",
        "registered_domain", "dns_suffix", "watchlist_match", "watchlist_ip_match", "geo_country", "asn", "as_org",
        "geo_city", "watchlist_geo_match", "community_id"), PcapFunctions.names());
  }
}

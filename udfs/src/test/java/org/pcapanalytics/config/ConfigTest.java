package org.pcapanalytics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  /** The shipped, documented default file (tests run in the module folder). */
  static final Path SHIPPED = Path.of("..", "conf", "pcap-analytics.json");

  @TempDir
  Path tmp;

  private static ConfigException fails(String json) {
    return assertThrows(ConfigException.class, () -> Config.fromJson(json));
  }

  @Test
  void shippedFileEqualsBuiltInDefaults() {
    Config c = Config.load(SHIPPED);
    assertEquals(Config.defaults(), c);
    assertEquals(ZoneId.of("UTC"), c.businessHours().zone());
    assertEquals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), c.businessHours().workingDays());
    assertEquals(8 * 3600, c.businessHours().startSecond());
    assertEquals(18 * 3600, c.businessHours().endSecond());
    assertEquals(Config.DEFAULT_INTERNAL_NETWORKS, c.internalNetworks().labels());
    assertEquals(300, c.flowTimeouts().tcp());
    assertEquals(60, c.flowTimeouts().udp());
    assertEquals(60, c.flowTimeouts().icmp());
    assertEquals(60, c.flowTimeouts().other());
    assertEquals(100, c.reports().topN());
    assertTrue(c.watchlist().isEmpty());
    assertEquals(0, c.communityIdSeed());
  }

  @Test
  void emptyObjectIsDefaults() {
    assertEquals(Config.defaults(), Config.fromJson("{}"));
    assertEquals(Config.defaults(), Config.fromJson("// nothing\n{ /* at all */ }"));
  }

  @Test
  void fullConfigWithCommentsAndTrailingCommas() {
    Config c = Config.fromJson("""
        {
          // comment
          "businessHours": {
            "timeZone": "Europe/Berlin",
            "workingDays": ["mon", "Tuesday", "WED", "THU", "FRI", "SAT",],
            "start": "07:30", "end": "24:00",
            "holidays": ["2025-12-25", "--01-01"],
          },
          "internalNetworks": ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"],
          "watchlist": {"domains": ["evil.example", "*.bad.example"], "addresses": ["203.0.113.0/24"]},
          "flowTimeouts": {"tcp": 3600},
          "reports": {"topN": 10},
          "communityId": {"seed": 65535},
        }
        """);
    BusinessHours b = c.businessHours();
    assertEquals(ZoneId.of("Europe/Berlin"), b.zone());
    assertEquals(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), b.workingDays());
    assertEquals(7 * 3600 + 1800, b.startSecond());
    assertEquals(86400, b.endSecond());
    assertEquals(List.of(LocalDate.of(2025, 12, 25)), b.holidays());
    assertEquals(List.of(MonthDay.of(1, 1)), b.yearlyHolidays());
    assertTrue(c.isInternal("2001:db8::5"));
    assertTrue(c.isInternal("192.0.2.1"));
    assertFalse(c.isInternal("192.168.1.1")); // the list replaces the defaults
    assertNull(c.isInternal("nope"));
    assertEquals("*.bad.example", c.watchlist().matchDomain("x.bad.example"));
    assertEquals("203.0.113.0/24", c.watchlist().matchAddress("203.0.113.9"));
    assertEquals(3600, c.flowTimeouts().tcp());
    assertEquals(60, c.flowTimeouts().udp()); // default kept
    assertEquals(10, c.reports().topN());
    assertEquals(65535, c.communityIdSeed());
    assertNotEquals(Config.defaults(), Config.fromJson("{\"communityId\": {\"seed\": 1}}"), "the seed is compared");
  }

  @Test
  void errorsNameTheKeyPath() {
    ConfigException e = fails("{\"businessHours\": {\"timeZone\": \"Europe/Berln\"}}");
    assertEquals("businessHours.timeZone", e.keyPath());
    assertTrue(e.getMessage().contains("businessHours.timeZone: unknown time zone \"Europe/Berln\""), e.getMessage());

    e = fails("{\"internalNetworks\": [\"10.0.0.0/8\", \"10.0.0.0/33\"]}");
    assertEquals("internalNetworks[1]", e.keyPath());
    assertTrue(e.getMessage().contains("internalNetworks[1]: invalid network \"10.0.0.0/33\": bad prefix length \"33\""),
        e.getMessage());

    e = fails("{\"businessHours\": {\"start\": \"18:00\", \"end\": \"08:00\"}}");
    assertEquals("businessHours.end", e.keyPath());
    assertTrue(e.getMessage().contains("end 08:00 is not after start 18:00"), e.getMessage());

    e = fails("{\"businessHours\": {\"start\": \"09:00\", \"end\": \"09:00\"}}");
    assertEquals("businessHours.end", e.keyPath());

    e = fails("{\"businessHours\": {\"workingDays\": [\"MON\", \"TUE\", \"FUNDAY\"]}}");
    assertEquals("businessHours.workingDays[2]", e.keyPath());
    assertTrue(e.getMessage().contains("unknown weekday \"FUNDAY\""), e.getMessage());

    e = fails("{\"businessHours\": {\"start\": \"8am\"}}");
    assertEquals("businessHours.start", e.keyPath());
    e = fails("{\"businessHours\": {\"start\": \"24:00\"}}");
    assertEquals("businessHours.start", e.keyPath());
    e = fails("{\"businessHours\": {\"end\": \"25:00\"}}");
    assertEquals("businessHours.end", e.keyPath());

    e = fails("{\"businessHours\": {\"holidays\": [\"2025-12-25\", \"25.12.2025\"]}}");
    assertEquals("businessHours.holidays[1]", e.keyPath());

    e = fails("{\"businessHours\": {\"startt\": \"08:00\"}}");
    assertEquals("businessHours.startt", e.keyPath());
    assertTrue(e.getMessage().contains("unknown key (did you mean \"start\"?)"), e.getMessage());

    e = fails("{\"watchlists\": {}}");
    assertEquals("watchlists", e.keyPath());
    assertTrue(e.getMessage().contains("watchlists: unknown key (did you mean \"watchlist\"?)"), e.getMessage());

    e = fails("{\"reports\": {\"topN\": 0}}");
    assertEquals("reports.topN", e.keyPath());
    e = fails("{\"reports\": {\"topN\": \"100\"}}");
    assertEquals("reports.topN", e.keyPath());
    assertTrue(e.getMessage().contains("expected a whole number, got the string \"100\""), e.getMessage());
    e = fails("{\"communityId\": {\"seed\": 65536}}");
    assertEquals("communityId.seed", e.keyPath());
    assertTrue(e.getMessage().contains("must be 0 to 65535, got 65536"), e.getMessage());
    e = fails("{\"communityId\": {\"seed\": -1}}");
    assertEquals("communityId.seed", e.keyPath());
    e = fails("{\"communityId\": {\"sed\": 1}}");
    assertEquals("communityId.sed", e.keyPath());
    e = fails("{\"flowTimeouts\": {\"udp\": 1.5}}");
    assertEquals("flowTimeouts.udp", e.keyPath());

    e = fails("{\"internalNetworks\": \"10.0.0.0/8\"}");
    assertEquals("internalNetworks", e.keyPath());
    assertTrue(e.getMessage().contains("expected a list"), e.getMessage());

    e = fails("{\"watchlist\": {\"domains\": [\"ok.example\", \"bad..example\"]}}");
    assertEquals("watchlist.domains[1]", e.keyPath());
    e = fails("{\"watchlist\": {\"domains\": [\"evil*.example\"]}}");
    assertEquals("watchlist.domains[0]", e.keyPath());
    e = fails("{\"watchlist\": {\"addresses\": [\"1.2.3.4/40\"]}}");
    assertEquals("watchlist.addresses[0]", e.keyPath());
  }

  @Test
  void syntaxErrors() {
    ConfigException e = fails("{\"reports\": {\"topN\": 10}");
    assertTrue(e.getMessage().contains("not valid JSON at line 1"), e.getMessage());
    e = fails("{\"reports\": {}, \"reports\": {}}");
    assertTrue(e.getMessage().toLowerCase().contains("duplicate"), e.getMessage());
    e = fails("[]");
    assertTrue(e.getMessage().contains("expected a JSON object"), e.getMessage());
    e = fails("");
    assertTrue(e.getMessage().contains("empty document"), e.getMessage());
    e = fails("{} {}");
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void missingConfigFile() {
    Path p = tmp.resolve("nope.json");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(p));
    assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
  }

  @Test
  void watchlistFilesResolveRelativeToTheConfigFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(dir.resolve("domains.txt"), """
        # threat feed
        evil.example
          *.bad.example   # sub-domains only

        EVIL.example.
        """);
    Files.createDirectories(dir.resolve("lists"));
    Files.writeString(dir.resolve("lists/ips.txt"), "203.0.113.0/24\n2001:db8:bad::/48 # v6\n198.51.100.7\n");
    Path cfg = dir.resolve("pcap-analytics.json");
    Files.writeString(cfg, """
        {"watchlist": {"domains": ["inline.example"], "domainsFile": "domains.txt",
                       "addressesFile": "lists/ips.txt"}}
        """);
    Watchlist w = Config.load(cfg).watchlist();
    assertEquals("inline.example", w.matchDomain("inline.example"));
    assertEquals("evil.example", w.matchDomain("a.Evil.Example."));
    assertEquals("*.bad.example", w.matchDomain("x.bad.example"));
    assertNull(w.matchDomain("bad.example"));
    assertEquals("203.0.113.0/24", w.matchAddress("203.0.113.200"));
    assertEquals("2001:db8:bad::/48", w.matchAddress("2001:db8:bad::1"));
    assertEquals("198.51.100.7", w.matchAddress("198.51.100.7"));
    assertNull(w.matchAddress("198.51.100.8"));

    Files.writeString(cfg, "{\"watchlist\": {\"domainsFile\": \"missing.txt\"}}");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(cfg));
    assertEquals("watchlist.domainsFile", e.keyPath());
    assertTrue(e.getMessage().contains("file not found: " + dir.resolve("missing.txt")), e.getMessage());

    Files.writeString(dir.resolve("bad-ips.txt"), "# header\n10.0.0.1\n10.0.0.0/99\n");
    Files.writeString(cfg, "{\"watchlist\": {\"addressesFile\": \"bad-ips.txt\"}}");
    e = assertThrows(ConfigException.class, () -> Config.load(cfg));
    assertEquals("watchlist.addressesFile", e.keyPath());
    assertTrue(e.getMessage().contains("bad-ips.txt line 3: bad prefix length \"99\""), e.getMessage());

    Files.writeString(cfg, "{\"watchlist\": {\"addressesFile\": null}}");
    assertTrue(Config.load(cfg).watchlist().isEmpty());
  }

  @Test
  void geoipLocationsResolveNextToTheConfigFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("geo"));
    Files.writeString(dir.resolve("GeoLite2-ASN.mmdb"), "not read when the configuration is");
    Path cfg = dir.resolve("site.json");
    Files.writeString(cfg, """
        {"geoip": {"asn": "GeoLite2-ASN.mmdb", "country": "GeoLite2-Country.mmdb",
                   "city": "hdfs://nn:8020/geo/GeoLite2-City.mmdb"}}
        """);
    GeoIp g = Config.load(cfg).geoIp();
    assertEquals(dir.resolve("GeoLite2-ASN.mmdb").toString(), g.asn()); // there: its absolute path
    assertEquals("GeoLite2-Country.mmdb", g.country()); // not there: as written, to be found as shipped
    assertEquals("hdfs://nn:8020/geo/GeoLite2-City.mmdb", g.city());
    assertEquals("geoip.country", g.countryDatabase("x").key());
    assertEquals(new GeoIp.Database("x", "geoip.city", g.city()), new GeoIp(null, null, g.city()).countryDatabase("x"));
    assertEquals(GeoIp.none(), Config.fromJson("{\"geoip\": {\"country\": null}}").geoIp());
    assertTrue(Config.defaults().geoIp().isEmpty());

    ConfigException e = fails("{\"geoip\": {\"asn\": \" \"}}");
    assertEquals("geoip.asn", e.keyPath());
    e = fails("{\"geoip\": {\"asn\": 7}}");
    assertEquals("geoip.asn", e.keyPath());
    e = fails("{\"geoip\": {\"region\": \"x.mmdb\"}}");
    assertEquals("geoip.region", e.keyPath());
  }

  @Test
  void watchlistCountriesAndAses() {
    Config c = Config.fromJson("""
        {"geoip": {"country": "c.mmdb", "asn": "a.mmdb"},
         "watchlist": {"countries": ["ru", " KP "], "asns": [64496, "AS4200000000", "as15169"]}}
        """);
    Watchlist w = c.watchlist();
    assertEquals(java.util.Set.of("RU", "KP"), w.countries());
    assertEquals(java.util.Set.of(15169L, 64496L, 4200000000L), w.asns());
    assertEquals("RU", w.matchCountry("RU"));
    assertNull(w.matchCountry("GB"));
    assertEquals("AS4200000000", w.matchAsn(4200000000L));
    assertNull(w.matchAsn(1L));
    assertNull(w.matchAsn(null));
    assertFalse(w.isEmpty());

    ConfigException e = fails("{\"geoip\": {\"country\": \"c.mmdb\"}, \"watchlist\": {\"countries\": [\"RU\", \"UK\"]}}");
    assertEquals("watchlist.countries[1]", e.keyPath());
    assertTrue(e.getMessage().contains("not an ISO 3166-1 alpha-2 country code: \"UK\" (the United Kingdom is \"GB\")"),
        e.getMessage());
    e = fails("{\"geoip\": {\"asn\": \"a.mmdb\"}, \"watchlist\": {\"asns\": [0]}}");
    assertEquals("watchlist.asns[0]", e.keyPath());
    assertTrue(e.getMessage().contains("AS numbers are 1 to 4294967295, got 0"), e.getMessage());
    e = fails("{\"geoip\": {\"asn\": \"a.mmdb\"}, \"watchlist\": {\"asns\": [4294967296]}}");
    assertEquals("watchlist.asns[0]", e.keyPath());
    e = fails("{\"geoip\": {\"asn\": \"a.mmdb\"}, \"watchlist\": {\"asns\": [\"ASX\"]}}");
    assertTrue(e.getMessage().contains("not an AS number: \"ASX\""), e.getMessage());
    e = fails("{\"geoip\": {\"asn\": \"a.mmdb\"}, \"watchlist\": {\"asns\": [1.5]}}");
    assertTrue(e.getMessage().contains("expected an AS number"), e.getMessage());
    // entries that no database could ever match
    e = fails("{\"geoip\": {\"asn\": \"a.mmdb\"}, \"watchlist\": {\"countries\": [\"RU\"]}}");
    assertEquals("watchlist.countries", e.keyPath());
    assertTrue(e.getMessage().contains("set geoip.country (or geoip.city)"), e.getMessage());
    e = fails("{\"watchlist\": {\"asns\": [64496]}}");
    assertEquals("watchlist.asns", e.keyPath());
    // a City database answers countries too
    assertEquals(java.util.Set.of("GB"),
        Config.fromJson("{\"geoip\": {\"city\": \"c.mmdb\"}, \"watchlist\": {\"countries\": [\"gb\"]}}")
            .watchlist().countries());
  }

  @Test
  void serializable() throws Exception {
    Config c = Config.fromJson("""
        {"businessHours": {"timeZone": "America/New_York", "holidays": ["2025-07-04", "--12-25"]},
         "watchlist": {"domains": ["evil.example"], "addresses": ["10.9.0.0/16"], "countries": ["RU"], "asns": [64496]},
         "geoip": {"country": "c.mmdb", "asn": "hdfs:///geo/a.mmdb"}}
        """);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    Config back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (Config) in.readObject();
    }
    assertEquals(c, back);
    assertEquals("evil.example", back.watchlist().matchDomain("a.evil.example"));
    assertEquals("10.9.0.0/16", back.watchlist().matchAddress("10.9.1.1"));
    assertTrue(back.businessHours().isHoliday(LocalDate.of(2031, 12, 25)));
    assertEquals("AS64496", back.watchlist().matchAsn(64496L));
    assertEquals("hdfs:///geo/a.mmdb", back.geoIp().asn());
  }
}

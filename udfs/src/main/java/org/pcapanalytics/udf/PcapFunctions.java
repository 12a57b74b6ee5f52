package org.pcapanalytics.udf;

import static org.pcapanalytics.udf.SqlFunction.Arg.INT;
import static org.pcapanalytics.udf.SqlFunction.Arg.STRING;
import static org.pcapanalytics.udf.SqlFunction.Arg.STRING_OR_INT;
import static org.pcapanalytics.udf.SqlFunction.Arg.TIMESTAMP;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.connector.catalog.CatalogManager$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.pcapanalytics.config.Config;
import org.pcapanalytics.net.Cidr;
import scala.Option;

/**
 * The pcap-analytics SQL functions and their registration.
 *
 * <p>All functions are null-safe (null in, null out), return null for invalid input instead of
 * failing, and accept IPv4 (dotted quad) and IPv6 (any RFC 4291 text, zone ids ignored) addresses.
 * Functions marked [config] use the {@link Config} given at registration (or, through
 * {@link PcapSparkExtensions}, the file named by {@value SessionConfig#CONFIG_KEY}); the GeoIP ones read its
 * MaxMind databases through {@link GeoLookup}.
 *
 * <pre>
 * cidr_match(ip STRING, cidr STRING)        BOOLEAN
 * is_private_ip(ip STRING)                  BOOLEAN
 * is_internal_ip(ip STRING)                 BOOLEAN         [config]
 * ip_version(ip STRING)                     INT             4 or 6
 * ip_to_number(ip STRING)                   DECIMAL(38,0)
 * ip_to_binary(ip STRING)                   BINARY          4 or 16 bytes
 * ip_canonical(ip STRING)                   STRING          RFC 5952 / dotted quad
 * service_name(proto STRING|INT, port INT)  STRING
 * in_business_hours(ts TIMESTAMP)           BOOLEAN         [config]
 * local_time(ts TIMESTAMP)                  TIMESTAMP_NTZ   [config]
 * local_time_iso(ts TIMESTAMP)              STRING          [config]
 * registered_domain(name STRING)            STRING
 * dns_suffix(name STRING, n INT)            STRING
 * watchlist_match(name STRING)              STRING          [config]
 * watchlist_ip_match(ip STRING)             STRING          [config]
 * geo_country(ip STRING)                    STRING          [config] ISO 3166-1 alpha-2
 * asn(ip STRING)                            BIGINT          [config]
 * as_org(ip STRING)                         STRING          [config]
 * geo_city(ip STRING)                       STRING          [config]
 * watchlist_geo_match(ip STRING)            STRING          [config] AS or country entry
 * community_id(src_ip STRING, dst_ip STRING, proto STRING|INT, src_port INT, dst_port INT[, seed INT])
 *                                           STRING          [config] Community ID v1, default seed from it
 * </pre>
 */
public final class PcapFunctions {
  private PcapFunctions() {}

  private static final String OUR_PACKAGE = PcapFunctions.class.getPackageName() + ".";

  private static final String IP_ARG = "      * ip - an IPv4 or IPv6 address as text; a zone id (%eth0) is ignored\n";

  static final List<SqlFunction> ALL = List.of(
      fn("cidr_match", DataTypes.BooleanType, new SqlFunction.Arg[] {STRING, STRING}, IpFunctions.CidrMatch.class,
          "predicate_funcs",
          "_FUNC_(ip, cidr) - Returns true if the address is inside the network. Host bits of the network"
              + " base are ignored (10.1.2.3/8 is 10.0.0.0/8); an IPv4-mapped IPv6 address (::ffff:a.b.c.d)"
              + " also matches IPv4 networks; IPv4 addresses never match IPv6 networks. Null if either"
              + " argument is null or invalid.",
          args(IP_ARG, "      * cidr - a network like 10.0.0.0/8 or 2001:db8::/32, or a bare address\n"),
          examples("SELECT _FUNC_('10.1.2.3', '10.0.0.0/8');", "true",
              "SELECT _FUNC_('2001:db8::1', '2001:db8::/32');", "true"),
          (a, c) -> cidrMatch(a[1])),
      fn("is_private_ip", DataTypes.BooleanType, new SqlFunction.Arg[] {STRING}, IpFunctions.InTable.class,
          "predicate_funcs",
          "_FUNC_(ip) - Returns true for private and special-use local addresses: 10/8, 172.16/12,"
              + " 192.168/16 (RFC 1918), 100.64/10 (CGNAT, RFC 6598), 127/8, 169.254/16, fc00::/7 (RFC 4193),"
              + " fe80::/10, ::1. IPv4-mapped IPv6 addresses are judged by their IPv4 part.",
          args(IP_ARG), examples("SELECT _FUNC_('192.168.1.10');", "true"),
          (a, c) -> new IpFunctions.InTable(IpFunctions.PRIVATE_NETWORKS)),
      fn("is_internal_ip", DataTypes.BooleanType, new SqlFunction.Arg[] {STRING}, IpFunctions.InTable.class,
          "predicate_funcs",
          "_FUNC_(ip) - Returns true if the address is inside one of the configured internal networks"
              + " (internalNetworks of the pcap-analytics configuration).",
          args(IP_ARG), examples("SELECT _FUNC_('10.1.2.3');", "true"),
          (a, c) -> new IpFunctions.InTable(c.get().internalNetworks())),
      fn("ip_version", DataTypes.IntegerType, new SqlFunction.Arg[] {STRING}, IpFunctions.Version.class,
          "misc_funcs", "_FUNC_(ip) - Returns 4 or 6 (6 also for IPv4-mapped IPv6 text), null if not an address.",
          args(IP_ARG), examples("SELECT _FUNC_('::ffff:10.0.0.1');", "6"),
          (a, c) -> new IpFunctions.Version()),
      fn("ip_to_number", DataTypes.createDecimalType(38, 0), new SqlFunction.Arg[] {STRING},
          IpFunctions.ToNumber.class, "conversion_funcs",
          "_FUNC_(ip) - Returns the address as an unsigned number: the 32-bit value for IPv4, the"
              + " 128-bit value for IPv6. Spark's DECIMAL holds at most 38 digits, so IPv6 values of 10^38"
              + " and above (4b3b:4ca8:5a86:c47a:98a:2240:: and up, including fc00::/7, fe80::/10, ff00::/8)"
              + " return null; use ip_to_binary to sort or range-compare those.",
          args(IP_ARG), examples("SELECT _FUNC_('10.0.0.1');", "167772161"),
          (a, c) -> new IpFunctions.ToNumber()),
      fn("ip_to_binary", DataTypes.BinaryType, new SqlFunction.Arg[] {STRING}, IpFunctions.ToBinary.class,
          "conversion_funcs",
          "_FUNC_(ip) - Returns the address bytes in network order: 4 for IPv4, 16 for IPv6. Within one"
              + " version, binary order is numeric order (ORDER BY ip_version(ip), _FUNC_(ip)).",
          args(IP_ARG), examples("SELECT hex(_FUNC_('10.0.0.1'));", "0A000001"),
          (a, c) -> new IpFunctions.ToBinary()),
      fn("ip_canonical", DataTypes.StringType, new SqlFunction.Arg[] {STRING}, IpFunctions.Canonical.class,
          "string_funcs",
          "_FUNC_(ip) - Returns the canonical text of the address: dotted quad, or RFC 5952 IPv6"
              + " (lower case, shortest form, ::ffff:a.b.c.d for IPv4-mapped); the zone id is dropped.",
          args(IP_ARG), examples("SELECT _FUNC_('2001:DB8:0:0:0:0:0:1');", "2001:db8::1"),
          (a, c) -> new IpFunctions.Canonical()),
      fn("service_name", DataTypes.StringType, new SqlFunction.Arg[] {STRING_OR_INT, INT},
          NameFunctions.ServiceName.class, "misc_funcs",
          "_FUNC_(proto, port) - Returns the well-known service name of a TCP or UDP port from a built-in"
              + " table of about 150 common ports (IANA names; 53 is dns), or null.",
          args("      * proto - 'tcp' or 'udp' (any case), or the IP protocol number 6 or 17\n",
              "      * port - the port number\n"),
          examples("SELECT _FUNC_('tcp', 443);", "https", "SELECT _FUNC_(17, 53);", "dns"),
          (a, c) -> new NameFunctions.ServiceName()),
      fn("in_business_hours", DataTypes.BooleanType, new SqlFunction.Arg[] {TIMESTAMP},
          TimeFunctions.InBusinessHours.class, "datetime_funcs",
          "_FUNC_(ts) - Returns true if the instant falls inside the configured business hours: a"
              + " working day that is not a holiday, at or after start and before end, in the configured"
              + " time zone (daylight saving time applied).",
          args("      * ts - a TIMESTAMP (an instant)\n"),
          examples("SELECT _FUNC_(TIMESTAMP '2025-03-05 10:00:00 UTC');", "true"),
          (a, c) -> new TimeFunctions.InBusinessHours(c.get().businessHours())),
      fn("local_time", DataTypes.TimestampNTZType, new SqlFunction.Arg[] {TIMESTAMP},
          TimeFunctions.LocalTime.class, "datetime_funcs",
          "_FUNC_(ts) - Returns the wall-clock time of the instant in the configured business-hours time"
              + " zone, as TIMESTAMP_NTZ.",
          args("      * ts - a TIMESTAMP (an instant)\n"),
          examples("SELECT _FUNC_(TIMESTAMP '2025-03-05 10:00:00 UTC');", "2025-03-05 10:00:00"),
          (a, c) -> new TimeFunctions.LocalTime(c.get().businessHours())),
      fn("local_time_iso", DataTypes.StringType, new SqlFunction.Arg[] {TIMESTAMP},
          TimeFunctions.LocalTimeIso.class, "datetime_funcs",
          "_FUNC_(ts) - Returns the wall-clock time of the instant in the configured business-hours time"
              + " zone as ISO 8601 text with its UTC offset, unambiguous across daylight-saving changes.",
          args("      * ts - a TIMESTAMP (an instant)\n"),
          examples("SELECT _FUNC_(TIMESTAMP '2025-03-05 10:00:00 UTC');", "2025-03-05T10:00:00Z"),
          (a, c) -> new TimeFunctions.LocalTimeIso(c.get().businessHours())),
      fn("registered_domain", DataTypes.StringType, new SqlFunction.Arg[] {STRING},
          NameFunctions.RegisteredDomain.class, "string_funcs",
          "_FUNC_(name) - Returns the registered domain of a DNS name (its public suffix plus one label),"
              + " lower case, without the trailing dot, by the Public Suffix List with its wildcard and"
              + " exception rules. Both of its sections count, as in browsers: private suffixes such as"
              + " github.io or blogspot.com keep one more label (x.user.github.io gives user.github.io). A"
              + " name under no listed suffix keeps its last two labels. Null for IP addresses and for"
              + " names that are a public suffix themselves.",
          args("      * name - a DNS name\n"),
          examples("SELECT _FUNC_('www.bbc.co.uk.');", "bbc.co.uk", "SELECT _FUNC_('docs.user.github.io');",
              "user.github.io"),
          (a, c) -> new NameFunctions.RegisteredDomain()),
      fn("dns_suffix", DataTypes.StringType, new SqlFunction.Arg[] {STRING, INT}, NameFunctions.DnsSuffix.class,
          "string_funcs",
          "_FUNC_(name, n) - Returns the last n labels of a DNS name (all of it if it has fewer), lower"
              + " case, without the trailing dot; null if n < 1.",
          args("      * name - a DNS name\n", "      * n - number of labels\n"),
          examples("SELECT _FUNC_('a.b.Example.COM.', 2);", "example.com"),
          (a, c) -> new NameFunctions.DnsSuffix()),
      fn("watchlist_match", DataTypes.StringType, new SqlFunction.Arg[] {STRING},
          NameFunctions.WatchlistDomain.class, "misc_funcs",
          "_FUNC_(name) - Returns the configured watch-list domain entry matching the DNS name, or null."
              + " An entry matches itself and every name under it (whole labels: evil.example matches"
              + " a.evil.example, not notevil.example); an entry written *.name or .name matches only names"
              + " under it. The most specific entry wins.",
          args("      * name - a DNS name\n"), examples("SELECT _FUNC_('a.evil.example');", "evil.example"),
          (a, c) -> new NameFunctions.WatchlistDomain(c.get().watchlist())),
      fn("watchlist_ip_match", DataTypes.StringType, new SqlFunction.Arg[] {STRING},
          IpFunctions.MatchTable.class, "misc_funcs",
          "_FUNC_(ip) - Returns the configured watch-list address entry (address or network, as written)"
              + " containing the address, the most specific one if several do, or null.",
          args(IP_ARG), examples("SELECT _FUNC_('203.0.113.7');", "203.0.113.0/24"),
          (a, c) -> new IpFunctions.MatchTable(c.get().watchlist().addresses())),
      fn("geo_country", DataTypes.StringType, new SqlFunction.Arg[] {STRING}, GeoFunctions.Country.class,
          "misc_funcs",
          "_FUNC_(ip) - Returns the ISO 3166-1 alpha-2 code of the country where the configured MaxMind"
              + " database (geoip.country, else geoip.city) locates the address: MaxMind's country, not the"
              + " country the network is registered in. Null for addresses the database does not hold"
              + " (private and reserved ranges), invalid addresses, or when no database is configured.",
          args(IP_ARG), examples("SELECT _FUNC_('81.2.69.142');", "GB"),
          (a, c) -> new GeoFunctions.Country(GeoLookup.of(c.get()).check(true, false, false))),
      fn("asn", DataTypes.LongType, new SqlFunction.Arg[] {STRING}, GeoFunctions.Asn.class, "misc_funcs",
          "_FUNC_(ip) - Returns the number of the autonomous system announcing the address, from the"
              + " configured MaxMind ASN (or ISP) database, geoip.asn; BIGINT, since AS numbers are"
              + " unsigned 32-bit. Null for addresses the database does not hold, invalid addresses, or"
              + " when no database is configured.",
          args(IP_ARG), examples("SELECT _FUNC_('1.0.0.1');", "15169"),
          (a, c) -> new GeoFunctions.Asn(GeoLookup.of(c.get()).check(false, true, false))),
      fn("as_org", DataTypes.StringType, new SqlFunction.Arg[] {STRING}, GeoFunctions.AsOrg.class, "misc_funcs",
          "_FUNC_(ip) - Returns the organisation of the autonomous system announcing the address, from"
              + " the configured MaxMind ASN (or ISP) database, geoip.asn. Null when unknown, for invalid"
              + " addresses, or when no database is configured.",
          args(IP_ARG), examples("SELECT _FUNC_('1.0.0.1');", "Google Inc."),
          (a, c) -> new GeoFunctions.AsOrg(GeoLookup.of(c.get()).check(false, true, false))),
      fn("geo_city", DataTypes.StringType, new SqlFunction.Arg[] {STRING}, GeoFunctions.City.class, "misc_funcs",
          "_FUNC_(ip) - Returns the English name of the city where the configured MaxMind City database"
              + " (geoip.city) locates the address. Null when unknown, for invalid addresses, or when no"
              + " database is configured.",
          args(IP_ARG), examples("SELECT _FUNC_('81.2.69.142');", "London"),
          (a, c) -> new GeoFunctions.City(GeoLookup.of(c.get()).check(false, false, true))),
      fn("watchlist_geo_match", DataTypes.StringType, new SqlFunction.Arg[] {STRING},
          GeoFunctions.WatchlistGeo.class, "misc_funcs",
          "_FUNC_(ip) - Returns the configured watch-list entry the address falls under by the GeoIP"
              + " databases: its AS written AS64496 if watchlist.asns lists it, else its country code if"
              + " watchlist.countries lists it; null otherwise.",
          args(IP_ARG), examples("SELECT _FUNC_('1.0.0.1');", "AS15169"),
          (a, c) -> {
            GeoLookup g = GeoLookup.of(c.get());
            return new GeoFunctions.WatchlistGeo(g.check(!c.get().watchlist().countries().isEmpty(),
                !c.get().watchlist().asns().isEmpty(), false));
          }),
      new SqlFunction("community_id", DataTypes.StringType, new SqlFunction.Arg[] {STRING, STRING, STRING_OR_INT, INT,
          INT, INT}, 5, FlowFunctions.CommunityIdOf.class, "hash_funcs",
          "_FUNC_(src_ip, dst_ip, proto, src_port, dst_port[, seed]) - Returns the Community ID v1 of a flow"
              + " (\"1:\" and the base64 of a SHA-1; the flow key of Zeek, Suricata, Arkime and Wireshark), the"
              + " same for both directions: the community_id column of packets for their src_ip, dst_ip, ip_proto,"
              + " src_port, dst_port (ICMP: icmp_type, icmp_code), and of connections for their orig_ip, resp_ip,"
              + " proto, orig_port, resp_port. Null for invalid addresses, two address families, or TCP, UDP, SCTP"
              + " and ICMP without both ports.",
          args("      * src_ip, dst_ip - IPv4 or IPv6 addresses as text\n",
              "      * proto - the IP protocol number, or a name as connections write it: 'tcp', 'udp', 'sctp',"
                  + " 'icmp' (ICMPv6 for IPv6 addresses), 'gre', 'ip-proto-N', ...\n",
              "      * src_port, dst_port - ports (ICMP: type, and code or counterpart type); null for protocols"
                  + " without ports\n",
              "      * seed - 0 to 65535; default communityId.seed of the configuration\n"),
          examples("SELECT _FUNC_('1.2.3.4', '5.6.7.8', 6, 1122, 3344);", "1:wCb3OG7yAFWelaUydu0D+125CLM=",
              "SELECT _FUNC_('5.6.7.8', '1.2.3.4', 'tcp', 3344, 1122, 0);", "1:wCb3OG7yAFWelaUydu0D+125CLM="),
          (a, c) -> a.length == 5 ? new FlowFunctions.CommunityIdOf(c.get().communityIdSeed())
              : new FlowFunctions.CommunityIdSeeded()));

  /** A constant CIDR is parsed once at analysis; otherwise per row, with a per-instance cache. */
  private static Object cidrMatch(org.apache.spark.sql.catalyst.expressions.Expression cidr) {
    if (cidr.foldable()) {
      String text;
      try {
        text = SqlFunction.constantString(cidr);
      } catch (RuntimeException e) {
        return new IpFunctions.CidrMatch(); // let the error surface where Spark would raise it
      }
      return new IpFunctions.CidrMatchConstant(Cidr.parse(text));
    }
    return new IpFunctions.CidrMatch();
  }

  private static SqlFunction fn(String name, DataType type, SqlFunction.Arg[] args, Class<?> impl, String group,
      String usage, String arguments, String examples, SqlFunction.Factory factory) {
    return new SqlFunction(name, type, args, args.length, impl, group, usage, arguments, examples, factory);
  }

  private static String args(String... lines) {
    return "\n    Arguments:\n" + String.join("", lines) + "  ";
  }

  private static String examples(String... queryResultPairs) {
    StringBuilder sb = new StringBuilder("\n    Examples:\n");
    for (int i = 0; i < queryResultPairs.length; i += 2) {
      sb.append("      > ").append(queryResultPairs[i]).append("\n       ").append(queryResultPairs[i + 1]).append('\n');
    }
    return sb.append("  ").toString();
  }

  /** Names of all functions. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    for (SqlFunction f : ALL) out.add(f.name);
    return out;
  }

  /**
   * Registers all functions as temporary functions of {@code spark}'s session, using
   * {@code config} for business hours, internal networks and the watch list. Replaces earlier
   * registrations in this session, including those injected by {@link PcapSparkExtensions}
   * (other sessions keep theirs).
   */
  public static void register(SparkSession spark, Config config) {
    Objects.requireNonNull(config, "config");
    FunctionRegistry registry = spark.sessionState().functionRegistry();
    Supplier<Config> fixed = () -> config;
    // Session temporary functions live in the system.session namespace (Spark 4.2).
    Option<String> namespace = Option.apply(CatalogManager$.MODULE$.SESSION_NAMESPACE());
    Option<String> catalog = Option.apply(CatalogManager$.MODULE$.SYSTEM_CATALOG_NAME());
    for (SqlFunction f : ALL) {
      // Dropping first keeps Spark from logging "replaced a previously registered function".
      FunctionIdentifier temp = new FunctionIdentifier(f.name, namespace, catalog);
      registry.dropFunction(temp);
      registry.registerFunction(temp, f.info, f.builder(fixed));
      // Built-in functions resolve before temporary ones: when PcapSparkExtensions injected this
      // function into the session as a built-in, replace that entry (of this session) as well.
      FunctionIdentifier builtin = FunctionRegistry$.MODULE$.builtinFunctionIdentifier(f.name);
      Option<ExpressionInfo> existing = registry.lookupFunction(builtin);
      if (existing.isDefined() && existing.get().getClassName().startsWith(OUR_PACKAGE)) {
        registry.dropFunction(builtin);
        registry.registerFunction(builtin, f.info, f.builder(fixed));
      }
    }
  }

  /**
   * Registers all functions with the configuration named by {@value SessionConfig#CONFIG_KEY} in the
   * session's configuration, or the defaults if it is not set. The file is read now.
   */
  public static void register(SparkSession spark) {
    String path = spark.conf().get(SessionConfig.CONFIG_KEY, "");
    register(spark, SessionConfig.load(path));
  }
}

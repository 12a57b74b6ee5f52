package org.pcapanalytics.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.pcapanalytics.net.Cidr;
import org.pcapanalytics.net.CidrTable;
import org.pcapanalytics.net.DomainNames;
import org.pcapanalytics.net.IpAddress;

/**
 * Domains and addresses to flag.
 *
 * <p>Domain entries (compared in normal form: lower case, trailing dot removed):
 * <ul>
 *   <li>{@code evil.example} matches {@code evil.example} itself and every name under it
 *       ({@code a.evil.example}, {@code x.y.evil.example}) — whole labels only:
 *       {@code notevil.example} does not match.</li>
 *   <li>{@code *.evil.example} or {@code .evil.example} matches only names under it, not
 *       {@code evil.example} itself.</li>
 * </ul>
 * When several entries match, the most specific (longest) one is reported. Matches report the
 * entry as written (trimmed).
 *
 * <p>Address entries are IPv4/IPv6 addresses or CIDRs (see {@link Cidr}); the most specific
 * containing network is reported, as written.
 *
 * <p>Country entries are ISO 3166-1 alpha-2 codes ({@code RU}, {@code KP}; any case, reported in
 * upper case) and AS entries are AS numbers ({@code 64496} or {@code AS64496}, reported as
 * {@code AS64496}); addresses are matched against them through the GeoIP databases
 * ({@code org.pcapanalytics.udf.GeoLookup}).
 *
 * <p>JA4 entries are TLS client fingerprints ({@code t13d1516h2_8daaf6152771_e5627efa2ab1}, any
 * case, reported in lower case), matched whole against {@code tls_ja4}.
 */
public final class Watchlist implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The largest AS number (RFC 6793: 32 bits). */
  public static final long MAX_ASN = 0xFFFF_FFFFL;

  /** Country codes MaxMind uses: ISO 3166-1 alpha-2, and XK (Kosovo, user-assigned). */
  private static final Set<String> COUNTRY_CODES = countryCodes();

  private static final Watchlist EMPTY = new Builder().build();

  private final List<String> domainEntries;
  private final Map<String, String> domainsAndBelow;
  private final Map<String, String> belowOnly;
  private final CidrTable addresses;
  private final Set<String> countries;
  private final Set<Long> asns;
  private final Set<String> ja4;

  private Watchlist(List<String> domainEntries, Map<String, String> domainsAndBelow, Map<String, String> belowOnly,
      CidrTable addresses, Set<String> countries, Set<Long> asns, Set<String> ja4) {
    this.domainEntries = domainEntries;
    this.domainsAndBelow = domainsAndBelow;
    this.belowOnly = belowOnly;
    this.addresses = addresses;
    this.countries = countries;
    this.asns = asns;
    this.ja4 = ja4;
  }

  private static Set<String> countryCodes() {
    Set<String> s = new HashSet<>(Arrays.asList(Locale.getISOCountries()));
    s.add("XK");
    return Collections.unmodifiableSet(s);
  }

  public static Watchlist empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private final List<String> domainEntries = new ArrayList<>();
    private final HashMap<String, String> domainsAndBelow = new HashMap<>();
    private final HashMap<String, String> belowOnly = new HashMap<>();
    private final CidrTable.Builder addresses = new CidrTable.Builder();
    private final Set<String> countries = new TreeSet<>();
    private final Set<Long> asns = new TreeSet<>();
    private final Set<String> ja4 = new TreeSet<>();

    /** Adds a domain entry; throws IllegalArgumentException (with the reason) if invalid. */
    public Builder addDomain(String entry) {
      String e = entry == null ? "" : entry.trim();
      String problem = domainProblem(e);
      if (problem != null) throw new IllegalArgumentException(problem);
      boolean below = e.startsWith("*.") || e.startsWith(".");
      String name = DomainNames.normalize(e.substring(e.startsWith("*.") ? 2 : e.startsWith(".") ? 1 : 0));
      (below ? belowOnly : domainsAndBelow).putIfAbsent(name, e);
      domainEntries.add(e);
      return this;
    }

    /** Adds an address or CIDR entry; throws IllegalArgumentException (with the reason) if invalid. */
    public Builder addAddress(String entry) {
      String e = entry == null ? "" : entry.trim();
      Cidr c = Cidr.parse(e);
      if (c == null) throw new IllegalArgumentException(Cidr.problem(e));
      addresses.add(c, e);
      return this;
    }

    /**
     * Adds a country entry, an ISO 3166-1 alpha-2 code in any case; throws
     * IllegalArgumentException (with the reason) if it is not one.
     */
    public Builder addCountry(String entry) {
      String e = entry == null ? "" : entry.trim().toUpperCase(Locale.ROOT);
      if (!COUNTRY_CODES.contains(e)) {
        throw new IllegalArgumentException("not an ISO 3166-1 alpha-2 country code: \"" + (entry == null ? "" : entry.trim())
            + "\"" + (e.equals("UK") ? " (the United Kingdom is \"GB\")" : ""));
      }
      countries.add(e);
      return this;
    }

    /** Adds an AS entry, 1 to {@value #MAX_ASN}; throws IllegalArgumentException (with the reason) otherwise. */
    public Builder addAsn(long asn) {
      if (asn < 1 || asn > MAX_ASN) throw new IllegalArgumentException("AS numbers are 1 to " + MAX_ASN + ", got " + asn);
      asns.add(asn);
      return this;
    }

    /** Adds an AS entry written {@code 64496} or {@code AS64496} (any case). */
    public Builder addAsn(String entry) {
      String e = entry == null ? "" : entry.trim();
      String digits = e.regionMatches(true, 0, "AS", 0, 2) ? e.substring(2) : e;
      if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not an AS number: \"" + e + "\" (write 64496 or AS64496)");
      }
      return addAsn(Long.parseLong(digits));
    }

    /**
     * Adds a JA4 fingerprint entry ({@code a_b_c}: 10 characters, then two 12-digit hex hashes);
     * throws IllegalArgumentException (with the reason) if it is not one.
     */
    public Builder addJa4(String entry) {
      String e = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
      if (!e.matches("[tqd][0-9a-z]{2}[di][0-9]{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}")) {
        throw new IllegalArgumentException("not a JA4 fingerprint: \"" + (entry == null ? "" : entry.trim())
            + "\" (like t13d1516h2_8daaf6152771_e5627efa2ab1)");
      }
      ja4.add(e);
      return this;
    }

    public Watchlist build() {
      return new Watchlist(Collections.unmodifiableList(new ArrayList<>(domainEntries)),
          new HashMap<>(domainsAndBelow), new HashMap<>(belowOnly), addresses.build(),
          Collections.unmodifiableSet(new TreeSet<>(countries)), Collections.unmodifiableSet(new TreeSet<>(asns)),
          Collections.unmodifiableSet(new TreeSet<>(ja4)));
    }
  }

  /** Why {@code entry} is not a valid domain entry, or {@code null}. */
  static String domainProblem(String e) {
    if (e.isEmpty()) return "empty domain entry";
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      if (c <= ' ' || c == '/' || c == '\\' || c == '@' || c == ':' || c == '%' || (c == '*' && i != 0)) {
        return "invalid character '" + c + "' in domain entry \"" + e + "\"";
      }
    }
    if (e.startsWith("*") && !e.startsWith("*.")) return "a wildcard must be written \"*.name\": \"" + e + "\"";
    String rest = e.substring(e.startsWith("*.") ? 2 : e.startsWith(".") ? 1 : 0);
    if (DomainNames.normalize(rest) == null) return "not a domain name (empty label): \"" + e + "\"";
    return null;
  }

  /** The entry matching DNS name {@code name} (see class comment), or {@code null}. */
  public String matchDomain(String name) {
    if (name == null || (domainsAndBelow.isEmpty() && belowOnly.isEmpty())) return null;
    String s = DomainNames.normalize(name);
    if (s == null) return null;
    String hit = domainsAndBelow.get(s);
    if (hit != null) return hit;
    for (int i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) {
      String suffix = s.substring(i + 1);
      hit = domainsAndBelow.get(suffix);
      if (hit == null) hit = belowOnly.get(suffix);
      if (hit != null) return hit;
    }
    return null;
  }

  /** The entry of the most specific watched network containing {@code ip}, or {@code null}. */
  public String matchAddress(String ip) {
    if (ip == null || addresses.isEmpty()) return null;
    return addresses.match(IpAddress.parse(ip));
  }

  public String matchAddress(IpAddress ip) {
    return addresses.match(ip);
  }

  /** The country entry for ISO code {@code isoCode} ({@code RU}), or {@code null}. */
  public String matchCountry(String isoCode) {
    return isoCode != null && countries.contains(isoCode) ? isoCode : null;
  }

  /** The AS entry for {@code asn}, written {@code AS64496}, or {@code null}. */
  public String matchAsn(Long asn) {
    return asn != null && asns.contains(asn) ? "AS" + asn : null;
  }

  /** The JA4 entry equal to fingerprint {@code fp} (any case), or {@code null}. */
  public String matchJa4(String fp) {
    if (fp == null || ja4.isEmpty()) return null;
    String f = fp.toLowerCase(Locale.ROOT);
    return ja4.contains(f) ? f : null;
  }

  /** JA4 entries, lower case, sorted. */
  public Set<String> ja4() {
    return ja4;
  }

  /** Country entries, upper case, sorted. */
  public Set<String> countries() {
    return countries;
  }

  /** AS entries, sorted. */
  public Set<Long> asns() {
    return asns;
  }

  /** Domain entries as written (trimmed), in order, duplicates kept. */
  public List<String> domains() {
    return domainEntries;
  }

  public CidrTable addresses() {
    return addresses;
  }

  public boolean isEmpty() {
    return domainEntries.isEmpty() && addresses.isEmpty() && countries.isEmpty() && asns.isEmpty() && ja4.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Watchlist w && w.domainEntries.equals(domainEntries) && w.addresses.equals(addresses)
        && w.countries.equals(countries) && w.asns.equals(asns) && w.ja4.equals(ja4);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domainEntries, addresses, countries, asns, ja4);
  }

  @Override
  public String toString() {
    return "Watchlist{" + domainEntries.size() + " domains, " + addresses.networks().size() + " networks, "
        + countries.size() + " countries, " + asns.size() + " ASes, " + ja4.size() + " JA4}";
  }
}

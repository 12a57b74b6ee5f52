package org.pcapanalytics.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class Watchlist implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Watchlist EMPTY = new Builder().build();

  private final List<String> domainEntries;
  private final Map<String, String> domainsAndBelow;
  private final Map<String, String> belowOnly;
  private final CidrTable addresses;

  private Watchlist(List<String> domainEntries, Map<String, String> domainsAndBelow, Map<String, String> belowOnly,
      CidrTable addresses) {
    this.domainEntries = domainEntries;
    this.domainsAndBelow = domainsAndBelow;
    this.belowOnly = belowOnly;
    this.addresses = addresses;
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

    public Watchlist build() {
      return new Watchlist(Collections.unmodifiableList(new ArrayList<>(domainEntries)),
          new HashMap<>(domainsAndBelow), new HashMap<>(belowOnly), addresses.build());
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

  /** Domain entries as written (trimmed), in order, duplicates kept. */
  public List<String> domains() {
    return domainEntries;
  }

  public CidrTable addresses() {
    return addresses;
  }

  public boolean isEmpty() {
    return domainEntries.isEmpty() && addresses.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Watchlist w && w.domainEntries.equals(domainEntries) && w.addresses.equals(addresses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domainEntries, addresses);
  }

  @Override
  public String toString() {
    return "Watchlist{" + domainEntries.size() + " domains, " + addresses.networks().size() + " networks}";
  }
}

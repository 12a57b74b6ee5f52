package org.pcapanalytics.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.pcapanalytics.net.CidrTable;
import org.pcapanalytics.net.IpAddress;

/**
 * The project configuration: business hours, internal networks, watch list, flow timeouts,
 * report sizes, the GeoIP databases and the Community ID seed. Immutable and {@link Serializable} (it is shipped to Spark executors inside the
 * SQL functions), with every list already compiled to its look-up form.
 *
 * <p>Read from a JSON file that may contain {@code //} and {@code /* *\/} comments and trailing
 * commas; every key is optional and falls back to {@link #defaults()}. The documented default
 * file is {@code conf/pcap-analytics.json}. A bad file fails at load time with a
 * {@link ConfigException} whose message names the key path and the reason.
 */
public final class Config implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The default internal networks: RFC 1918 private IPv4, IPv4 loopback and link-local, IPv6
   * unique-local (RFC 4193), link-local and loopback. CGNAT 100.64.0.0/10 is not included (it is
   * the provider's side of carrier NAT); add it where a site uses it internally.
   */
  public static final List<String> DEFAULT_INTERNAL_NETWORKS = List.of(
      "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
      "fc00::/7", "fe80::/10", "::1/128");

  private static final Config DEFAULTS = new Config("<built-in defaults>", BusinessHours.defaults(),
      CidrTable.parse(DEFAULT_INTERNAL_NETWORKS.toArray(new String[0])), Watchlist.empty(), FlowTimeouts.defaults(),
      ReportSizes.defaults(), GeoIp.none(), 0);

  private final String source;
  private final BusinessHours businessHours;
  private final CidrTable internalNetworks;
  private final Watchlist watchlist;
  private final FlowTimeouts flowTimeouts;
  private final ReportSizes reports;
  private final GeoIp geoIp;
  private final int communityIdSeed;

  Config(String source, BusinessHours businessHours, CidrTable internalNetworks, Watchlist watchlist,
      FlowTimeouts flowTimeouts, ReportSizes reports, GeoIp geoIp, int communityIdSeed) {
    this.source = Objects.requireNonNull(source);
    this.businessHours = Objects.requireNonNull(businessHours);
    this.internalNetworks = Objects.requireNonNull(internalNetworks);
    this.watchlist = Objects.requireNonNull(watchlist);
    this.flowTimeouts = Objects.requireNonNull(flowTimeouts);
    this.reports = Objects.requireNonNull(reports);
    this.geoIp = Objects.requireNonNull(geoIp);
    if (communityIdSeed < 0 || communityIdSeed > 0xFFFF) {
      throw new IllegalArgumentException("community id seed must be 0 to 65535, not " + communityIdSeed);
    }
    this.communityIdSeed = communityIdSeed;
  }

  /** The built-in defaults (the same values as the shipped {@code conf/pcap-analytics.json}). */
  public static Config defaults() {
    return DEFAULTS;
  }

  /** Reads a configuration file; relative watch-list file paths resolve against its folder. */
  public static Config load(Path file) {
    String source = file.toString();
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, "", "file not found: " + file.toAbsolutePath(), e);
    } catch (IOException e) {
      throw new ConfigException(source, "", "cannot read " + file.toAbsolutePath() + ": " + e, e);
    }
    Path parent = file.toAbsolutePath().getParent();
    return new ConfigParser(source, parent == null ? Path.of("") : parent).parse(json);
  }

  /** Parses JSON text; relative watch-list file paths resolve against the working directory. */
  public static Config fromJson(String json) {
    return fromJson(json, Path.of("").toAbsolutePath());
  }

  /** Parses JSON text; relative watch-list file paths resolve against {@code baseDir}. */
  public static Config fromJson(String json, Path baseDir) {
    return new ConfigParser("<json>", baseDir).parse(json);
  }

  /** Where this configuration came from (file path, {@code <json>} or built-in defaults). */
  public String source() {
    return source;
  }

  public BusinessHours businessHours() {
    return businessHours;
  }

  public CidrTable internalNetworks() {
    return internalNetworks;
  }

  public Watchlist watchlist() {
    return watchlist;
  }

  public FlowTimeouts flowTimeouts() {
    return flowTimeouts;
  }

  public ReportSizes reports() {
    return reports;
  }

  /** The MaxMind databases of the GeoIP functions. */
  public GeoIp geoIp() {
    return geoIp;
  }

  /**
   * The seed of the Community ID flow hashes ({@code communityId.seed}): 0 unless every tool whose
   * logs are joined on the IDs uses the same other seed.
   */
  public int communityIdSeed() {
    return communityIdSeed;
  }

  /** Whether {@code ip} is in an internal network; {@code null} when it is not a valid address. */
  public Boolean isInternal(String ip) {
    IpAddress a = IpAddress.parse(ip);
    return a == null ? null : internalNetworks.contains(a);
  }

  /** Equal settings (the source is not compared). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Config c && c.businessHours.equals(businessHours) && c.internalNetworks.equals(internalNetworks)
        && c.watchlist.equals(watchlist) && c.flowTimeouts.equals(flowTimeouts) && c.reports.equals(reports)
        && c.geoIp.equals(geoIp) && c.communityIdSeed == communityIdSeed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(businessHours, internalNetworks, watchlist, flowTimeouts, reports, geoIp, communityIdSeed);
  }

  @Override
  public String toString() {
    return "Config{source=" + source + ", " + businessHours + ", internalNetworks=" + internalNetworks + ", "
        + watchlist + ", " + flowTimeouts + ", " + reports + ", " + geoIp + ", communityIdSeed=" + communityIdSeed + "}";
  }
}

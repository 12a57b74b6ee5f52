package org.pcapanalytics.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.pcapanalytics.net.Cidr;
import org.pcapanalytics.net.CidrTable;

/** Turns the JSON document into a {@link Config}, naming the key path of every problem. */
final class ConfigParser {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final String source;
  private final Path baseDir;

  ConfigParser(String source, Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  private ConfigException error(String path, String reason) {
    return new ConfigException(source, path, reason);
  }

  Config parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? "" : " at line " + l.getLineNr() + ", column " + l.getColumnNr();
      String msg = e.getOriginalMessage();
      int marker = msg.indexOf(" (start marker at");
      if (marker > 0) msg = msg.substring(0, marker);
      throw new ConfigException(source, "", "not valid JSON" + where + ": " + msg, e);
    }
    if (root == null || root.isMissingNode()) throw error("", "empty document; expected a JSON object");
    object(root, "");
    checkKeys(root, "", "businessHours", "internalNetworks", "watchlist", "flowTimeouts", "reports", "geoip",
        "communityId");
    Config d = Config.defaults();
    BusinessHours bh = root.has("businessHours") ? businessHours(root.get("businessHours"), "businessHours") : d.businessHours();
    CidrTable internal = root.has("internalNetworks") ? networks(root.get("internalNetworks"), "internalNetworks") : d.internalNetworks();
    Watchlist wl = root.has("watchlist") ? watchlist(root.get("watchlist"), "watchlist") : d.watchlist();
    FlowTimeouts ft = root.has("flowTimeouts") ? flowTimeouts(root.get("flowTimeouts"), "flowTimeouts") : d.flowTimeouts();
    ReportSizes rp = root.has("reports") ? reports(root.get("reports"), "reports") : d.reports();
    GeoIp geo = root.has("geoip") ? geoIp(root.get("geoip"), "geoip") : d.geoIp();
    int seed = root.has("communityId") ? communityIdSeed(root.get("communityId"), "communityId") : d.communityIdSeed();
    if (!wl.countries().isEmpty() && geo.country() == null && geo.city() == null) {
      throw error("watchlist.countries", "needs a database to look addresses up: set geoip.country (or geoip.city)");
    }
    if (!wl.asns().isEmpty() && geo.asn() == null) {
      throw error("watchlist.asns", "needs a database to look addresses up: set geoip.asn");
    }
    return new Config(source, bh, internal, wl, ft, rp, geo, seed);
  }

  // ---- sections ----

  private BusinessHours businessHours(JsonNode n, String path) {
    object(n, path);
    checkKeys(n, path, "timeZone", "workingDays", "start", "end", "holidays");
    BusinessHours d = BusinessHours.defaults();
    ZoneId zone = d.zone();
    if (n.has("timeZone")) {
      String z = string(n.get("timeZone"), path + ".timeZone");
      try {
        zone = ZoneId.of(z);
      } catch (DateTimeException e) {
        throw error(path + ".timeZone", "unknown time zone \"" + z + "\" (use an IANA id like \"Europe/Berlin\" or \"UTC\")");
      }
    }
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    if (n.has("workingDays")) {
      JsonNode a = array(n.get("workingDays"), path + ".workingDays");
      for (int i = 0; i < a.size(); i++) {
        String p = path + ".workingDays[" + i + "]";
        days.add(weekday(string(a.get(i), p), p));
      }
    } else {
      days.addAll(d.workingDays());
    }
    int start = n.has("start") ? timeOfDay(n.get("start"), path + ".start", false) : d.startSecond();
    int end = n.has("end") ? timeOfDay(n.get("end"), path + ".end", true) : d.endSecond();
    if (end <= start) {
      throw error(path + ".end", "end " + BusinessHours.timeText(end) + " is not after start " + BusinessHours.timeText(start)
          + " (windows across midnight are not supported)");
    }
    List<LocalDate> dates = new ArrayList<>();
    List<MonthDay> yearly = new ArrayList<>();
    if (n.has("holidays")) {
      JsonNode a = array(n.get("holidays"), path + ".holidays");
      for (int i = 0; i < a.size(); i++) {
        String p = path + ".holidays[" + i + "]";
        String s = string(a.get(i), p);
        try {
          if (s.startsWith("--")) yearly.add(MonthDay.parse(s));
          else if (s.length() == 10) dates.add(LocalDate.parse(s));
          else throw new DateTimeException(s);
        } catch (DateTimeException e) {
          throw error(p, "not a date: \"" + s + "\" (use YYYY-MM-DD, or --MM-DD for every year)");
        }
      }
    }
    return BusinessHours.of(zone, days, start, end, dates, yearly);
  }

  private DayOfWeek weekday(String s, String path) {
    String u = s.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (u.equals(d.name()) || u.equals(d.name().substring(0, 3))) return d;
    }
    throw error(path, "unknown weekday \"" + s + "\" (use MON, TUE, WED, THU, FRI, SAT, SUN)");
  }

  /** "HH:mm" or "HH:mm:ss" as seconds of the day; "24:00" allowed when {@code isEnd}. */
  private int timeOfDay(JsonNode n, String path, boolean isEnd) {
    String s = string(n, path);
    if (isEnd && (s.equals("24:00") || s.equals("24:00:00"))) return 86400;
    if (s.length() == 5 || s.length() == 8) {
      try {
        return LocalTime.parse(s).toSecondOfDay();
      } catch (DateTimeException e) {
        // fall through
      }
    }
    throw error(path, "not a time of day: \"" + s + "\" (use HH:mm or HH:mm:ss, 24-hour clock"
        + (isEnd ? "; 24:00 for the end of the day" : "") + ")");
  }

  private CidrTable networks(JsonNode n, String path) {
    JsonNode a = array(n, path);
    CidrTable.Builder b = new CidrTable.Builder();
    for (int i = 0; i < a.size(); i++) {
      String p = path + "[" + i + "]";
      String s = string(a.get(i), p).trim();
      Cidr c = Cidr.parse(s);
      if (c == null) throw error(p, "invalid network \"" + s + "\": " + Cidr.problem(s));
      b.add(c, s);
    }
    return b.build();
  }

  private Watchlist watchlist(JsonNode n, String path) {
    object(n, path);
    checkKeys(n, path, "domains", "addresses", "domainsFile", "addressesFile", "countries", "asns", "ja4");
    Watchlist.Builder b = Watchlist.builder();
    if (n.has("domains")) entries(n.get("domains"), path + ".domains", b::addDomain);
    if (n.has("domainsFile")) fileEntries(n.get("domainsFile"), path + ".domainsFile", b::addDomain);
    if (n.has("addresses")) entries(n.get("addresses"), path + ".addresses", b::addAddress);
    if (n.has("addressesFile")) fileEntries(n.get("addressesFile"), path + ".addressesFile", b::addAddress);
    if (n.has("countries")) entries(n.get("countries"), path + ".countries", b::addCountry);
    if (n.has("ja4")) entries(n.get("ja4"), path + ".ja4", b::addJa4);
    if (n.has("asns")) {
      JsonNode a = array(n.get("asns"), path + ".asns");
      for (int i = 0; i < a.size(); i++) {
        String p = path + ".asns[" + i + "]";
        JsonNode e = a.get(i);
        try {
          if (e.isIntegralNumber() && e.canConvertToLong()) b.addAsn(e.longValue());
          else if (e.isTextual()) b.addAsn(e.textValue());
          else throw error(p, "expected an AS number (64496 or \"AS64496\"), got " + kind(e));
        } catch (IllegalArgumentException ex) {
          if (ex instanceof ConfigException c) throw c;
          throw error(p, ex.getMessage());
        }
      }
    }
    return b.build();
  }

  /**
   * Each database: a string (path or URI) or null. A relative path naming a file next to the
   * configuration file becomes that file's absolute path; otherwise it stays as written, to be
   * found among the files shipped with the application when a query opens it.
   */
  private GeoIp geoIp(JsonNode n, String path) {
    object(n, path);
    checkKeys(n, path, "country", "asn", "city");
    return new GeoIp(database(n.get("country"), path + ".country"), database(n.get("asn"), path + ".asn"),
        database(n.get("city"), path + ".city"));
  }

  private String database(JsonNode n, String path) {
    if (n == null || n.isNull()) return null;
    String s = string(n, path).strip();
    if (s.isEmpty()) throw error(path, "empty location (use null or leave the key out for none)");
    if (hasScheme(s)) return s;
    Path p;
    try {
      p = baseDir.resolve(s).normalize();
    } catch (InvalidPathException e) {
      throw error(path, "not a valid path: \"" + s + "\"");
    }
    return Files.isRegularFile(p) ? p.toString() : s;
  }

  /** Whether {@code s} starts with a URI scheme of two or more characters ({@code C:\\} is a path). */
  static boolean hasScheme(String s) {
    int colon = s.indexOf(':');
    if (colon < 2) return false;
    for (int i = 0; i < colon; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+'
          || c == '-' || c == '.'));
      if (!ok) return false;
    }
    return true;
  }

  private void entries(JsonNode n, String path, Consumer<String> add) {
    JsonNode a = array(n, path);
    for (int i = 0; i < a.size(); i++) {
      String p = path + "[" + i + "]";
      String s = string(a.get(i), p);
      try {
        add.accept(s);
      } catch (IllegalArgumentException e) {
        throw error(p, e.getMessage());
      }
    }
  }

  /** One entry per line; '#' starts a comment; blank lines are skipped. {@code null} means none. */
  private void fileEntries(JsonNode n, String path, Consumer<String> add) {
    if (n.isNull()) return;
    String name = string(n, path);
    if (name.isBlank()) throw error(path, "empty file name (use null or leave the key out for none)");
    Path file = baseDir.resolve(name).normalize();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw error(path, "file not found: " + file);
    } catch (MalformedInputException e) {
      throw error(path, "not UTF-8 text: " + file);
    } catch (IOException e) {
      throw error(path, "cannot read " + file + ": " + e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.strip();
      if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1).strip();
      if (line.isEmpty()) continue;
      try {
        add.accept(line);
      } catch (IllegalArgumentException e) {
        throw error(path, file + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
  }

  private FlowTimeouts flowTimeouts(JsonNode n, String path) {
    object(n, path);
    checkKeys(n, path, "tcp", "udp", "icmp", "other");
    FlowTimeouts d = FlowTimeouts.defaults();
    return FlowTimeouts.of(
        n.has("tcp") ? positive(n.get("tcp"), path + ".tcp") : d.tcp(),
        n.has("udp") ? positive(n.get("udp"), path + ".udp") : d.udp(),
        n.has("icmp") ? positive(n.get("icmp"), path + ".icmp") : d.icmp(),
        n.has("other") ? positive(n.get("other"), path + ".other") : d.other());
  }

  private ReportSizes reports(JsonNode n, String path) {
    object(n, path);
    checkKeys(n, path, "topN");
    return ReportSizes.of(n.has("topN") ? positive(n.get("topN"), path + ".topN") : ReportSizes.defaults().topN());
  }

  private int communityIdSeed(JsonNode n, String path) {
    object(n, path);
    checkKeys(n, path, "seed");
    if (!n.has("seed")) return Config.defaults().communityIdSeed();
    JsonNode v = n.get("seed");
    String p = path + ".seed";
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(p, "expected a whole number, got " + kind(v));
    if (v.intValue() < 0 || v.intValue() > 0xFFFF) throw error(p, "must be 0 to 65535, got " + v.intValue());
    return v.intValue();
  }

  // ---- value helpers ----

  private void object(JsonNode n, String path) {
    if (!n.isObject()) throw error(path, "expected a JSON object, got " + kind(n));
  }

  private JsonNode array(JsonNode n, String path) {
    if (!n.isArray()) throw error(path, "expected a list, got " + kind(n));
    return n;
  }

  private String string(JsonNode n, String path) {
    if (!n.isTextual()) throw error(path, "expected a string, got " + kind(n));
    return n.textValue();
  }

  private int positive(JsonNode n, String path) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) throw error(path, "expected a whole number, got " + kind(n));
    int v = n.intValue();
    if (v < 1) throw error(path, "must be at least 1, got " + v);
    return v;
  }

  private static String kind(JsonNode n) {
    if (n.isTextual()) return "the string \"" + n.textValue() + "\"";
    if (n.isNumber()) return "the number " + n.asText();
    if (n.isBoolean()) return n.asText();
    if (n.isNull()) return "null";
    if (n.isArray()) return "a list";
    if (n.isObject()) return "an object";
    return n.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private void checkKeys(JsonNode n, String path, String... known) {
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String k = e.getKey();
      boolean ok = false;
      for (String s : known) ok |= s.equals(k);
      if (!ok) {
        String p = path.isEmpty() ? k : path + "." + k;
        String hint = closest(k, known);
        throw error(p, "unknown key" + (hint == null ? "" : " (did you mean \"" + hint + "\"?)")
            + "; known keys here: " + String.join(", ", known));
      }
    }
  }

  /** The known key within edit distance 2 of {@code k} (case-insensitive), if any. */
  private static String closest(String k, String[] known) {
    String best = null;
    int bestD = 3;
    for (String s : known) {
      int d = distance(k.toLowerCase(Locale.ROOT), s.toLowerCase(Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}

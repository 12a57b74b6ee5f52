package org.pcapanalytics.generate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Made-up but plausible DNS names, URIs and user agents. Each domain has a fixed IPv4 and IPv6 server, so
 * DNS answers, TLS SNI, HTTP Host headers and the addresses connected to agree with each other.
 */
final class Names {
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ne", "ra", "to", "vi", "zu", "bel", "cor", "dan", "fen", "gal", "hex", "jor", "kin",
    "lum", "mar", "nov", "pix", "qua", "ros", "sol", "tek", "ul", "ven", "wex", "yo", "zen", "ab", "or",
  };
  private static final String[] TLDS = {"com", "com", "com", "net", "org", "io", "de", "co.uk", "fr", "cloud", "dev"};
  private static final String[] PREFIXES = {
    "www", "www", "api", "cdn", "static", "img", "login", "mail", "update", "telemetry", "assets", "m", "shop",
    "docs", "git", "auth", "video", "s3",
  };
  private static final String[] PATHS = {
    "/", "/index.html", "/favicon.ico", "/api/v1/items", "/api/v2/search", "/static/app.js", "/static/site.css",
    "/images/logo.png", "/login", "/cart", "/news/latest", "/download/setup.exe", "/v1/telemetry",
    "/wp-admin/admin-ajax.php", "/robots.txt", "/healthz",
  };
  private static final String[] USER_AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        + "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "curl/8.5.0", "python-requests/2.32.3", "Wget/1.21.4", "Microsoft-CryptoAPI/10.0",
  };

  final String[] domains;
  /** Wire-format (length-prefixed labels, terminating zero) of each domain. */
  final byte[][] wire;
  final int[] serverV4;
  final int[] serverV6;

  Names(SplittableRandom r, Hosts hosts) {
    Set<String> set = new LinkedHashSet<>();
    while (set.size() < 600) {
      set.add(PREFIXES[r.nextInt(PREFIXES.length)] + "." + word(r) + "." + TLDS[r.nextInt(TLDS.length)]);
    }
    domains = set.toArray(new String[0]);
    wire = new byte[domains.length][];
    serverV4 = new int[domains.length];
    serverV6 = new int[domains.length];
    for (int i = 0; i < domains.length; i++) {
      wire[i] = toWire(domains[i]);
      serverV4[i] = hosts.pickExternal(r, false);
      serverV6[i] = hosts.pickExternal(r, true);
    }
  }

  /** A popular-skewed domain index. */
  int pickDomain(SplittableRandom r) {
    double u = r.nextDouble();
    return (int) (domains.length * u * u);
  }

  /** A name that does not exist (typo or algorithmically generated). */
  static String nxName(SplittableRandom r) {
    StringBuilder sb = new StringBuilder();
    int n = 8 + r.nextInt(10);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('a' + r.nextInt(26)));
    }
    return sb.append('.').append(TLDS[r.nextInt(TLDS.length)]).toString();
  }

  static String word(SplittableRandom r) {
    int n = 2 + r.nextInt(2);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
    }
    return sb.toString();
  }

  static String uri(SplittableRandom r) {
    String p = PATHS[r.nextInt(PATHS.length)];
    if (p.startsWith("/api") || r.nextInt(5) == 0) {
      return p + "?id=" + r.nextInt(100000) + "&q=" + word(r);
    }
    return p;
  }

  static String userAgent(SplittableRandom r) {
    return USER_AGENTS[r.nextInt(USER_AGENTS.length)];
  }

  /** DNS wire form: length-prefixed labels and a zero byte. */
  static byte[] toWire(String name) {
    String[] labels = name.split("\\.");
    List<byte[]> parts = new ArrayList<>();
    int len = 1;
    for (String l : labels) {
      byte[] b = l.getBytes(StandardCharsets.US_ASCII);
      parts.add(b);
      len += 1 + b.length;
    }
    byte[] out = new byte[len];
    int o = 0;
    for (byte[] p : parts) {
      out[o++] = (byte) p.length;
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }
}

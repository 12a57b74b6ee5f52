package org.pcapanalytics.net;

import java.util.HashSet;
import java.util.Set;

/**
 * A compact, hand-picked list of common multi-label public suffixes, for
 * {@link DomainNames#registeredDomain}. It is <b>not</b> the Public Suffix List: it knows the
 * usual second-level registries of frequent country-code TLDs ({@code co.uk}, {@code com.au},
 * {@code co.jp}, …), a few CentralNic names ({@code uk.com}) and the shared hosting and dynamic
 * DNS platforms where every sub-domain belongs to a different party ({@code github.io},
 * {@code pages.dev}, {@code duckdns.org}, …). It has no wildcard or exception rules. Every
 * single-label TLD is a public suffix implicitly. Names under suffixes it does not know reduce to
 * two labels: {@code a.b.example.kawasaki.jp} → {@code kawasaki.jp}.
 */
public final class PublicSuffixes {
  private PublicSuffixes() {}

  private static final String[] LIST = {
    // United Kingdom
    "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk", "ac.uk", "gov.uk", "nhs.uk",
    "police.uk", "mod.uk",
    // Australia, New Zealand
    "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
    "co.nz", "net.nz", "org.nz", "ac.nz", "govt.nz", "school.nz", "geek.nz", "gen.nz", "kiwi.nz",
    "maori.nz", "health.nz", "mil.nz", "cri.nz", "iwi.nz", "parliament.nz",
    // East and South-East Asia
    "co.jp", "ne.jp", "or.jp", "ac.jp", "ad.jp", "ed.jp", "go.jp", "gr.jp", "lg.jp",
    "co.kr", "ne.kr", "or.kr", "re.kr", "pe.kr", "go.kr", "ac.kr", "mil.kr",
    "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn", "mil.cn",
    "com.hk", "net.hk", "org.hk", "edu.hk", "gov.hk", "idv.hk",
    "com.tw", "net.tw", "org.tw", "edu.tw", "gov.tw", "idv.tw",
    "com.sg", "net.sg", "org.sg", "edu.sg", "gov.sg", "per.sg",
    "com.my", "net.my", "org.my", "edu.my", "gov.my",
    "co.id", "or.id", "ac.id", "go.id", "web.id", "net.id", "sch.id", "my.id", "biz.id",
    "co.th", "in.th", "ac.th", "go.th", "or.th", "net.th",
    "com.ph", "net.ph", "org.ph", "edu.ph", "gov.ph",
    "com.vn", "net.vn", "org.vn", "edu.vn", "gov.vn",
    // South Asia
    "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in", "ac.in", "edu.in", "res.in", "gov.in",
    "com.pk", "net.pk", "org.pk", "edu.pk", "gov.pk",
    // Africa
    "co.za", "org.za", "net.za", "gov.za", "ac.za", "web.za",
    "com.ng", "org.ng", "gov.ng", "edu.ng",
    "co.ke", "or.ke", "ac.ke", "go.ke", "ne.ke",
    "com.eg", "edu.eg", "gov.eg", "org.eg",
    // Americas
    "com.br", "net.br", "org.br", "gov.br", "edu.br", "art.br", "blog.br", "eng.br", "ind.br",
    "inf.br", "mil.br",
    "com.ar", "net.ar", "org.ar", "gob.ar", "edu.ar", "int.ar", "mil.ar",
    "com.mx", "net.mx", "org.mx", "gob.mx", "edu.mx",
    "com.co", "net.co", "org.co", "edu.co", "gov.co",
    "com.pe", "net.pe", "org.pe", "gob.pe", "edu.pe",
    "co.cl", "gob.cl", "gov.cl",
    "com.ve", "net.ve", "org.ve", "gob.ve",
    "com.uy", "edu.uy", "gub.uy", "net.uy", "org.uy",
    "com.ec", "net.ec", "org.ec", "gob.ec", "edu.ec",
    // Middle East
    "com.tr", "net.tr", "org.tr", "gen.tr", "biz.tr", "edu.tr", "gov.tr", "k12.tr", "av.tr",
    "bel.tr", "tv.tr", "web.tr",
    "co.il", "org.il", "net.il", "ac.il", "gov.il", "muni.il", "k12.il",
    "com.sa", "net.sa", "org.sa", "edu.sa", "gov.sa", "med.sa", "sch.sa",
    "co.ae", "net.ae", "org.ae", "ac.ae", "gov.ae", "sch.ae", "mil.ae",
    "com.qa", "edu.qa", "gov.qa", "net.qa", "org.qa",
    // Europe
    "com.ua", "net.ua", "org.ua", "edu.ua", "gov.ua", "in.ua",
    "com.pl", "net.pl", "org.pl", "edu.pl", "gov.pl", "info.pl", "biz.pl", "waw.pl",
    "com.es", "nom.es", "org.es", "gob.es", "edu.es",
    "gouv.fr", "asso.fr", "com.fr", "nom.fr", "tm.fr",
    "gov.it", "edu.it",
    "com.gr", "edu.gr", "net.gr", "org.gr", "gov.gr",
    "com.pt", "edu.pt", "gov.pt", "org.pt",
    "co.at", "or.at", "ac.at", "gv.at",
    "ac.be",
    "co.hu", "org.hu",
    "com.cy", "com.mt", "com.ro", "org.ro",
    // CentralNic second-level names
    "uk.com", "us.com", "eu.com", "de.com", "cn.com", "br.com",
    // Shared hosting, code hosting and dynamic DNS: each sub-domain is a different owner
    "github.io", "githubusercontent.com", "gitlab.io", "bitbucket.io", "readthedocs.io",
    "blogspot.com", "appspot.com", "herokuapp.com", "firebaseapp.com", "web.app",
    "azurewebsites.net", "cloudapp.net", "cloudfront.net", "s3.amazonaws.com",
    "elasticbeanstalk.com", "amplifyapp.com",
    "netlify.app", "vercel.app", "pages.dev", "workers.dev", "r2.dev", "trycloudflare.com",
    "fly.dev", "onrender.com", "glitch.me", "surge.sh", "myshopify.com",
    "ngrok.io", "ngrok-free.app",
    "duckdns.org", "dyndns.org", "ddns.net", "hopto.org", "zapto.org",
  };

  private static final Set<String> SET = new HashSet<>();

  /** The most labels of any entry. */
  static final int MAX_LABELS;

  static {
    int max = 1;
    for (String s : LIST) {
      SET.add(s);
      int labels = 1;
      for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '.') labels++;
      max = Math.max(max, labels);
    }
    MAX_LABELS = max;
  }

  /** Whether the normalized name {@code s} from {@code from} on is a listed suffix. */
  static boolean contains(String s, int from) {
    return SET.contains(from == 0 ? s : s.substring(from));
  }

  /** Whether the normalized name is one of the listed multi-label suffixes. */
  public static boolean isListed(String normalized) {
    return normalized != null && SET.contains(normalized);
  }

  /** Number of listed suffixes. */
  public static int size() {
    return SET.size();
  }
}

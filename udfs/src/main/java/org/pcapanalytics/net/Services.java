package org.pcapanalytics.net;

import java.util.Locale;

/**
 * A built-in table of well-known TCP and UDP services, like {@code /etc/services} for about 150
 * common ports. Names are IANA service names, lower case, with these deliberate exceptions:
 * 53 is {@code dns} (IANA: {@code domain}), 43 is {@code whois} (IANA: {@code nicname}), 8443 is
 * {@code https-alt} and 9100 {@code jetdirect} (the names tools show; IANA's are
 * {@code pcsync-https} and {@code pdl-datastream}). 3389 is IANA's {@code ms-wbt-server}
 * (Zeek and most people call it RDP). A few ports carry different services on TCP and UDP
 * (512 exec/biff, 513 login/who, 514 shell/syslog, 520 efs/router). Other protocols, ports
 * outside 0–65535 and ports not in the table give {@code null}.
 */
public final class Services {
  private Services() {}

  public static final int TCP = 6;
  public static final int UDP = 17;

  // port name protocols (t = TCP, u = UDP)
  private static final String TABLE = """
      1 tcpmux t
      7 echo tu
      9 discard tu
      11 systat t
      13 daytime tu
      17 qotd tu
      19 chargen tu
      20 ftp-data t
      21 ftp t
      22 ssh tu
      23 telnet t
      25 smtp t
      37 time tu
      43 whois t
      49 tacacs tu
      53 dns tu
      67 bootps u
      68 bootpc u
      69 tftp u
      70 gopher t
      79 finger t
      80 http tu
      88 kerberos tu
      102 iso-tsap t
      109 pop2 t
      110 pop3 t
      111 sunrpc tu
      113 auth t
      119 nntp t
      123 ntp tu
      135 epmap tu
      137 netbios-ns tu
      138 netbios-dgm tu
      139 netbios-ssn tu
      143 imap t
      161 snmp tu
      162 snmptrap tu
      177 xdmcp u
      179 bgp t
      194 irc t
      199 smux t
      389 ldap tu
      427 svrloc tu
      443 https tu
      445 microsoft-ds tu
      464 kpasswd tu
      465 submissions t
      500 isakmp u
      502 mbap t
      512 exec t
      512 biff u
      513 login t
      513 who u
      514 shell t
      514 syslog u
      515 printer t
      520 efs t
      520 router u
      521 ripng u
      540 uucp t
      543 klogin t
      544 kshell t
      546 dhcpv6-client u
      547 dhcpv6-server u
      548 afpovertcp t
      554 rtsp tu
      563 nntps t
      587 submission t
      593 http-rpc-epmap tu
      623 asf-rmcp u
      631 ipp tu
      636 ldaps t
      639 msdp t
      646 ldp tu
      749 kerberos-adm t
      830 netconf-ssh t
      853 domain-s tu
      860 iscsi t
      873 rsync t
      989 ftps-data t
      990 ftps t
      992 telnets t
      993 imaps t
      995 pop3s t
      1080 socks t
      1194 openvpn tu
      1433 ms-sql-s t
      1434 ms-sql-m u
      1512 wins tu
      1701 l2tp u
      1720 h323hostcall tu
      1723 pptp t
      1812 radius u
      1813 radius-acct u
      1883 mqtt t
      1900 ssdp u
      1985 hsrp u
      2000 cisco-sccp t
      2049 nfs tu
      2375 docker t
      2376 docker-s t
      2379 etcd-client t
      2380 etcd-server t
      2404 iec-104 t
      3260 iscsi-target t
      3268 msft-gc t
      3269 msft-gc-ssl t
      3306 mysql t
      3389 ms-wbt-server tu
      3478 stun tu
      3544 teredo u
      3690 svn t
      3702 ws-discovery u
      3784 bfd-control u
      4369 epmd t
      4500 ipsec-nat-t u
      4739 ipfix tu
      4789 vxlan u
      4840 opcua-tcp t
      5060 sip tu
      5061 sips t
      5222 xmpp-client t
      5269 xmpp-server t
      5349 stuns t
      5353 mdns u
      5355 llmnr u
      5357 wsdapi t
      5432 postgresql t
      5671 amqps t
      5672 amqp t
      5683 coap u
      5900 rfb t
      5984 couchdb t
      5985 wsman t
      5986 wsmans t
      6000 x11 t
      6081 geneve u
      6343 sflow u
      6379 redis t
      6514 syslog-tls t
      6653 openflow t
      6697 ircs-u t
      7547 cwmp t
      8008 http-alt t
      8080 http-alt t
      8443 https-alt t
      8883 secure-mqtt t
      9100 jetdirect t
      9418 git t
      10050 zabbix-agent t
      10051 zabbix-trapper t
      11211 memcache tu
      20000 dnp tu
      27017 mongodb t
      44818 ethernet-ip-2 tu
      47808 bacnet u
      """;

  private static final String[] TCP_NAMES = new String[65536];
  private static final String[] UDP_NAMES = new String[65536];
  private static int entries;

  static {
    for (String line : TABLE.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length != 3) continue;
      int port = Integer.parseInt(f[0]);
      if (f[2].indexOf('t') >= 0) {
        TCP_NAMES[port] = f[1];
        entries++;
      }
      if (f[2].indexOf('u') >= 0) {
        UDP_NAMES[port] = f[1];
        entries++;
      }
    }
  }

  /** Number of (protocol, port) entries. */
  public static int size() {
    return entries;
  }

  /** The service on {@code port} for IP protocol number {@code proto} (6 or 17), or null. */
  public static String name(int proto, int port) {
    if (port < 0 || port > 65535) return null;
    if (proto == TCP) return TCP_NAMES[port];
    if (proto == UDP) return UDP_NAMES[port];
    return null;
  }

  /**
   * The service for a protocol given as a name ({@code tcp}, {@code udp}, any case) or a number
   * ({@code "6"}, {@code "17"}); null for anything else.
   */
  public static String name(String proto, int port) {
    int p = protocolNumber(proto);
    return p < 0 ? null : name(p, port);
  }

  /** 6 for "tcp", 17 for "udp" (any case), the value of a decimal number, else -1. */
  public static int protocolNumber(String proto) {
    if (proto == null) return -1;
    if (proto.length() == 3) {
      String p = proto.toLowerCase(Locale.ROOT);
      if (p.equals("tcp")) return TCP;
      if (p.equals("udp")) return UDP;
    }
    int n = proto.length();
    if (n == 0 || n > 3) return -1;
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = proto.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }
}

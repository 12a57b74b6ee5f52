package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcapanalytics.generate.GenerationSummary.Counter;

/**
 * Reads generated files with tshark and compares what it decodes with the summary. Skipped when tshark is
 * not installed, except in CI (environment variable {@code CI} set), where a missing tshark fails the build.
 */
class TsharkValidationTest {
  private static Path tshark;
  private static Path capinfos;

  @TempDir
  static Path dir;

  @BeforeAll
  static void findTshark() {
    tshark = onPath("tshark");
    capinfos = onPath("capinfos");
    if (tshark == null) {
      if (System.getenv("CI") != null) {
        fail("tshark is not on the PATH, but CI is set: install tshark (Debian package 'tshark')");
      }
      Assumptions.abort("tshark is not on the PATH");
    }
  }

  static Stream<Arguments> files() {
    return Stream.of(
        Arguments.of("pcap LE Ethernet", Generated.options(400_000, 1)),
        Arguments.of("pcap-ns BE SLL2 snaplen 200", Generated.options(300_000, 2).format(CaptureFormat.PCAP_NS)
            .byteOrder(ByteOrder.BIG_ENDIAN).linkType(276).snaplen(200)),
        Arguments.of("pcap LE NULL out of order", Generated.options(300_000, 3).linkType(0).outOfOrder(true)),
        Arguments.of("pcapng BE 4 interfaces 2 sections", Generated.options(400_000, 4)
            .format(CaptureFormat.PCAPNG).byteOrder(ByteOrder.BIG_ENDIAN).interfaces(4).sections(2)
            .alternateSectionByteOrder(true)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void tsharkEndpointsAndDecodedFieldsMatchTheSummary(String name, GeneratorOptions.Builder b) throws Exception {
    GeneratorOptions opts = b.build();
    Path file = dir.resolve(name.replace(' ', '_') + (opts.format() == CaptureFormat.PCAPNG ? ".pcapng" : ".pcap"));
    GenerationSummary s = CaptureGenerator.generate(opts, file);

    // endpoints, counted the way the top-talkers report must count them
    Map<String, GenerationSummary.EndpointStats> seen = new HashMap<>();
    for (String line : run(tshark.toString(), "-n", "-r", file.toString(), "-q", "-z", "endpoints,ip", "-z",
        "endpoints,ipv6")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 7 && f[1].matches("\\d+")) {
        seen.put(f[0], new GenerationSummary.EndpointStats(Long.parseLong(f[3]), Long.parseLong(f[4]),
            Long.parseLong(f[5]), Long.parseLong(f[6])));
      }
    }
    assertEquals(s.endpoints(), seen);

    if (capinfos != null) {
      String packets = run(capinfos.toString(), "-M", "-c", file.toString()).stream()
          .filter(l -> l.startsWith("Number of packets")).findFirst().orElseThrow();
      assertEquals(s.records(), Long.parseLong(packets.replaceAll("\\D", "")));
    }

    // per-frame fields, without reassembly, first occurrence (the outer headers)
    List<String> rows = run(tshark.toString(), "-n", "-r", file.toString(), "-o", "ip.defragment:FALSE",
        "-o", "tcp.desegment_tcp_streams:FALSE", "-T", "fields", "-E", "occurrence=f", "-E", "separator=|",
        "-e", "frame.len", "-e", "dns.flags.response", "-e", "dns.flags.rcode", "-e", "http.request.method",
        "-e", "http.host", "-e", "tls.handshake.type", "-e", "tls.handshake.extensions_server_name",
        "-e", "icmp.type", "-e", "icmpv6.type", "-e", "ip.flags.mf", "-e", "ip.frag_offset", "-e", "vlan.id",
        "-e", "ieee8021ad.id", "-e", "tcp.flags", "-e", "frame.interface_id");
    long frames = 0;
    long wire = 0;
    long dns = 0;
    long nx = 0;
    long http = 0;
    long hello = 0;
    long echo = 0;
    long unreachable = 0;
    long frags = 0;
    long vlan = 0;
    long qinq = 0;
    long rst = 0;
    for (String row : rows) {
      String[] f = (row + "|end").split("\\|", -1);
      if (opts.format() == CaptureFormat.PCAPNG && f[14].isEmpty()) {
        continue; // a pcapng custom block, which tshark lists as a frame without an interface
      }
      frames++;
      wire += Long.parseLong(f[0]);
      if (f[1].equals("1") || f[1].equals("True")) {
        dns++;
        nx += f[2].equals("3") ? 1 : 0;
      }
      http += !f[3].isEmpty() && !f[4].isEmpty() ? 1 : 0;
      hello += f[5].equals("1") && !f[6].isEmpty() ? 1 : 0;
      echo += f[7].equals("0") || f[8].equals("129") ? 1 : 0;
      unreachable += f[7].equals("3") ? 1 : 0;
      frags += f[9].equals("1") || !f[10].isEmpty() && !f[10].equals("0") ? 1 : 0;
      vlan += !f[11].isEmpty() || !f[12].isEmpty() ? 1 : 0;
      qinq += !f[12].isEmpty() ? 1 : 0;
      rst += !f[13].isEmpty() && (Integer.decode(f[13]) & 0x04) != 0 ? 1 : 0;
    }
    assertEquals(s.records(), frames);
    assertEquals(s.wireBytes(), wire);
    assertEquals(s.count(Counter.DNS_TRANSACTIONS), dns);
    assertEquals(s.count(Counter.DNS_NXDOMAIN), nx);
    assertEquals(s.count(Counter.ICMP_ECHO_EXCHANGES) + s.count(Counter.ICMPV6_ECHO_EXCHANGES), echo);
    assertEquals(s.count(Counter.ICMP_UNREACHABLE), unreachable);
    assertEquals(s.count(Counter.IPV4_FRAGMENTS), frags);
    assertEquals(s.count(Counter.VLAN_FRAMES), vlan);
    assertEquals(s.count(Counter.QINQ_FRAMES), qinq);
    assertEquals(s.count(Counter.TCP_REJ) + s.count(Counter.TCP_RSTO) + s.count(Counter.TCP_RSTR), rst);
    if (opts.snaplen() == GeneratorOptions.MAX_SNAPLEN) {
      assertEquals(s.count(Counter.HTTP_REQUESTS), http);
      assertEquals(s.count(Counter.TLS_CLIENT_HELLOS), hello);
    }
    assertTrue(dns > 0 && echo > 0);
  }

  private static List<String> run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path config = Files.createDirectories(dir.resolve("wireshark-config"));
    pb.environment().put("WIRESHARK_CONFIG_DIR", config.toString());
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().put("TZ", "UTC");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    List<String> out = new ArrayList<>();
    try (var r = p.inputReader(StandardCharsets.UTF_8)) {
      r.lines().forEach(out::add);
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", cmd));
    }
    String stderr = Files.readString(err).lines().filter(l -> !l.contains("Running as user"))
        .reduce("", (a, l) -> a + l + "\n");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + stderr);
    assertEquals("", stderr.trim(), "no warnings from " + cmd[0]);
    return out;
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}

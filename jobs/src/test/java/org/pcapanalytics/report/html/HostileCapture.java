package org.pcapanalytics.report.html;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small hand-made capture whose names are markup: a DNS question for {@link #DNS_NAME} and an
 * HTTP request with Host {@link #HTTP_HOST} (a whole TCP connection), both under
 * {@code evil.example}, so a watch list of that domain shows them.
 */
final class HostileCapture {
  private HostileCapture() {}

  static final String DNS_NAME = "<script>alert(1)</script>.evil.example";
  static final String HTTP_HOST = "<img src=x onerror=alert(2)>.evil.example";

  private static final byte[] CLIENT = {10, 9, 0, 5};
  private static final byte[] RESOLVER = {10, 9, 0, 53};
  private static final byte[] SERVER = {(byte) 203, 0, 113, 7};

  /** Writes the capture (Ethernet, pcap, microseconds) with packets from {@code startSec}. */
  static void write(Path file, long startSec) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(le(24).putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(262144).putInt(1).array());
    long t = startSec;
    record(out, t, ipv4(17, CLIENT, RESOLVER, udp(40123, 53, dnsQuery(DNS_NAME))));
    int a = 40000;
    long cs = 1000;
    long ss = 5000;
    record(out, t + 1, ipv4(6, CLIENT, SERVER, tcp(a, 80, cs, 0, 0x02, new byte[0])));
    record(out, t + 1, ipv4(6, SERVER, CLIENT, tcp(80, a, ss, cs + 1, 0x12, new byte[0])));
    record(out, t + 1, ipv4(6, CLIENT, SERVER, tcp(a, 80, cs + 1, ss + 1, 0x10, new byte[0])));
    byte[] req = ("GET /index.html HTTP/1.1\r\nHost: " + HTTP_HOST + "\r\nUser-Agent: t\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    record(out, t + 2, ipv4(6, CLIENT, SERVER, tcp(a, 80, cs + 1, ss + 1, 0x18, req)));
    record(out, t + 2, ipv4(6, SERVER, CLIENT, tcp(80, a, ss + 1, cs + 1 + req.length, 0x11, new byte[0])));
    record(out, t + 3, ipv4(6, CLIENT, SERVER, tcp(a, 80, cs + 1 + req.length, ss + 2, 0x11, new byte[0])));
    Files.write(file, out.toByteArray());
  }

  private static void record(ByteArrayOutputStream out, long sec, byte[] ip) {
    ByteBuffer eth = ByteBuffer.allocate(14 + ip.length);
    eth.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800).put(ip);
    byte[] frame = eth.array();
    out.writeBytes(le(16).putInt((int) sec).putInt(250_000).putInt(frame.length).putInt(frame.length).array());
    out.writeBytes(frame);
  }

  private static byte[] ipv4(int proto, byte[] src, byte[] dst, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) 0x1234)
        .putShort((short) 0x4000).put((byte) 64).put((byte) proto).putShort((short) 0).put(src).put(dst);
    byte[] h = b.array();
    int sum = 0;
    for (int i = 0; i < 20; i += 2) sum += ((h[i] & 0xff) << 8) | (h[i + 1] & 0xff);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b.putShort(10, (short) ~sum);
    b.position(20);
    b.put(payload);
    return b.array();
  }

  private static byte[] udp(int sport, int dport, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putShort((short) sport).putShort((short) dport)
        .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload).array();
  }

  private static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
    return ByteBuffer.allocate(20 + payload.length).putShort((short) sport).putShort((short) dport).putInt((int) seq)
        .putInt((int) ack).put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0)
        .putShort((short) 0).put(payload).array();
  }

  private static byte[] dnsQuery(String name) {
    ByteArrayOutputStream q = new ByteArrayOutputStream();
    q.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : name.split("\\.")) {
      byte[] l = label.getBytes(StandardCharsets.ISO_8859_1);
      q.write(l.length);
      q.writeBytes(l);
    }
    q.writeBytes(new byte[] {0, 0, 1, 0, 1});
    return q.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}

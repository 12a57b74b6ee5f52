package org.pcapanalytics.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The answer section of a DNS message ({@link PacketDecoder#DNS_ANSWERS}): per answer its owner
 * name, type, TTL and data, the texts already rendered the way tshark prints them, in one reused
 * byte arena. Held by a {@link DecodedPacket} and reused for every packet, so decoding allocates
 * nothing once the arena has grown to the largest section seen.
 *
 * <p>Data text by type: A and AAAA as addresses; CNAME, NS, PTR as the name; MX {@code preference
 * exchange}; SRV {@code priority weight port target}; SOA {@code mname rname serial refresh retry
 * expire minimum}; TXT its strings separated by a space; any other type, or data that does not
 * parse as its type, as lowercase hex. These are tshark's fields of each record ({@code dns.a},
 * {@code dns.mx.preference}, {@code dns.mx.mail_exchange}, ...) in their order, one space between.
 */
public final class DnsAnswers {
  /** Answers kept per message; {@link DecodedPacket#dnsAnswerCount} still says how many there were. */
  public static final int MAX = 256;

  private int size;
  private final int[] type = new int[MAX];
  private final long[] ttl = new long[MAX];
  private final int[] nameOff = new int[MAX], nameLen = new int[MAX], dataOff = new int[MAX], dataLen = new int[MAX];
  /** Rendered names and data (UTF-8). */
  byte[] text = new byte[4096];
  int textLen;

  DnsAnswers() {}

  public int size() {
    return size;
  }

  public int type(int i) {
    return type[i];
  }

  /** TTL in seconds (unsigned 32 bits, as tshark shows it). */
  public long ttl(int i) {
    return ttl[i];
  }

  /** The arena {@link #nameOff}/{@link #dataOff} index (valid until the next packet). */
  public byte[] text() {
    return text;
  }

  public int nameOff(int i) {
    return nameOff[i];
  }

  public int nameLen(int i) {
    return nameLen[i];
  }

  public int dataOff(int i) {
    return dataOff[i];
  }

  public int dataLen(int i) {
    return dataLen[i];
  }

  /** The owner name of answer i (tests and slow paths). */
  public String name(int i) {
    return new String(text, nameOff[i], nameLen[i], StandardCharsets.UTF_8);
  }

  /** The data text of answer i (tests and slow paths). */
  public String data(int i) {
    return new String(text, dataOff[i], dataLen[i], StandardCharsets.UTF_8);
  }

  void clear() {
    size = 0;
    textLen = 0;
  }

  boolean full() {
    return size == MAX;
  }

  /** Makes room for {@code n} more bytes of text. */
  void ensure(int n) {
    if (textLen + n > text.length) text = Arrays.copyOf(text, Math.max(text.length * 2, textLen + n));
  }

  /** Appends an answer whose name is text[nameStart, dataStart) and data text[dataStart, textLen). */
  void add(int t, long seconds, int nameStart, int dataStart) {
    type[size] = t;
    ttl[size] = seconds;
    nameOff[size] = nameStart;
    nameLen[size] = dataStart - nameStart;
    dataOff[size] = dataStart;
    dataLen[size] = textLen - dataStart;
    size++;
  }
}

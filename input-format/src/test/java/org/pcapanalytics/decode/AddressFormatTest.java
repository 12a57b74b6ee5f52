package org.pcapanalytics.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AddressFormatTest {

  /** Each pair: the address bytes in hex, and how tshark 4.0.17 prints it (ipv6.src). */
  private static final String[][] IPV6_AS_TSHARK = {
      {"00000000000000000000000000000000", "::"},
      {"00000000000000000000000000000001", "::1"},
      {"00000000000000000000ffff0a000001", "::ffff:10.0.0.1"},
      {"0000000000000000000000000a000001", "::10.0.0.1"},
      {"20010db8000000000000000000000001", "2001:db8::1"},
      {"20010db8000000010000000000000001", "2001:db8:0:1::1"},
      {"20010db8000000000001000000000001", "2001:db8::1:0:0:1"},
      {"fe800000000000000000000000000000", "fe80::"},
      {"00010000000000000000000000000000", "1::"},
      {"20010db80000000000000000ffff0001", "2001:db8::ffff:1"},
      {"000000000000000000000000ffff0000", "::255.255.0.0"},
      {"00000000000000000000ffff00000000", "::ffff:0.0.0.0"},
      {"20010db800000000ffff000000000000", "2001:db8:0:0:ffff::"},
      {"00000000000000000000000100000000", "::1:0:0"},
      {"00000000000000000000000000010000", "::0.1.0.0"},
      {"00010002000300040005000600070000", "1:2:3:4:5:6:7:0"},
      {"ffffffffffffffffffffffffffffffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
      {"20010db8000100000001000000000000", "2001:db8:1:0:1::"},
      {"0000000000000000000000000000ffff", "::ffff"},
      {"00000000000000000000fffe0a000001", "::fffe:a00:1"},
      {"0000000000000000000100000a000001", "::1:0:a00:1"},
      {"00640000ff9b00000000000001020304", "64:0:ff9b::102:304"},
  };

  @Test
  void ipv6LikeTshark() {
    for (String[] c : IPV6_AS_TSHARK) {
      long hi = new BigInteger(c[0].substring(0, 16), 16).longValue();
      long lo = new BigInteger(c[0].substring(16), 16).longValue();
      assertEquals(c[1], AddressFormat.ipv6String(hi, lo), c[0]);
    }
  }

  @Test
  void ipv4AndMac() {
    assertEquals("0.0.0.0", AddressFormat.ipv4String(0));
    assertEquals("255.255.255.255", AddressFormat.ipv4String(0xFFFFFFFFL));
    assertEquals("10.118.10.1", AddressFormat.ipv4String(0x0A760A01L));
    assertEquals("00:13:c3:df:ae:18", AddressFormat.macString(0x0013C3DFAE18L));
    assertEquals("ff:ff:ff:ff:ff:ff", AddressFormat.macString(0xFFFFFFFFFFFFL));
  }

  @Test
  void writesIntoScratchAtAnOffset() {
    byte[] scratch = new byte[100];
    int n = AddressFormat.ipv6(-1L, -1L, scratch, 7);
    assertEquals(39, n);
    assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", new String(scratch, 7, n, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(15, AddressFormat.ipv4(0xFFFFFFFFL, scratch, 50));
    assertEquals(AddressFormat.MAC_LEN, AddressFormat.mac(0, scratch, 0));
    DecodedPacket none = new DecodedPacket();
    assertEquals(0, AddressFormat.srcIp(none, scratch, 0));
  }
}

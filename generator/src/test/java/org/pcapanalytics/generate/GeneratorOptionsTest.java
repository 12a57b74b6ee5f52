package org.pcapanalytics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GeneratorOptionsTest {
  @Test
  void parsesSizes() {
    assertEquals(200 * 1024L, GeneratorOptions.parseSize("200K"));
    assertEquals(50L << 20, GeneratorOptions.parseSize("50M"));
    assertEquals(1L << 30, GeneratorOptions.parseSize("1G"));
    assertEquals(1L << 30, GeneratorOptions.parseSize("1g"));
    assertEquals(3L << 29, GeneratorOptions.parseSize("1.5G"));
    assertEquals(123456L, GeneratorOptions.parseSize("123456"));
    assertEquals(2048L, GeneratorOptions.parseSize("2KiB"));
    assertEquals(2048L, GeneratorOptions.parseSize("2KB"));
    for (String bad : new String[] {"", "K", "-5M", "12X", "1..2M", "0", "abc"}) {
      assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.parseSize(bad), bad);
    }
  }

  @Test
  void defaults() {
    GeneratorOptions o = GeneratorOptions.builder().build();
    assertEquals(CaptureFormat.PCAP, o.format());
    assertEquals(ByteOrder.LITTLE_ENDIAN, o.byteOrder());
    assertEquals(1, o.linkType());
    assertEquals(262144, o.snaplen());
    assertEquals(Instant.parse("2026-03-02T00:00:00Z"), o.start());
    assertEquals(Duration.ofDays(7), o.duration());
    assertEquals(true, o.adversarial());
    assertEquals(false, o.outOfOrder());
    assertEquals(1, o.interfaces());
    assertEquals(1, o.sections());
  }

  @Test
  void rejectsInvalidValues() {
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().linkType(127));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().snaplen(10));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().snaplen(300_000));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().targetBytes(0));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().interfaces(0));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().duration(Duration.ofSeconds(5)));
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().interfaces(3).build());
    assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.builder().sections(2).build());
    assertEquals(3, GeneratorOptions.builder().format(CaptureFormat.PCAPNG).interfaces(3).build().interfaces());
  }

  @Test
  void parsesFormatNames() {
    assertEquals(CaptureFormat.PCAP_NS, CaptureFormat.fromName("pcap-ns"));
    assertEquals(CaptureFormat.PCAPNG, CaptureFormat.fromName("PCAPNG"));
    assertThrows(IllegalArgumentException.class, () -> CaptureFormat.fromName("erf"));
  }
}

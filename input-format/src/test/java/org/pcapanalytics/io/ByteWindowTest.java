package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ByteWindowTest {
  @Test
  void positionsPastTheEndHoldNothingAndDoNotSeek() throws IOException {
    byte[] data = new byte[10_000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) i;
    try (ByteWindow w = new ByteWindow(SeekableBytes.stream(data), 0, data.length, 512)) {
      assertEquals(16, w.ensure(100, 16));
      // A length read from damaged bytes points far beyond the file (a stream would refuse the seek).
      assertEquals(0, w.ensure(600_000, 16));
      assertEquals(0, w.ensure(data.length, 1));
      assertEquals(8, w.ensure(data.length - 8, 16));
      assertEquals(16, w.ensure(5_000, 16));
      assertEquals((byte) 5_000, w.buf()[w.index(5_000)]);
    }
  }
}

package org.pcapanalytics.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A capture generated in memory, its summary and its walked structure. */
record Generated(byte[] bytes, GenerationSummary summary, CaptureWalker.Result walk) {
  static Generated of(GeneratorOptions opts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16,
        opts.targetBytes() + (1 << 20)));
    try {
      GenerationSummary s = CaptureGenerator.generate(opts, out);
      byte[] b = out.toByteArray();
      return new Generated(b, s, CaptureWalker.walk(b));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GeneratorOptions.Builder options(long size, long seed) {
    return GeneratorOptions.builder().targetBytes(size).seed(seed);
  }
}

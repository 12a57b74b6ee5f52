package org.pcapanalytics.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Recognises compressed captures by their magic number (a capture may be named anything), and
 * otherwise by the Hadoop codecs configured for the file name's suffix. gzip, bzip2 and zstd
 * work without native Hadoop libraries.
 */
final class Decompression {
  private Decompression() {}

  /** A name for the compression of a file starting with {@code m}, or null. */
  static String sniff(byte[] m, int n) {
    if (n >= 2 && (m[0] & 0xFF) == 0x1F && (m[1] & 0xFF) == 0x8B) return "gzip";
    if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') return "bzip2";
    if (n >= 4 && (m[0] & 0xFF) == 0x28 && (m[1] & 0xFF) == 0xB5 && (m[2] & 0xFF) == 0x2F && (m[3] & 0xFF) == 0xFD) {
      return "zstd";
    }
    if (n >= 4 && (m[0] & 0xFF) == 0xFD && m[1] == '7' && m[2] == 'z' && m[3] == 'X') return "xz";
    return null;
  }

  /** A name for the file's compression (by magic, else by a configured codec for its suffix), or null. */
  static String name(byte[] m, int n, Path path, Configuration conf) {
    String kind = sniff(m, n);
    if (kind != null) return kind;
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    return codec == null ? null : codec.getDefaultExtension().replace(".", "") + "-compressed";
  }

  /**
   * What a failure of a decompressing stream means: a stream that ends before its end marker was
   * cut short (a copy interrupted); anything else is corrupt. {@code decompressed} bytes of
   * capture came out of it before.
   */
  static String describe(String kind, IOException e, long decompressed) {
    String m = String.valueOf(e.getMessage());
    boolean cut = e instanceof EOFException || m.toLowerCase(java.util.Locale.ROOT).contains("unexpected end");
    return (cut ? "truncated " : "corrupt ") + kind + " stream after " + decompressed + " bytes of capture (" + m + ")";
  }

  /** Compressed by magic or by a configured codec for the file's suffix. */
  static boolean isCompressed(byte[] m, int n, Path path, Configuration conf) {
    return sniff(m, n) != null || new CompressionCodecFactory(conf).getCodec(path) != null;
  }

  /** A decompressing stream over {@code raw}, or null when the file is not compressed. */
  static InputStream open(InputStream raw, byte[] m, int n, Path path, Configuration conf) throws IOException {
    String kind = sniff(m, n);
    if ("gzip".equals(kind)) return new GZIPInputStream(raw, 1 << 16);
    if ("bzip2".equals(kind)) {
      return ReflectionUtils.newInstance(BZip2Codec.class, conf).createInputStream(raw);
    }
    if ("zstd".equals(kind)) return new com.github.luben.zstd.ZstdInputStream(raw);
    if ("xz".equals(kind)) {
      throw new MalformedCaptureException(path.toString(), 0,
          "xz-compressed captures are not supported; decompress first");
    }
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    return codec == null ? null : codec.createInputStream(raw);
  }
}

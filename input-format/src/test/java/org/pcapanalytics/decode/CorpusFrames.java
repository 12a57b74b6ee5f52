package org.pcapanalytics.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pcapanalytics.io.CaptureReader;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.io.PacketRecord;

/** The frames of the shared captures, copied out of the reader (test helper). */
final class CorpusFrames {
  private CorpusFrames() {}

  /** One captured frame: its bytes and what the decoder needs besides them. */
  static final class Frame {
    final byte[] data;
    final int caplen, wirelen, linkType;

    Frame(byte[] data, int caplen, int wirelen, int linkType) {
      this.data = data;
      this.caplen = caplen;
      this.wirelen = wirelen;
      this.linkType = linkType;
    }
  }

  static List<Frame> read(String capture) throws IOException {
    Path file = Captures.file(capture);
    long len = Files.size(file);
    List<Frame> out = new ArrayList<>();
    try (CaptureReader r = CaptureReader.open(Captures.conf(), new org.apache.hadoop.fs.Path(file.toUri()), 0, len,
        len, new CaptureReader.Options())) {
      PacketRecord rec = new PacketRecord();
      while (r.next(rec)) out.add(new Frame(rec.copyData(), rec.caplen(), rec.wirelen(), rec.linkType()));
    }
    return out;
  }

  /** Every frame of the corpus. */
  static List<Frame> all() throws IOException {
    List<Frame> out = new ArrayList<>();
    for (String name : Captures.names()) out.addAll(read(name));
    return out;
  }

  /** pcapng files (by magic, whatever the name says): tshark counts their custom blocks as frames. */
  static boolean isPcapng(String capture) throws IOException {
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(Captures.file(capture))) {
      if (in.read(head) < 4) return false;
    }
    return (head[0] & 0xFF) == 0x0A && (head[1] & 0xFF) == 0x0D && (head[2] & 0xFF) == 0x0D && (head[3] & 0xFF) == 0x0A;
  }
}

package org.pcapanalytics.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pcapanalytics.generate.CaptureFormat;
import org.pcapanalytics.generate.GeneratorOptions;

/**
 * Damaged captures still read the same whole or in splits: random byte damage (in record
 * headers, block lengths and trailers, and payloads) is skipped and resynchronised identically
 * by every reader, so no packet is lost or returned twice because of where a split starts.
 */
class CorruptionSplitTest {
  static final int ROUNDS = 48;

  @Test
  void damagedCapturesReadTheSameInAnySplits() {
    // Fixed by default so CI is repeatable; -Dcorruption.seed=random explores new damage.
    String given = System.getProperty("corruption.seed", "20261126");
    long seed = given.equals("random") ? System.nanoTime() : Long.parseLong(given);
    System.out.println("CorruptionSplitTest seed " + seed + " (rerun with -Dcorruption.seed=" + seed + ")");
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      Damage d = new Damage(seed);
      for (int round = 0; round < ROUNDS; round++) check(d.next(), "seed " + seed + " round " + round + " " + d.format);
    });
  }

  /**
   * Rounds of random seeds that once read differently in splits, one per cause: a readable header
   * with one damaged field (fraction, orig_len) or a pcapng block with a damaged type ending a
   * search chain that the walk steps over; a damaged incl_len landing on the chain's shadow; a
   * resynchronisation onto the corrupt record's own shadow; a shadow a search could not tell
   * from the chain because its first incl_len was damaged; a fake pcapng block whose trailer
   * matched by chance, taken for a chain cut short by damage; a damaged incl_len that lands on a
   * real record further on, swallowing the records between; a search starting just before a
   * readable odd header; a pcapng block with a damaged type where a split's search began, followed
   * by too few blocks before the next damage for a chain to start after it.
   */
  @ParameterizedTest(name = "seed {0} round {1}")
  @CsvSource({"2,12", "3,15", "5,4", "7,21", "12,22", "15,14", "17,18", "19,10", "19,18", "28,4", "34,15", "38,12",
      "39,15", "43,6", "52,9", "53,4", "53,22", "56,4", "57,6", "65,2", "71,21", "74,4", "76,19", "83,1", "89,10",
      "91,1", "93,9", "126,10", "192,13", "255,0", "285,0", "342,21", "438,15", "29,29"})
  void onceSplitDependentDamage(long seed, int round) {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Damage d = new Damage(seed);
      for (int r = 0; r < round; r++) d.next();
      check(d.next(), "seed " + seed + " round " + round + " " + d.format);
    });
  }

  /**
   * Heavier damage (24 bytes per capture): lengths read from damaged bytes pointed past the end of
   * the file, and the reader seeked there and failed.
   */
  @ParameterizedTest(name = "seed {0} round {1}")
  @CsvSource({"56,15", "90,22", "95,12"})
  void heavyDamageNeverFailsTheRead(long seed, int round) {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Damage d = new Damage(seed, 24);
      for (int r = 0; r < round; r++) d.next();
      check(d.next(), "seed " + seed + " round " + round + " " + d.format + " (24 damaged bytes)");
    });
  }

  /**
   * Rounds whose reader failed: a record settled against its shadow looked far ahead, and the
   * window skipped forward past the record it was returning.
   */
  @ParameterizedTest(name = "seed {0} round {1}")
  @CsvSource({"52,18", "78,39"})
  void lookingAheadKeepsTheRecord(long seed, int round) {
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Damage d = new Damage(seed);
      for (int r = 0; r < round; r++) d.next();
      check(d.next(), "seed " + seed + " round " + round + " " + d.format);
    });
  }

  /** The damaged captures of one seed, round by round: 400 KiB generated, some bytes overwritten. */
  static final class Damage {
    private final SplittableRandom rnd;
    private final int hits;
    private int round;
    CaptureFormat format;

    Damage(long seed) {
      this(seed, 6);
    }

    Damage(long seed, int hits) {
      rnd = new SplittableRandom(seed);
      this.hits = hits;
    }

    byte[] next() throws IOException {
      format = CaptureFormat.values()[round++ % 3];
      GeneratorOptions.Builder b = GeneratorOptions.builder().targetBytes(400 << 10).seed(rnd.nextLong())
          .format(format).snaplen(2048).adversarial(true);
      if (format == CaptureFormat.PCAPNG) b.interfaces(2).sections(2).alternateSectionByteOrder(true);
      byte[] data = GeneratedSplitTest.generate(b.build());
      List<Rec> clean = Captures.read(data, 0, data.length, Captures.small());
      for (int k = 0; k < hits; k++) {
        // Mostly near a record start (headers, lengths), sometimes anywhere.
        int at = clean.get(rnd.nextInt(clean.size())).offset > 0 ? (int) clean.get(rnd.nextInt(clean.size())).offset : 0;
        int where = rnd.nextInt(3) == 0 ? rnd.nextInt(data.length) : at + rnd.nextInt(16);
        if (where < 64) continue; // keep the file header intact
        data[where] = (byte) rnd.nextInt(256);
      }
      return data;
    }
  }

  private static void check(byte[] data, String what) throws IOException {
    CaptureReader.Options opts = Captures.small().lookback(0);
    List<Rec> whole = Captures.read(data, 0, data.length, opts);
    for (long size : new long[] {997, 8191, 65_537}) {
      List<Rec> split = Captures.readInSplits(data, size, opts);
      if (!whole.equals(split)) {
        java.nio.file.Files.write(java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"), "corrupt-capture.bin"), data);
        fail(what + " split size " + size + ": " + Rec.diff(whole, split) + " (capture written to java.io.tmpdir/corrupt-capture.bin)");
      }
    }
  }
}

package org.pcapanalytics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pcapanalytics.io.Captures;
import org.pcapanalytics.spark.PcapOption;

/**
 * {@code --option}: one vocabulary, the {@code pcap} source's, for every command, checked before
 * anything runs; case-insensitive keys as in Spark; a mistyped key names the closest one.
 */
class SourceOptionsTest {
  private static final String CAPTURE = Captures.file("tls_sni_corrupt_record10_header.pcap").toString();

  private static Map<String, String> parse(Set<PcapOption> accepted, String... pairs) {
    String[] argv = new String[pairs.length * 2];
    for (int i = 0; i < pairs.length; i++) {
      argv[2 * i] = "--option";
      argv[2 * i + 1] = pairs[i];
    }
    return SourceOptions.of(Args.parse(argv, Set.of("option"), Set.of()), accepted, "sql");
  }

  private static String error(Set<PcapOption> accepted, String... pairs) {
    return assertThrows(UsageException.class, () -> parse(accepted, pairs)).getMessage();
  }

  @Test
  void keysAreTheSourcesCaseInsensitive() {
    assertEquals(Map.of("ignoreCorruptFiles", "true", "mode", "failfast", "splitSize", "64k"),
        parse(SourceOptions.DATA_SOURCE, "IGNORECORRUPTFILES=true", "Mode=failfast", "splitsize=64k"));
  }

  @Test
  void mistypedKeysNameTheClosest() {
    assertEquals("unknown --option ignoreCorruptFile (did you mean ignoreCorruptFiles?)",
        error(SourceOptions.DATA_SOURCE, "ignoreCorruptFile=true"));
    assertEquals("unknown --option recursiveFileLokup (did you mean recursiveFileLookup?)",
        error(SourceOptions.DATA_SOURCE, "recursiveFileLokup=true"));
    assertTrue(error(SourceOptions.DATA_SOURCE, "pcap.mode=FAILFAST").contains("(options: mode, splitSize,"));
    assertEquals("--option path: give the captures with --input", error(SourceOptions.DATA_SOURCE, "path=/x"));
  }

  @Test
  void valuesAreChecked() {
    assertEquals("--option mode must be PERMISSIVE, DROPMALFORMED or FAILFAST, not 'BOGUS'",
        error(SourceOptions.DATA_SOURCE, "mode=BOGUS"));
    assertTrue(error(SourceOptions.DATA_SOURCE, "splitSize=abc").startsWith("--option splitSize: not a byte size"));
    assertTrue(error(SourceOptions.DATA_SOURCE, "timeOrdered=yes").startsWith("--option timeOrdered: must be true"));
  }

  @Test
  void summaryTakesTheFramingOptions() {
    assertEquals(Map.of("mode", "FAILFAST"), parse(SourceOptions.FRAMING, "mode=FAILFAST"));
    assertEquals("--option timeOrdered does not apply to sql (it reads records without decoding packets)",
        error(SourceOptions.FRAMING, "timeOrdered=true"));
  }

  @Test
  void summaryReadsAsTheOptionsSay() {
    DayCaptures.Run permissive = DayCaptures.main("summary", "--input", CAPTURE);
    assertEquals(0, permissive.status(), permissive.err());
    assertTrue(permissive.out().startsWith("packets         43\n"), permissive.out());
    DayCaptures.Run failFast = DayCaptures.main("summary", "--input", CAPTURE, "--option", "MODE=FailFast");
    assertEquals(1, failFast.status(), failFast.err());
    assertTrue(failFast.err().startsWith("pcap-analytics summary: file:" + CAPTURE + " at offset 2321: "),
        failFast.err());
    DayCaptures.Run glob = DayCaptures.main("summary", "--input", Captures.dir().toString(), "--option",
        "pathGlobFilter=tls_sni_corrupt_*.pcap");
    assertEquals(permissive.out(), glob.out());
  }

  @Test
  void confValuesSparkKnowsAreChecked() {
    UsageException e = assertThrows(UsageException.class,
        () -> SparkSessions.checkValues(Map.of("spark.sql.shuffle.partitions", "abc")));
    assertTrue(e.getMessage().startsWith("--conf spark.sql.shuffle.partitions=abc: "), e.getMessage());
    assertThrows(UsageException.class, () -> SparkSessions.checkValues(Map.of("spark.executor.memory", "lots")));
    // keys Spark does not know stay free: plugins have their own
    SparkSessions.checkValues(Map.of("spark.sql.shuffle.partitions", "8", "spark.myplugin.anything", "x"));
  }
}

package org.pcapanalytics.report.zeek;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zeek's ASCII rendering of single values, and that the reader gets every value back. */
class ZeekFormatTest {
  private static String render(ZeekType t, Object v) {
    StringBuilder b = new StringBuilder();
    t.append(b, v);
    return b.toString();
  }

  @Test
  void timesAndIntervalsHaveSixDecimalsExactly() {
    assertEquals("1258531221.486539", render(ZeekType.TIME, 1258531221486539L));
    assertEquals("0.000000", render(ZeekType.INTERVAL, 0L));
    assertEquals("0.000001", render(ZeekType.INTERVAL, 1L));
    assertEquals("4323283200.000000", render(ZeekType.TIME, 4323283200_000000L));
    assertEquals("-1.500000", render(ZeekType.INTERVAL, -1_500_000L));
    assertEquals("-0.000001", render(ZeekType.INTERVAL, -1L));
  }

  @Test
  void doublesDropTrailingZerosAndNeverUseExponents() {
    assertEquals("0.5", render(ZeekType.DOUBLE, 0.5));
    assertEquals("3", render(ZeekType.DOUBLE, 3.0));
    assertEquals("0", render(ZeekType.DOUBLE, 0.0));
    assertEquals("12345678901234567168", render(ZeekType.DOUBLE, 1.2345678901234567e19));
    assertEquals("0.000001", render(ZeekType.DOUBLE, 1.2e-6));
  }

  @Test
  void stringsEscapeWhatWouldBreakALine() {
    assertEquals("(empty)", render(ZeekType.STRING, ""));
    assertEquals("\\x2d", render(ZeekType.STRING, "-"));
    assertEquals("\\x28empty)", render(ZeekType.STRING, "(empty)"));
    assertEquals("a\\x09b\\x0ac\\x5cd", render(ZeekType.STRING, "a\tb\nc\\d"));
    assertEquals("a,b", render(ZeekType.STRING, "a,b"));
    assertEquals("x-y.example", render(ZeekType.STRING, "x-y.example"));
    assertEquals("bücher.de", render(ZeekType.STRING, "bücher.de"));
    assertEquals("a\\x2cb,c", render(ZeekType.VECTOR_STRING, List.of("a,b", "c")));
    assertEquals("(empty)", render(ZeekType.SET_STRING, List.of()));
    assertEquals("3600.000000,60.000000", render(ZeekType.VECTOR_INTERVAL, List.of(3600_000000L, 60_000000L)));
    assertEquals("T", render(ZeekType.BOOL, true));
  }

  @Test
  void headerIsZeeks() {
    String h = ZeekFormat.header("conn", Instant.parse("2026-12-06T12:00:00Z"), List.of("ts", "uid"),
        List.of("time", "string"));
    assertEquals("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
        + "#open\t2026-12-06-12-00-00\n#fields\tts\tuid\n#types\ttime\tstring\n", h);
    assertEquals("#close\t2026-12-06-12-00-01\n", ZeekFormat.footer(Instant.parse("2026-12-06T12:00:01Z")));
  }

  @Test
  void theReaderGetsBackWhatWasWritten() {
    List<String> strings = Arrays.asList("-", "(empty)", "", "tab\there", "new\nline", "back\\slash", "x\u0001y",
        "comma,inside", "\\x41 literal");
    StringBuilder text = new StringBuilder(ZeekFormat.header("t", Instant.EPOCH, List.of("s", "v", "d"),
        List.of("string", "vector[string]", "interval")));
    for (String s : strings) {
      StringBuilder line = new StringBuilder();
      ZeekType.STRING.append(line, s);
      line.append('\t');
      ZeekType.VECTOR_STRING.append(line, List.of(s, "z"));
      line.append('\t');
      ZeekType.INTERVAL.append(line, 1_000_001L);
      text.append(line).append('\n');
    }
    List<Map<String, Object>> rows = ZeekLogReader.read(text.toString()).rows();
    assertEquals(strings.size(), rows.size());
    for (int i = 0; i < strings.size(); i++) {
      assertEquals(strings.get(i), rows.get(i).get("s"), "row " + i);
      assertEquals(List.of(strings.get(i), "z"), rows.get(i).get("v"), "row " + i);
      assertEquals(new BigDecimal("1.000001"), rows.get(i).get("d"));
    }
  }
}

package org.pcapanalytics.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {
  private static BusinessHours hours(String json) {
    return Config.fromJson("{\"businessHours\": " + json + "}").businessHours();
  }

  private static boolean in(BusinessHours b, String instant) {
    return b.contains(Instant.parse(instant));
  }

  @Test
  void defaultsAreUtcWeekdaysEightToSix() {
    BusinessHours b = BusinessHours.defaults();
    assertTrue(in(b, "2025-03-05T08:00:00Z")); // Wednesday, start inclusive
    assertTrue(in(b, "2025-03-05T17:59:59.999999Z"));
    assertFalse(in(b, "2025-03-05T18:00:00Z")); // end exclusive
    assertFalse(in(b, "2025-03-05T07:59:59.999Z"));
    assertFalse(in(b, "2025-03-08T12:00:00Z")); // Saturday
    assertFalse(in(b, "2025-03-09T12:00:00Z")); // Sunday
    assertTrue(in(b, "2025-03-10T12:00:00Z")); // Monday
    assertTrue(in(b, "1969-12-31T12:00:00Z")); // a Wednesday
    assertFalse(in(b, "1970-01-03T12:00:00Z")); // a Saturday
  }

  @Test
  void berlinAcrossSpringForward() {
    BusinessHours b = hours("{\"timeZone\": \"Europe/Berlin\"}");
    // Friday 2025-03-28, CET (UTC+1): 08:00 local is 07:00Z
    assertFalse(in(b, "2025-03-28T06:30:00Z"));
    assertTrue(in(b, "2025-03-28T07:00:00Z"));
    assertTrue(in(b, "2025-03-28T16:59:59Z"));
    assertFalse(in(b, "2025-03-28T17:00:00Z"));
    // Monday 2025-03-31, CEST (UTC+2) since Sunday 30th: 08:00 local is 06:00Z
    assertFalse(in(b, "2025-03-31T05:59:59Z"));
    assertTrue(in(b, "2025-03-31T06:00:00Z"));
    assertTrue(in(b, "2025-03-31T15:59:59Z"));
    assertFalse(in(b, "2025-03-31T16:00:00Z"));
  }

  @Test
  void berlinAcrossFallBack() {
    BusinessHours b = hours("{\"timeZone\": \"Europe/Berlin\"}");
    // Friday 2025-10-24, CEST: 08:00 local is 06:00Z
    assertTrue(in(b, "2025-10-24T06:00:00Z"));
    assertFalse(in(b, "2025-10-24T16:00:00Z"));
    // Monday 2025-10-27, CET since Sunday 26th: 08:00 local is 07:00Z
    assertFalse(in(b, "2025-10-27T06:30:00Z"));
    assertTrue(in(b, "2025-10-27T07:00:00Z"));
    assertTrue(in(b, "2025-10-27T16:30:00Z"));
    assertFalse(in(b, "2025-10-27T17:00:00Z"));
  }

  @Test
  void berlinOnTheSwitchDaysThemselves() {
    // Sundays count here; the window sits on the switch hour.
    BusinessHours spring = hours("{\"timeZone\": \"Europe/Berlin\", \"workingDays\": [\"SUN\"], \"start\": \"02:30\", \"end\": \"03:30\"}");
    // 2025-03-30: 02:00 CET jumps to 03:00 CEST at 01:00Z; 02:30 local never happens.
    assertFalse(in(spring, "2025-03-30T00:59:59Z")); // 01:59:59 CET
    assertTrue(in(spring, "2025-03-30T01:00:00Z")); // 03:00 CEST
    assertTrue(in(spring, "2025-03-30T01:29:59Z")); // 03:29:59 CEST
    assertFalse(in(spring, "2025-03-30T01:30:00Z")); // 03:30 CEST
    assertEquals(LocalDateTime.parse("2025-03-30T03:00"), spring.localTime(Instant.parse("2025-03-30T01:00:00Z")));

    BusinessHours fall = hours("{\"timeZone\": \"Europe/Berlin\", \"workingDays\": [\"SUN\"], \"start\": \"02:00\", \"end\": \"03:00\"}");
    // 2025-10-26: 03:00 CEST falls back to 02:00 CET at 01:00Z; 02:xx local happens twice.
    assertFalse(in(fall, "2025-10-25T23:59:59Z")); // 01:59:59 CEST
    assertTrue(in(fall, "2025-10-26T00:00:00Z")); // 02:00 CEST
    assertTrue(in(fall, "2025-10-26T00:59:59Z")); // 02:59:59 CEST
    assertTrue(in(fall, "2025-10-26T01:00:00Z")); // 02:00 CET (again)
    assertTrue(in(fall, "2025-10-26T01:59:59Z")); // 02:59:59 CET
    assertFalse(in(fall, "2025-10-26T02:00:00Z")); // 03:00 CET
    assertEquals("2025-10-26T02:30+02:00", fall.offsetTime(Instant.parse("2025-10-26T00:30:00Z")).toString());
    assertEquals("2025-10-26T02:30+01:00", fall.offsetTime(Instant.parse("2025-10-26T01:30:00Z")).toString());
  }

  @Test
  void newYorkAcrossBothChanges() {
    BusinessHours b = hours("{\"timeZone\": \"America/New_York\"}");
    // Friday 2025-03-07, EST (UTC-5): 08:00 local = 13:00Z
    assertFalse(in(b, "2025-03-07T12:30:00Z"));
    assertTrue(in(b, "2025-03-07T13:00:00Z"));
    assertTrue(in(b, "2025-03-07T22:59:59Z"));
    assertFalse(in(b, "2025-03-07T23:00:00Z"));
    // Monday 2025-03-10, EDT (UTC-4) since Sunday 9th: 08:00 local = 12:00Z
    assertFalse(in(b, "2025-03-10T11:59:59Z"));
    assertTrue(in(b, "2025-03-10T12:00:00Z"));
    assertFalse(in(b, "2025-03-10T22:00:00Z"));
    // Friday 2025-10-31 EDT and Monday 2025-11-03 EST (switch on Sunday 2nd)
    assertTrue(in(b, "2025-10-31T12:00:00Z"));
    assertFalse(in(b, "2025-11-03T12:30:00Z")); // 07:30 EST
    assertTrue(in(b, "2025-11-03T13:00:00Z"));
    // UTC Saturday 01:00 is Friday 21:00 local: the local day decides, and it is after hours
    assertFalse(in(b, "2025-03-08T01:00:00Z"));
    // UTC Saturday 00:30 with a late window is still Friday locally
    BusinessHours late = hours("{\"timeZone\": \"America/New_York\", \"end\": \"24:00\"}");
    assertTrue(in(late, "2025-03-08T04:30:00Z")); // Friday 23:30 EST
    assertFalse(in(late, "2025-03-08T05:00:00Z")); // Saturday 00:00 EST
  }

  @Test
  void holidays() {
    BusinessHours b = hours("{\"timeZone\": \"Europe/Berlin\", \"holidays\": [\"2025-12-25\", \"--01-01\"]}");
    assertTrue(in(b, "2025-12-24T10:00:00Z")); // Wednesday
    assertFalse(in(b, "2025-12-25T10:00:00Z")); // Thursday, holiday
    assertTrue(in(b, "2025-12-26T10:00:00Z")); // Friday
    assertFalse(in(b, "2026-01-01T10:00:00Z")); // yearly holiday
    assertFalse(in(b, "2031-01-01T10:00:00Z"));
    assertTrue(in(b, "2026-12-25T10:00:00Z")); // dated holiday does not recur (Friday)
    // The local date decides: 23:30Z on the 24th is 00:30 on the 25th in Berlin.
    BusinessHours allDay = hours("{\"timeZone\": \"Europe/Berlin\", \"workingDays\": [\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"],"
        + " \"start\": \"00:00\", \"end\": \"24:00\", \"holidays\": [\"2025-12-25\"]}");
    assertTrue(in(allDay, "2025-12-24T22:59:59Z"));
    assertFalse(in(allDay, "2025-12-24T23:30:00Z"));
    assertFalse(in(allDay, "2025-12-25T22:59:59Z"));
    assertTrue(in(allDay, "2025-12-25T23:00:00Z"));
  }

  @Test
  void programmaticValidation() {
    assertThrows(IllegalArgumentException.class,
        () -> BusinessHours.of(java.time.ZoneOffset.UTC, java.util.Set.of(), 3600, 3600, java.util.List.of(), java.util.List.of()));
  }
}

package org.pcapanalytics.udf;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.pcapanalytics.config.BusinessHours;

/** Business-hours and local-time functions behind the SQL functions. */
final class TimeFunctions {
  private TimeFunctions() {}

  static final class InBusinessHours extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final BusinessHours hours;

    InBusinessHours(BusinessHours hours) {
      this.hours = hours;
    }

    @Override
    public Object apply(Object ts) {
      Instant t = Fn.instant(ts);
      return t == null ? null : hours.contains(t);
    }
  }

  /** Wall-clock time in the configured zone, as TIMESTAMP_NTZ (a LocalDateTime). */
  static final class LocalTime extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final BusinessHours hours;

    LocalTime(BusinessHours hours) {
      this.hours = hours;
    }

    @Override
    public Object apply(Object ts) {
      Instant t = Fn.instant(ts);
      return t == null ? null : hours.localTime(t);
    }
  }

  /** Wall-clock time in the configured zone with its UTC offset, ISO 8601 text. */
  static final class LocalTimeIso extends Fn.Fn1 {
    private static final long serialVersionUID = 1L;
    private final BusinessHours hours;

    LocalTimeIso(BusinessHours hours) {
      this.hours = hours;
    }

    @Override
    public Object apply(Object ts) {
      Instant t = Fn.instant(ts);
      return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(hours.offsetTime(t));
    }
  }
}

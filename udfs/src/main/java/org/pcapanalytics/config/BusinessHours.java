package org.pcapanalytics.config;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the site works: a time zone (with its daylight-saving rules), the working days, a daily
 * window {@code [start, end)} in local wall-clock time, and holidays (dates, or month-days that
 * recur every year). An instant is inside business hours when its local date in the zone is a
 * working day and not a holiday, and its local time is at or after {@code start} and before
 * {@code end}. {@code end} may be 24:00 (the end of the day); windows across midnight are not
 * supported (end must be after start).
 */
public final class BusinessHours implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ZoneId zone;
  private final Set<DayOfWeek> workingDays;
  private final int startSecond;
  private final int endSecond;
  private final List<LocalDate> holidays;
  private final List<MonthDay> yearlyHolidays;

  // Compiled forms.
  private final int dayMask; // bit 0 = Monday
  private final long[] holidayDays; // sorted epoch days
  private final boolean[] yearly; // month * 32 + day

  private BusinessHours(ZoneId zone, Set<DayOfWeek> workingDays, int startSecond, int endSecond,
      Collection<LocalDate> holidays, Collection<MonthDay> yearlyHolidays) {
    this.zone = Objects.requireNonNull(zone, "zone");
    if (startSecond < 0 || startSecond >= 86400) throw new IllegalArgumentException("start must be within 00:00..23:59:59");
    if (endSecond <= 0 || endSecond > 86400) throw new IllegalArgumentException("end must be within 00:00:01..24:00");
    if (endSecond <= startSecond) {
      throw new IllegalArgumentException("end " + timeText(endSecond) + " is not after start " + timeText(startSecond)
          + " (windows across midnight are not supported)");
    }
    this.startSecond = startSecond;
    this.endSecond = endSecond;
    EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    days.addAll(workingDays);
    this.workingDays = Collections.unmodifiableSet(days);
    int mask = 0;
    for (DayOfWeek d : days) mask |= 1 << (d.getValue() - 1);
    this.dayMask = mask;
    TreeSet<LocalDate> hs = new TreeSet<>(holidays);
    this.holidays = Collections.unmodifiableList(new ArrayList<>(hs));
    this.holidayDays = hs.stream().mapToLong(LocalDate::toEpochDay).toArray();
    TreeSet<MonthDay> ys = new TreeSet<>(yearlyHolidays);
    this.yearlyHolidays = Collections.unmodifiableList(new ArrayList<>(ys));
    this.yearly = new boolean[13 * 32];
    for (MonthDay md : ys) yearly[md.getMonthValue() * 32 + md.getDayOfMonth()] = true;
  }

  /**
   * @param start local time of day the window opens, in seconds (0..86399)
   * @param end local time of day it closes, in seconds (1..86400; 86400 is 24:00), after start
   */
  public static BusinessHours of(ZoneId zone, Set<DayOfWeek> workingDays, int start, int end,
      Collection<LocalDate> holidays, Collection<MonthDay> yearlyHolidays) {
    return new BusinessHours(zone, workingDays, start, end, holidays, yearlyHolidays);
  }

  /** UTC, Monday to Friday, 08:00–18:00, no holidays. */
  public static BusinessHours defaults() {
    return new BusinessHours(ZoneId.of("UTC"),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 8 * 3600, 18 * 3600, List.of(), List.of());
  }

  /** Whether {@code t} falls inside business hours. */
  public boolean contains(Instant t) {
    int offset = zone.getRules().getOffset(t).getTotalSeconds();
    long local = t.getEpochSecond() + offset;
    long day = Math.floorDiv(local, 86400L);
    int second = (int) Math.floorMod(local, 86400L);
    int dow = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday; 0 = Monday
    if ((dayMask & (1 << dow)) == 0) return false;
    if (second < startSecond || second >= endSecond) return false;
    return !isHoliday(day);
  }

  /** Whether the local date {@code d} is a configured holiday. */
  public boolean isHoliday(LocalDate d) {
    return isHoliday(d.toEpochDay());
  }

  private boolean isHoliday(long epochDay) {
    if (holidayDays.length > 0 && Arrays.binarySearch(holidayDays, epochDay) >= 0) return true;
    if (yearlyHolidays.isEmpty()) return false;
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    return yearly[d.getMonthValue() * 32 + d.getDayOfMonth()];
  }

  /** The wall-clock time of {@code t} in the configured zone. */
  public LocalDateTime localTime(Instant t) {
    return LocalDateTime.ofInstant(t, zone);
  }

  /** The wall-clock time of {@code t} in the configured zone, with its offset. */
  public OffsetDateTime offsetTime(Instant t) {
    return OffsetDateTime.ofInstant(t, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  public Set<DayOfWeek> workingDays() {
    return workingDays;
  }

  /** Opening time, seconds after local midnight. */
  public int startSecond() {
    return startSecond;
  }

  /** Closing time, seconds after local midnight (86400 = 24:00). */
  public int endSecond() {
    return endSecond;
  }

  public List<LocalDate> holidays() {
    return holidays;
  }

  public List<MonthDay> yearlyHolidays() {
    return yearlyHolidays;
  }

  static String timeText(int second) {
    String hm = String.format("%02d:%02d", second / 3600, (second / 60) % 60);
    return second % 60 == 0 ? hm : hm + String.format(":%02d", second % 60);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BusinessHours b && b.zone.equals(zone) && b.workingDays.equals(workingDays)
        && b.startSecond == startSecond && b.endSecond == endSecond && b.holidays.equals(holidays)
        && b.yearlyHolidays.equals(yearlyHolidays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(zone, workingDays, startSecond, endSecond, holidays, yearlyHolidays);
  }

  @Override
  public String toString() {
    return "BusinessHours{" + zone + " " + workingDays + " " + timeText(startSecond) + "-" + timeText(endSecond)
        + ", holidays=" + holidays + ", yearly=" + yearlyHolidays + "}";
  }
}

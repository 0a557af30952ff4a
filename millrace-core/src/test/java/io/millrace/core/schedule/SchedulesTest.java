package io.millrace.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.project.Schedule;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  private static LocalDateTime t(String s) {
    return LocalDateTime.parse(s);
  }

  @Test
  void presetsFireAtTheirBoundaries() {
    LocalDateTime now = t("2025-03-14T10:17:30");
    assertThat(Schedules.parse("@hourly").next(now)).isEqualTo(t("2025-03-14T11:00"));
    assertThat(Schedules.parse("@daily").next(now)).isEqualTo(t("2025-03-15T00:00"));
    assertThat(Schedules.parse("@weekly").next(now)).isEqualTo(t("2025-03-16T00:00")); // a Sunday
    assertThat(Schedules.parse("@monthly").next(now)).isEqualTo(t("2025-04-01T00:00"));
    assertThat(Schedules.parse("@yearly").next(now)).isEqualTo(t("2026-01-01T00:00"));
    assertThat(Schedules.parse("@hourly").expression()).isEqualTo("@hourly");
  }

  @Test
  void nextIsStrictlyAfterTheGivenTime() {
    assertThat(Schedules.parse("@hourly").next(t("2025-01-01T10:00"))).isEqualTo(t("2025-01-01T11:00"));
  }

  @Test
  void cronSupportsListsRangesStepsAndNames() {
    Schedule s = Schedules.parse("*/15 9-17 * * MON-FRI");
    assertThat(s.next(t("2025-03-14T17:50"))).isEqualTo(t("2025-03-17T09:00")); // Friday -> Monday
    assertThat(s.next(t("2025-03-17T09:00"))).isEqualTo(t("2025-03-17T09:15"));
    Schedule months = Schedules.parse("30 6 1 jan,jul *");
    assertThat(months.next(t("2025-02-01T00:00"))).isEqualTo(t("2025-07-01T06:30"));
    assertThat(Schedules.parse("0 0 * * 7").next(t("2025-03-14T00:00")))
        .isEqualTo(t("2025-03-16T00:00"));
    assertThat(Schedules.parse("5-10/5 * * * *").next(t("2025-03-14T00:05"))).isEqualTo(t("2025-03-14T00:10"));
  }

  @Test
  void restrictedDayFieldsMatchEither() {
    // the 13th, or any Friday
    Schedule s = Schedules.parse("0 0 13 * 5");
    assertThat(s.next(t("2025-06-01T00:00"))).isEqualTo(t("2025-06-06T00:00"));
    assertThat(s.next(t("2025-06-12T00:00"))).isEqualTo(t("2025-06-13T00:00"));
  }

  @Test
  void leapDayScheduleSkipsNonLeapYears() {
    assertThat(Schedules.parse("0 0 29 2 *").next(t("2097-03-01T00:00"))).isEqualTo(t("2104-02-29T00:00"));
  }

  @Test
  void fixedRatesAlignOnMultiplesOfThePeriod() {
    assertThat(Schedules.parse("every 15m").next(t("2025-01-01T10:07"))).isEqualTo(t("2025-01-01T10:15"));
    assertThat(Schedules.parse("every 15m").next(t("2025-01-01T10:15"))).isEqualTo(t("2025-01-01T10:30"));
    assertThat(Schedules.parse("PT15M").next(t("2025-01-01T10:07"))).isEqualTo(t("2025-01-01T10:15"));
    assertThat(Schedules.parse("every 1d").next(t("2025-01-01T10:07"))).isEqualTo(t("2025-01-02T00:00"));
  }

  @Test
  void rejectsBadExpressionsNamingThem() {
    assertUser("61 * * * *", "'61 * * * *'", "minute field: Value 61 not in range [0, 59]");
    assertUser("* * *", "5 fields", "found 3");
    assertUser("@fortnightly", "unknown preset");
    assertUser("0 0 31 2 *", "never fires");
    assertUser("every soon", "'soon' is not a duration");
    assertUser("0 0 * FOO *", "month field: Invalid chars in expression! Expression: FOO");
    assertUser("0 10-2 * * *", "hour field: Invalid range! [10,2]");
    assertUser("0 0 0 13 * 5", "Both, a day-of-week AND a day-of-month parameter, are not supported",
        "give '?' in day-of-month or day-of-week");
    assertUser("CRON_TZ=Mars/Olympus 0 0 * * *", "unknown time zone 'Mars/Olympus'");
    assertUser("CRON_TZ=Europe/Berlin every 15m", "CRON_TZ= applies to cron expressions and presets");
  }

  @Test
  void quartzExpressionsSupportLastWeekdayAndNthDay() {
    LocalDateTime june = t("2025-06-01T00:00");
    assertThat(Schedules.parse("0 0 0 L * ?").next(june)).isEqualTo(t("2025-06-30T00:00"));   // last day
    assertThat(Schedules.parse("0 0 9 15W * ?").next(june)).isEqualTo(t("2025-06-16T09:00")); // 15th is a Sunday
    assertThat(Schedules.parse("0 0 9 ? * 6#2").next(june)).isEqualTo(t("2025-06-13T09:00")); // 2nd Friday
    assertThat(Schedules.parse("0 0 9 ? * 6L").next(june)).isEqualTo(t("2025-06-27T09:00"));  // last Friday
    assertThat(Schedules.parse("0 0 0 LW * ?").next(t("2025-08-01T00:00"))).isEqualTo(t("2025-08-29T00:00"));
    assertThat(Schedules.parse("30 15 10 ? * MON-FRI").next(t("2025-06-06T10:16"))).isEqualTo(t("2025-06-09T10:15:30"));
  }

  @Test
  void unixDayFieldsTogetherMatchEitherAndQuartzAllowsOnlyOne() {
    // 5-field: the 1st or any Monday; Quartz makes the user pick one with '?'
    Schedule either = Schedules.parse("0 0 1 * MON");
    assertThat(either.next(t("2025-09-01T00:00"))).isEqualTo(t("2025-09-08T00:00"));   // Monday the 8th
    assertThat(either.next(t("2025-09-29T00:00"))).isEqualTo(t("2025-10-01T00:00"));   // the 1st, a Wednesday
    assertThat(Schedules.parse("0 0 0 1 * ?").next(t("2025-09-01T00:00"))).isEqualTo(t("2025-10-01T00:00"));
  }

  @Test
  void rangesWithStepsAndListsCombine() {
    Schedule s = Schedules.parse("0,30 8-18/5 * * *");   // 08:00, 08:30, 13:00, 13:30, 18:00, 18:30
    assertThat(s.next(t("2025-01-01T08:30"))).isEqualTo(t("2025-01-01T13:00"));
    assertThat(s.next(t("2025-01-01T18:30"))).isEqualTo(t("2025-01-02T08:00"));
    assertThat(Schedules.parse("*/20 */6 * * *").next(t("2025-01-01T06:40"))).isEqualTo(t("2025-01-01T12:00"));
  }

  @Test
  void zonedSchedulesFollowDaylightSavingTransitions() {
    // Europe/Berlin: 2025-03-30 02:00 CET -> 03:00 CEST; 2025-10-26 03:00 CEST -> 02:00 CET. Times are UTC.
    Schedule daily = Schedules.parse("CRON_TZ=Europe/Berlin 30 2 * * *");
    assertThat(daily.next(t("2025-03-28T12:00"))).isEqualTo(t("2025-03-29T01:30"));   // 02:30 CET
    assertThat(daily.next(t("2025-03-29T01:30"))).isEqualTo(t("2025-03-31T00:30"));   // 02:30 did not exist on the 30th
    assertThat(daily.next(t("2025-10-25T12:00"))).isEqualTo(t("2025-10-26T00:30"));   // first 02:30 (CEST)
    assertThat(daily.next(t("2025-10-26T00:30"))).isEqualTo(t("2025-10-27T01:30"));   // not again at 02:30 CET
    Schedule halfHourly = Schedules.parse("CRON_TZ=Europe/Berlin */30 * * * *");
    assertThat(halfHourly.next(t("2025-10-26T00:30"))).isEqualTo(t("2025-10-26T01:00"));  // 02:00 CET, the hour again
    Schedule berlinMidnight = Schedules.parse("CRON_TZ=Europe/Berlin @daily");
    assertThat(berlinMidnight.next(t("2025-07-01T12:00"))).isEqualTo(t("2025-07-01T22:00"));
    assertThat(berlinMidnight.next(t("2025-12-01T12:00"))).isEqualTo(t("2025-12-01T23:00"));
    assertThat(berlinMidnight.expression()).isEqualTo("CRON_TZ=Europe/Berlin @daily");
    // without a zone, schedules are UTC and have no transitions
    assertThat(Schedules.parse("30 2 * * *").next(t("2025-03-30T00:00"))).isEqualTo(t("2025-03-30T02:30"));
  }

  private static void assertUser(String expr, String... fragments) {
    assertThatThrownBy(() -> Schedules.parse(expr))
        .isInstanceOfSatisfying(MillraceException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.USER);
          assertThat(e.getMessage()).startsWith("Cannot parse schedule").contains(fragments);
        });
  }
}

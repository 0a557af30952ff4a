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
    assertUser("61 * * * *", "'61 * * * *'", "minute field: value 61 is out of range 0-59");
    assertUser("* * *", "5 fields");
    assertUser("@fortnightly", "unknown preset");
    assertUser("0 0 31 2 *", "never fires");
    assertUser("every soon", "'soon' is not a duration");
    assertUser("0 0 * FOO *", "month field: 'FOO' is not a number");
    assertUser("0 10-2 * * *", "range 10-2 is backwards");
  }

  private static void assertUser(String expr, String... fragments) {
    assertThatThrownBy(() -> Schedules.parse(expr))
        .isInstanceOfSatisfying(MillraceException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.USER);
          assertThat(e.getMessage()).startsWith("Cannot parse schedule").contains(fragments);
        });
  }
}

package io.millrace.core.schedule;

import io.millrace.api.MillraceException;
import io.millrace.api.project.Schedule;
import io.millrace.core.project.Durations;
import io.millrace.core.schedule.internal.CronSchedule;
import io.millrace.core.schedule.internal.FixedRateSchedule;
import io.millrace.core.schedule.internal.OnceSchedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code pipeline.schedule}. Accepted, in UTC unless a cron expression or preset starts with
 * {@code CRON_TZ=<zone>} ({@code CRON_TZ=Europe/Berlin 30 2 * * *}):
 * <ul>
 *   <li>5-field cron: {@code 0 6 * * MON-FRI} (Unix semantics)</li>
 *   <li>Quartz-style cron, 6 or 7 fields starting with seconds: {@code 0 0 6 ? * MON-FRI},
 *       {@code 0 0 0 L * ?} (last day of the month), {@code 0 0 9 15W * ?}, {@code 0 0 9 ? * 6#2}</li>
 *   <li>presets: {@code @hourly @daily @midnight @weekly @monthly @yearly @annually @once}</li>
 *   <li>fixed rates: {@code every 15m}, {@code every 1h30m} or ISO-8601 {@code PT15M}; whole seconds, aligned on
 *       multiples of the period since 1970-01-01T00:00 UTC</li>
 * </ul>
 * {@code @once} is due once, with the interval {@code [start_date, start_date]} (like Airflow);
 * its {@link Schedule#next} is {@link java.time.LocalDateTime#MAX}.
 */
public final class Schedules {
  private static final Map<String, String> PRESETS = Map.of(
      "@hourly", "0 * * * *",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@weekly", "0 0 * * 0",
      "@monthly", "0 0 1 * *",
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *");

  private Schedules() {}

  /**
   * @throws MillraceException USER naming the expression and what is wrong with it
   */
  public static Schedule parse(String expression) {
    String e = expression.trim();
    ZoneId zone = ZoneOffset.UTC;
    if (e.regionMatches(true, 0, TZ_PREFIX, 0, TZ_PREFIX.length())) {
      int space = e.indexOf(' ');
      String id = space < 0 ? e.substring(TZ_PREFIX.length()) : e.substring(TZ_PREFIX.length(), space);
      zone = zone(expression, id);
      e = space < 0 ? "" : e.substring(space + 1).trim();
      String rest = e.toLowerCase(Locale.ROOT);
      if (rest.isEmpty() || rest.equals("@once") || rest.startsWith("every ") || rest.startsWith("p")) {
        throw MillraceException.user("Cannot parse schedule '%s': CRON_TZ= applies to cron expressions and "
            + "presets (CRON_TZ=Europe/Berlin 30 2 * * *, CRON_TZ=Europe/Berlin @daily)", expression);
      }
    }
    String lower = e.toLowerCase(Locale.ROOT);
    if (lower.equals("@once")) {
      return new OnceSchedule();
    }
    if (lower.startsWith("@")) {
      String cron = PRESETS.get(lower);
      if (cron == null) {
        throw MillraceException.user("Cannot parse schedule '%s': unknown preset (known: @hourly, "
            + "@daily, @weekly, @monthly, @yearly, @once)", expression);
      }
      return new CronSchedule(expression.trim(), cron, zone);
    }
    if (lower.startsWith("every ") || lower.startsWith("pt") || lower.startsWith("p")
        && !lower.contains(" ")) {
      return fixedRate(e, lower.startsWith("every ") ? e.substring(6).trim() : e);
    }
    return new CronSchedule(expression.trim(), e, zone);
  }

  private static final String TZ_PREFIX = "CRON_TZ=";

  private static ZoneId zone(String expression, String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw MillraceException.user("Cannot parse schedule '%s': unknown time zone '%s' (use a region such as "
          + "Europe/Berlin or America/New_York, or UTC)", expression, id);
    }
  }

  /** True for {@code @once}, which is due exactly once. */
  public static boolean isOnce(Schedule schedule) {
    return schedule instanceof OnceSchedule;
  }

  private static Schedule fixedRate(String expression, String period) {
    Duration d;
    try {
      d = Durations.parse(period);
    } catch (MillraceException ex) {
      throw new MillraceException(ex.kind(), "Cannot parse schedule '" + expression + "': "
          + "'" + period + "' is not a duration (e.g. every 15m, PT15M)", ex);
    }
    if (d.getSeconds() < 1 || d.getNano() != 0) {
      throw MillraceException.user("Cannot parse schedule '%s': the period must be whole seconds, at "
          + "least 1s", expression);
    }
    return new FixedRateSchedule(expression, d);
  }
}

package io.millrace.core.schedule.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.millrace.api.MillraceException;
import io.millrace.api.project.Schedule;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron expression, evaluated by cron-utils: 5 fields ({@code minute hour day-of-month month
 * day-of-week}, Unix/Vixie semantics: when both day fields are restricted a day matches if either
 * does) or Quartz's 6 or 7 ({@code second minute hour day-of-month month day-of-week [year]},
 * with {@code ?}, {@code L}, {@code W} and {@code #}). The number of fields tells them apart.
 *
 * <p>Times are UTC wall-clock times ({@link LocalDateTime} in UTC, as everywhere in scheduling)
 * unless a zone is given ({@code CRON_TZ=Europe/Berlin 30 2 * * *}, as cronie writes it): the
 * expression is then matched on that zone's clock and the firings converted back to UTC. Across
 * daylight-saving changes this follows cron-utils: a time that does not exist on a spring-forward
 * day (02:30 in Berlin on the last Sunday of March) is skipped that day; a time that exists twice
 * on a fall-back day fires at its first occurrence, and frequent schedules ({@code *}/30) fire on
 * every real instant that matches, in both passes of the repeated hour.
 */
public final class CronSchedule implements Schedule {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
  private static final String[] UNIX_FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};

  private final String expression;
  private final ExecutionTime execution;
  private final ZoneId zone;

  /**
   * @param expression what the user wrote (kept for messages and {@link #expression()})
   * @param cron the fields to parse (a preset's expansion, or the expression without its zone)
   * @param zone the zone whose clock the fields are matched on (UTC by default)
   * @throws MillraceException USER naming the expression and what is wrong with it
   */
  public CronSchedule(String expression, String cron, ZoneId zone) {
    this.expression = expression;
    this.zone = zone;
    String[] fields = cron.trim().split("\\s+");
    Cron parsed = switch (fields.length) {
      case 5 -> parse(UNIX, fields, true);
      case 6, 7 -> parse(QUARTZ, fields, false);
      default -> throw MillraceException.user("Cannot parse schedule '%s': a cron expression has 5 fields "
          + "(minute hour day-of-month month day-of-week), or 6-7 in Quartz form (second minute hour "
          + "day-of-month month day-of-week [year]); found %d", expression, fields.length);
    };
    this.execution = ExecutionTime.forCron(parsed);
    if (next(LocalDateTime.of(2000, 1, 1, 0, 0)) == null) {
      throw MillraceException.user("Cannot parse schedule '%s': it never fires", expression);
    }
  }

  /** A UTC schedule. */
  public CronSchedule(String expression, String cron) {
    this(expression, cron, ZoneOffset.UTC);
  }

  private Cron parse(CronParser parser, String[] fields, boolean unix) {
    try {
      Cron c = parser.parse(String.join(" ", fields));
      c.validate();
      return c;
    } catch (IllegalArgumentException e) {
      String where = unix ? faultyField(fields) : "";
      String form = unix ? "" : " (Quartz form: give '?' in day-of-month or day-of-week)";
      throw MillraceException.user("Cannot parse schedule '%s': %s%s%s", expression, where, reason(e), form);
    }
  }

  /** "minute field: " for the first field that fails on its own, or "" when only their mix does. */
  private static String faultyField(String[] fields) {
    for (int i = 0; i < fields.length; i++) {
      String[] probe = {"*", "*", "*", "*", "*"};
      probe[i] = fields[i];
      try {
        UNIX.parse(String.join(" ", probe)).validate();
      } catch (IllegalArgumentException e) {
        return UNIX_FIELDS[i] + " field: ";
      }
    }
    return "";
  }

  private static String reason(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    return m.replaceFirst("^Failed to parse cron expression\\. ", "");
  }

  @Override
  public LocalDateTime next(LocalDateTime time) {
    ZonedDateTime at = time.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone);
    Optional<ZonedDateTime> next = execution.nextExecution(at);
    return next.map(n -> n.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime()).orElse(null);
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public String toString() {
    return expression;
  }
}

package io.millrace.stream.features;

import static io.millrace.api.SqlText.ident;

import io.millrace.api.LogicalType;
import io.millrace.api.stream.Aggregation;
import io.millrace.api.stream.FeatureSpec;
import io.millrace.api.stream.FeatureWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles the features of a {@link FeatureEngine} to one DuckDB query over a table of events,
 * giving one row per entity with exactly the values the engine computes from the same events
 * delivered in arrival order (a parity test proves it).
 *
 * <p>The events relation needs the entity key, the event time (TIMESTAMP or TIMESTAMPTZ) and an
 * arrival order (e.g. the Kafka offset: a number increasing in the order the events of one entity
 * were consumed), plus the event fields the features read. Rows with a NULL key or time are
 * ignored, as a stream job dead-letters them. Late events (earlier than the entity's latest
 * previous arrival minus the grace period) are excluded as the engine excludes them. Double sums
 * fold values left to right in arrival order, as the engine does, so they round identically.
 * Column names starting with {@code __} are reserved.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeatureSql {
  private final BoundFeatures bound;

  /**
   * Where the events are.
   *
   * @param relation a table name (quoted here) or a parenthesised query
   * @param key the entity key column
   * @param time the event time column
   * @param arrival the arrival order column
   */
  public record EventTable(String relation, String key, String time, String arrival) {
    public EventTable {
      Objects.requireNonNull(relation, "relation");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(arrival, "arrival");
    }

    String from() {
      return relation.startsWith("(") ? relation + " AS __events" : ident(relation);
    }
  }

  private FeatureSql(BoundFeatures bound) {
    this.bound = bound;
  }

  /** The compiler for the definitions, event columns and grace of {@code engine}. */
  public static FeatureSql of(FeatureEngine engine) {
    return new FeatureSql(engine.bound());
  }

  /**
   * Each entity's features as of its latest event: the values of
   * {@link FeatureEngine#values(FeatureState)} after all its events. Columns: the key (named as in
   * the events) then every feature in {@link FeatureEngine#types()} order; rows ordered by key.
   */
  public String latest(EventTable events) {
    return query(events, "clock AS (SELECT __key, max(__t) AS __asof FROM ev GROUP BY __key)");
  }

  /**
   * Each entity's features as of {@code asOf}, for entities with an event at or before it: the
   * values of {@link FeatureEngine#values(FeatureState, Instant)} for a state that holds exactly
   * those events (events after {@code asOf} never count).
   */
  public String asOf(EventTable events, Instant asOf) {
    long t = Values.micros(asOf);
    return query(events, "clock AS (SELECT DISTINCT __key, CAST(" + t + " AS BIGINT) AS __asof "
        + "FROM ev WHERE __t <= " + t + ")");
  }

  private String query(EventTable events, String clock) {
    List<String> ctes = new ArrayList<>();
    ctes.add("e0 AS (SELECT *, " + ident(events.key()) + " AS __key, epoch_us(" + ident(events.time())
        + ") AS __t, " + ident(events.arrival()) + " AS __seq FROM " + events.from() + " WHERE "
        + ident(events.key()) + " IS NOT NULL AND " + ident(events.time()) + " IS NOT NULL)");
    int layer = 0;
    for (BoundFeatures.Field f : bound.fields) {
      ctes.add("e" + (layer + 1) + " AS (SELECT *, (" + f.expr().sql() + ") AS " + ident(f.name())
          + " FROM e" + layer + ")");
      layer++;
    }
    ctes.add("flagged AS (SELECT *, max(__t) OVER (PARTITION BY __key ORDER BY __seq "
        + "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS __prev FROM e" + layer + ")");
    ctes.add("ev AS (SELECT * FROM flagged WHERE __prev IS NULL OR __t >= __prev - "
        + WindowState.micros(bound.grace) + ")");
    ctes.add(clock);
    ctes.add("j AS (SELECT ev.*, clock.__asof FROM ev JOIN clock USING (__key) "
        + "WHERE ev.__t <= clock.__asof)");
    List<String> columns = new ArrayList<>();
    for (BoundFeatures.Field f : bound.fields) {
      columns.add("first(" + ident(f.name()) + " ORDER BY __t DESC, __seq DESC) AS " + ident(f.name()));
    }
    List<String> joins = new ArrayList<>();
    for (BoundFeatures.Aggregate a : bound.aggregates) {
      if (a.spec().aggregation().sessionOnly()) {
        String s = "s" + joins.size();
        ctes.add(sessions(s, a));
        joins.add(s);
        columns.add("any_value(" + sessionValue(s, a.spec().aggregation()) + ") AS "
            + ident(a.spec().name()));
      } else {
        columns.add(aggregate(a) + " AS " + ident(a.spec().name()));
      }
    }
    StringBuilder from = new StringBuilder("j");
    for (String s : joins) {
      from.append(" LEFT JOIN ").append(s).append(" USING (__key)");
    }
    ctes.add("d0 AS (SELECT __key, " + String.join(", ", columns) + " FROM " + from
        + " GROUP BY __key)");
    int d = 0;
    for (BoundFeatures.Derived x : bound.derived) {
      ctes.add("d" + (d + 1) + " AS (SELECT *, (" + x.expr().sql() + ") AS " + ident(x.name())
          + " FROM d" + d + ")");
      d++;
    }
    List<String> out = new ArrayList<>();
    out.add("__key AS " + ident(events.key()));
    bound.types.keySet().forEach(name -> out.add(ident(name)));
    return "WITH " + String.join(",\n", ctes) + "\nSELECT " + String.join(", ", out)
        + " FROM d" + d + " ORDER BY __key";
  }

  private String aggregate(BoundFeatures.Aggregate a) {
    FeatureSpec spec = a.spec();
    String col = spec.column() == null ? null : ident(spec.column());
    String cond = condition(a);
    String nonNull = col == null ? cond : cond + " AND " + col + " IS NOT NULL";
    String where = " FILTER (WHERE " + nonNull + ")";
    boolean doubles = a.columnType() == LogicalType.DOUBLE;
    String fold = "list_reduce(list(" + col + " ORDER BY __seq)" + where + ", lambda x, y: x + y)";
    return switch (spec.aggregation()) {
      case COUNT -> "count(*)" + where;
      case COUNT_DISTINCT -> "least(count(DISTINCT " + col + ")" + where + ", "
          + bound.distinctCap + ")";
      case SUM -> doubles ? fold : "CAST(sum(" + col + ")" + where + " AS BIGINT)";
      case AVG -> (doubles ? fold : "CAST(CAST(sum(" + col + ")" + where + " AS BIGINT) AS DOUBLE)")
          + " / count(*)" + where;
      case MIN -> "min(" + col + ")" + where;
      case MAX -> "max(" + col + ")" + where;
      case FIRST -> "first(" + col + " ORDER BY __t, __seq)" + where;
      case LAST -> "first(" + col + " ORDER BY __t DESC, __seq DESC)" + where;
      case SESSION_COUNT, AVG_SESSION_LENGTH -> throw new IllegalStateException(spec.name());
    };
  }

  /** The feature's filter and window as a condition on rows of {@code j}. */
  private static String condition(BoundFeatures.Aggregate a) {
    String filter = a.filter() == null ? "TRUE" : "(" + a.filter().sql() + ")";
    FeatureWindow w = a.spec().window();
    String window;
    if (w instanceof FeatureWindow.Tumbling t) {
      long size = WindowState.micros(t.size());
      window = "__t >= __asof - (((__asof % " + size + ") + " + size + ") % " + size + ")";
    } else if (w instanceof FeatureWindow.Hopping h) {
      long size = WindowState.micros(h.size());
      long adv = WindowState.micros(h.advance());
      String y = "(__asof - " + size + ")";
      window = "__t >= " + y + " - (((" + y + " % " + adv + ") + " + adv + ") % " + adv + ") + " + adv;
    } else if (w instanceof FeatureWindow.Trailing t) {
      window = "__t > __asof - " + WindowState.micros(t.period());
    } else {
      window = "TRUE";
    }
    return filter + " AND " + window;
  }

  private String sessions(String name, BoundFeatures.Aggregate a) {
    long gap = WindowState.micros(((FeatureWindow.Session) a.spec().window()).gap());
    String filter = a.filter() == null ? "TRUE" : a.filter().sql();
    String previous = "lag(__t) OVER (PARTITION BY __key ORDER BY __t)";
    return name + " AS (SELECT __key, count(*) AS __events, CAST(sum(__new) AS BIGINT) AS __sessions "
        + "FROM (SELECT __key, CASE WHEN " + previous + " IS NULL OR __t - " + previous + " > " + gap
        + " THEN 1 ELSE 0 END AS __new FROM j WHERE " + filter + ") GROUP BY __key)";
  }

  private static String sessionValue(String s, Aggregation aggregation) {
    return aggregation == Aggregation.SESSION_COUNT ? "coalesce(" + s + ".__sessions, 0)"
        : "CAST(" + s + ".__events AS DOUBLE) / " + s + ".__sessions";
  }
}

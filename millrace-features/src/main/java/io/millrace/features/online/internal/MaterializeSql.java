package io.millrace.features.online.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureViewSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query that reduces a view's source to each entity's latest row at {@code until}: keys
 * {@code __mr_k<i>}, the event time in microseconds {@code __mr_ts}, features {@code __mr_f<i>}.
 *
 * <p>The source is the union of the rows of files added since the last run ({@code __mr_new}) and,
 * when there was a last run, the rows of older files whose event time lies after its {@code until}
 * ({@code __mr_old}): together every row that may have become an entity's latest since. Rows with a
 * NULL key or event time are skipped; among rows with equal event times the greatest {@code created}
 * wins (NULL lowest), as in training sets.
 */
public final class MaterializeSql {
  public static final String NEW = "__mr_new";
  public static final String OLD = "__mr_old";
  public static final String RESULT = "__mr_mat";

  private MaterializeSql() {}

  /** {@code CREATE TEMP TABLE __mr_mat AS ...}. */
  public static String create(FeatureViewSpec v, TableSchema schema, Instant until, Instant previousUntil) {
    Column ts = column(v, schema, v.timestamp());
    if (!isTime(ts.type())) {
      throw MillraceException.user("Cannot materialize feature view '%s' (%s): its timestamp column '%s' is %s; it must be "
          + "a TIMESTAMP, TIMESTAMPTZ or DATE", v.name(), v.location(), ts.name(), ts.type());
    }
    String t = time(ts);
    String c = v.created() == null ? "NULL" : time(column(v, schema, v.created()));
    String source = "SELECT *, true AS __mr_isnew FROM " + NEW
        + (previousUntil == null ? "" : " UNION ALL SELECT *, false FROM " + OLD);
    List<String> select = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (int k = 0; k < v.entities().size(); k++) {
      String key = SqlText.ident(column(v, schema, v.entities().get(k)).name());
      select.add(key + " AS __mr_k" + k);
      keys.add(key);
      where.add(key + " IS NOT NULL");
    }
    select.add("epoch_us(__mr_t) AS __mr_ts");
    List<FeatureColumn> features = v.features();
    for (int f = 0; f < features.size(); f++) {
      FeatureColumn fc = features.get(f);
      select.add((fc.expression() == null ? SqlText.ident(column(v, schema, fc.name()).name())
          : "(" + fc.expression() + ")") + " AS __mr_f" + f);
    }
    where.add("__mr_t IS NOT NULL");
    where.add("__mr_t <= " + literal(until));
    if (v.ttl() != null) {
      where.add("__mr_t >= " + literal(until.minus(v.ttl())));
    }
    if (previousUntil != null) {
      where.add("(__mr_isnew OR __mr_t > " + literal(previousUntil) + ")");
    }
    return "CREATE OR REPLACE TEMP TABLE " + RESULT + " AS SELECT " + String.join(", ", select)
        + " FROM (SELECT *, " + t + " AS __mr_t, " + c + " AS __mr_c FROM (" + source + ")) __mr_s WHERE "
        + String.join(" AND ", where) + " QUALIFY row_number() OVER (PARTITION BY " + String.join(", ", keys)
        + " ORDER BY __mr_t DESC, __mr_c DESC NULLS LAST) = 1";
  }

  /** A UTC TIMESTAMP literal. */
  static String literal(Instant t) {
    return "TIMESTAMP '" + LocalDateTime.ofInstant(t, ZoneOffset.UTC) + "'";
  }

  private static String time(Column c) {
    String col = SqlText.ident(c.name());
    return switch (c.type()) {
      case TIMESTAMP -> col;
      case TIMESTAMPTZ -> "timezone('UTC', " + col + ")";
      default -> "CAST(" + col + " AS TIMESTAMP)";
    };
  }

  private static Column column(FeatureViewSpec v, TableSchema schema, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return schema.columns().stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst()
        .orElseThrow(() -> MillraceException.user("Cannot materialize feature view '%s' (%s): '%s' is not a column of %s "
            + "(columns: %s)", v.name(), v.location(), name, v.source(), String.join(", ", schema.names())));
  }

  /** Whether a time column's type can be an event time. */
  static boolean isTime(LogicalType t) {
    return t == LogicalType.TIMESTAMP || t == LogicalType.TIMESTAMPTZ || t == LogicalType.DATE;
  }
}

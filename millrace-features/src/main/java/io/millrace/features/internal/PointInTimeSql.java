package io.millrace.features.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The point-in-time join as one DuckDB query.
 *
 * <p>Design notes. Each view becomes a CTE of (keys, event time, features) with NULL keys and NULL
 * event times removed. The entity rows are numbered in input order
 * ({@code row_number() OVER ()} over the scan, which DuckDB keeps in insertion order) and each view
 * is joined with {@code ASOF LEFT JOIN ... ON keys AND entity_time >= event_time}: the greatest event
 * time &le; t. When the view has a {@code created} column the ASOF inequality is on the struct
 * {@code {t: event time, c: created}} (compared field by field; a NULL created ranks lowest) against
 * {@code {t: t, c: +infinity}}, so among rows with equal event times the greatest created is taken in
 * the same join, without a pass to reduce the view first. Rows equal in both are an arbitrary pick,
 * as in Feast (a stream history's repeated rows are equal). A ttl is then a filter on that one row (event time &ge; t &minus; ttl): any other
 * candidate is older still, so NULL is the right answer when it fails. Times are compared as UTC
 * {@code TIMESTAMP}s in microseconds (TIMESTAMPTZ converted, DATE at midnight). The result is ordered
 * by the row number.
 */
public final class PointInTimeSql {
  private static final String ROW = "__mr_row";
  private static final String T = "__mr_t";
  private static final String TS = "__mr_ts";
  private static final String TC = "__mr_tc";

  private final String entities;
  private final TableSchema entitySchema;
  private final String timestampColumn;
  private final Map<FeatureViewSpec, List<FeatureColumn>> byView = new LinkedHashMap<>();
  private final Map<FeatureViewSpec, String> sources;
  private final Map<String, TableSchema> schemas;
  private final boolean fullNames;
  private final List<String> outputNames = new ArrayList<>();

  /**
   * @param sources the relation each view reads
   * @param schemas the columns of each relation
   * @throws MillraceException USER for a missing entity column or clashing output names
   */
  public PointInTimeSql(String entities, TableSchema entitySchema, String timestampColumn, List<FeatureRef> refs,
                        Map<String, FeatureViewSpec> views, Map<FeatureViewSpec, String> sources,
                        Map<String, TableSchema> schemas, boolean fullNames) {
    this.entities = entities;
    this.entitySchema = entitySchema;
    this.timestampColumn = timestampColumn;
    this.sources = sources;
    this.schemas = schemas;
    this.fullNames = fullNames;
    for (FeatureRef r : refs) {
      FeatureViewSpec v = views.get(r.view());
      byView.computeIfAbsent(v, k -> new ArrayList<>()).add(v.feature(r.feature()).orElseThrow());
    }
    checkEntityColumns();
    nameOutputs();
  }

  /** The output columns: the entity input's, then the features'. */
  public List<String> outputColumns() {
    List<String> all = new ArrayList<>(entitySchema.names());
    all.addAll(outputNames);
    return all;
  }

  /** The join as one DuckDB query ({@code ASOF LEFT JOIN}). */
  public String render() {
    StringBuilder sql = new StringBuilder("WITH __mr_e AS (SELECT *, row_number() OVER () AS " + ROW + ", "
        + time(SqlText.ident(timestampColumn), entityColumn(timestampColumn).type()) + " AS " + T + " FROM " + entities + ")");
    if (byView.keySet().stream().anyMatch(v -> v.created() != null)) {
      // a NULL time must stay a NULL struct (a struct with a NULL field would compare)
      sql.append(",\n__mr_ec AS (SELECT *, CASE WHEN ").append(T).append(" IS NOT NULL THEN ")
          .append(order(T, "'infinity'::TIMESTAMP")).append(" END AS ").append(TC).append(" FROM __mr_e)");
    }
    int i = 0;
    for (FeatureViewSpec v : byView.keySet()) {
      sql.append(",\n__mr_v").append(i++).append(" AS (").append(viewCte(v)).append(")");
    }
    List<String> select = new ArrayList<>();
    entitySchema.names().forEach(n -> select.add("e." + SqlText.ident(n)));
    StringBuilder joins = new StringBuilder();
    i = 0;
    int out = 0;
    for (Map.Entry<FeatureViewSpec, List<FeatureColumn>> e : byView.entrySet()) {
      FeatureViewSpec v = e.getKey();
      String alias = "v" + i;
      joins.append("\nASOF LEFT JOIN __mr_v").append(i).append(' ').append(alias).append(" ON ");
      for (int k = 0; k < v.entities().size(); k++) {
        joins.append("e.").append(SqlText.ident(entityColumn(v.entities().get(k)).name())).append(" = ")
            .append(alias).append(".__mr_k").append(k).append(" AND ");
      }
      boolean byCreated = v.created() != null;
      joins.append("e.").append(byCreated ? TC : T).append(" >= ").append(alias).append('.').append(byCreated ? TC : TS);
      for (int f = 0; f < e.getValue().size(); f++) {
        String value = alias + ".__mr_f" + f;
        if (v.ttl() != null) {
          long micros = v.ttl().toNanos() / 1000;
          value = "CASE WHEN " + alias + "." + TS + " >= e." + T + " - to_microseconds(CAST(" + micros
              + " AS BIGINT)) THEN " + value + " END";
        }
        select.add(value + " AS " + SqlText.ident(outputNames.get(out++)));
      }
      i++;
    }
    String from = byView.keySet().stream().anyMatch(v -> v.created() != null) ? "__mr_ec" : "__mr_e";
    return sql.append("\nSELECT ").append(String.join(", ", select)).append("\nFROM ").append(from).append(" e").append(joins)
        .append("\nORDER BY e.").append(ROW).toString();
  }

  /**
   * The same join without {@code ASOF}, for engines that lack it (Spark): a sorted window per view
   * ({@link WindowedPointInTimeSql}). Same rows and the same order.
   */
  public String renderWindowed() {
    return new WindowedPointInTimeSql(this).render();
  }

  String entities() {
    return entities;
  }

  TableSchema entitySchema() {
    return entitySchema;
  }

  String timestampColumn() {
    return timestampColumn;
  }

  Map<FeatureViewSpec, List<FeatureColumn>> byView() {
    return byView;
  }

  String source(FeatureViewSpec v) {
    return sources.get(v);
  }

  TableSchema sourceSchema(FeatureViewSpec v) {
    return schemas.get(sources.get(v));
  }

  List<String> outputNames() {
    return outputNames;
  }

  private String viewCte(FeatureViewSpec v) {
    TableSchema schema = schemas.get(sources.get(v));
    List<String> keys = new ArrayList<>();
    List<String> notNull = new ArrayList<>();
    for (int k = 0; k < v.entities().size(); k++) {
      String key = SqlText.ident(sourceColumn(v, schema, v.entities().get(k)).name());
      keys.add(key + " AS __mr_k" + k);
      notNull.add(key + " IS NOT NULL");
    }
    Column ts = sourceColumn(v, schema, v.timestamp());
    keys.add(time(SqlText.ident(ts.name()), ts.type()) + " AS " + TS);
    notNull.add(SqlText.ident(ts.name()) + " IS NOT NULL");
    List<FeatureColumn> features = byView.get(v);
    List<String> values = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      FeatureColumn fc = features.get(f);
      values.add((fc.expression() == null ? SqlText.ident(sourceColumn(v, schema, fc.name()).name())
          : "(" + fc.expression() + ")") + " AS __mr_f" + f);
    }
    if (v.created() != null) {
      // (event time, created) ordered together: the ASOF join then takes the greatest created among equal times
      Column created = sourceColumn(v, schema, v.created());
      keys.add(order(time(SqlText.ident(ts.name()), ts.type()), "coalesce(" + time(SqlText.ident(created.name()),
          created.type()) + ", '-infinity'::TIMESTAMP)") + " AS " + TC);
    }
    return "SELECT " + String.join(", ", keys) + ", " + String.join(", ", values) + " FROM " + sources.get(v)
        + " WHERE " + String.join(" AND ", notNull);
  }

  /** The ASOF ordering value: {@code {t: event time, c: created}}, compared field by field. */
  private static String order(String time, String created) {
    return "{'t': " + time + ", 'c': " + created + "}";
  }

  /** A time column as a UTC TIMESTAMP (microseconds). */
  private static String time(String col, LogicalType type) {
    return switch (type) {
      case TIMESTAMP -> col;
      case TIMESTAMPTZ -> "timezone('UTC', " + col + ")";
      default -> "CAST(" + col + " AS TIMESTAMP)";
    };
  }

  Column entityColumn(String name) {
    return SourceColumns.find(entitySchema, name).orElseThrow(() -> MillraceException.user(
        "Cannot build a training set: the entity rows have no column '%s' (columns: %s)", name,
        String.join(", ", entitySchema.names())));
  }

  static Column sourceColumn(FeatureViewSpec v, TableSchema schema, String name) {
    return SourceColumns.find(schema, name).orElseThrow(() -> MillraceException.user(
        "Cannot load %s: feature view '%s': '%s' is not a column of %s (columns: %s)", v.location(), v.name(), name,
        v.source(), String.join(", ", schema.names())));
  }

  private void checkEntityColumns() {
    LogicalType t = entityColumn(timestampColumn).type();
    if (t != LogicalType.TIMESTAMP && t != LogicalType.TIMESTAMPTZ && t != LogicalType.DATE) {
      throw MillraceException.user("Cannot build a training set: the entity timestamp column '%s' is %s; it must be a "
          + "TIMESTAMP, TIMESTAMPTZ or DATE (see --timestamp-column)", timestampColumn, t);
    }
    for (FeatureViewSpec v : byView.keySet()) {
      for (String key : v.entities()) {
        if (SourceColumns.find(entitySchema, key).isEmpty()) {
          throw MillraceException.user("Cannot build a training set: the entity rows have no column '%s', the entity "
              + "key of feature view '%s' (columns: %s)", key, v.name(), String.join(", ", entitySchema.names()));
        }
      }
    }
  }

  /** {@code <feature>} or {@code <view>__<feature>}; a clash with another output or an input column is refused. */
  private void nameOutputs() {
    Map<String, String> taken = new HashMap<>();
    entitySchema.names().forEach(n -> taken.put(n.toLowerCase(Locale.ROOT), "entity input column " + n));
    List<String> clashes = new ArrayList<>();
    for (Map.Entry<FeatureViewSpec, List<FeatureColumn>> e : byView.entrySet()) {
      for (FeatureColumn f : e.getValue()) {
        String name = fullNames ? e.getKey().name() + "__" + f.name() : f.name();
        String what = e.getKey().name() + ":" + f.name();
        String before = taken.putIfAbsent(name.toLowerCase(Locale.ROOT), what);
        if (before != null) {
          clashes.add("'" + name + "' (" + before + " and " + what + ")");
        }
        outputNames.add(name);
      }
    }
    if (!clashes.isEmpty()) {
      throw MillraceException.user("Cannot build a training set: output column names clash: %s%s", String.join(", ", clashes),
          fullNames ? "" : "; use --full-feature-names to name features <view>__<feature>");
    }
  }
}

package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.EngineSession.StandInQuery;
import io.millrace.api.spi.QueryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds many queries as session-private stand-ins in few round trips (plan time): one script of
 * {@code CREATE OR REPLACE TEMP TABLE <name> AS SELECT * FROM (<sql>) LIMIT 0} statements per batch
 * (DuckDB binds each against the stand-ins created before it and, with {@code LIMIT 0}, reads
 * nothing), then one {@code duckdb_columns()} query for the types of the whole batch. That replaces
 * a {@code DESCRIBE} plus a {@code CREATE TEMP TABLE} per query, measured at about a third of the
 * engine time.
 *
 * <p>Two differences from {@code DESCRIBE} are handled: a result with two columns of the same name
 * (which DuckDB would store renamed as {@code a_1}) is detected and that query re-bound with
 * {@code DESCRIBE}, which reports it; and a {@code stored} stand-in whose engine types differ from
 * their logical types (TINYINT, FLOAT, ...) is redefined with the logical types and the queries after
 * it are bound again, so they see what a run would store.
 */
final class BatchBinder {
  /** Statements per script. */
  static final int BATCH = 256;
  private final SqlExecutor sql;
  private final Describer describer;
  private final Catalog catalog;

  BatchBinder(SqlExecutor sql, Describer describer, Catalog catalog) {
    this.sql = sql;
    this.describer = describer;
    this.catalog = catalog;
  }

  List<TableSchema> bind(List<StandInQuery> queries) {
    List<TableSchema> out = new ArrayList<>(queries.size());
    int from = 0;
    while (from < queries.size()) {
      int to = Math.min(queries.size(), from + BATCH);
      List<StandInQuery> batch = queries.subList(from, to);
      sql.execute(script(batch), "bind queries");
      Map<String, Map<String, String>> types = columns(batch);
      int next = to;
      for (int i = 0; i < batch.size(); i++) {
        StandInQuery q = batch.get(i);
        Map<String, String> duck = types.getOrDefault(q.name(), Map.of());
        if (renamedDuplicate(duck.keySet())) {
          duck = describer.duckTypes(q.sql());   // fails naming the duplicate column, or confirms
        }
        TableSchema schema = Describer.schema(duck);
        out.add(schema);
        if (q.stored() && !sameTypes(duck, schema)) {
          catalog.standIn(q.name(), logical(schema));
          next = from + i + 1;   // later queries may read it: bind them against the stored types
          break;
        }
      }
      from = next;
    }
    return out;
  }

  private static String script(List<StandInQuery> batch) {
    StringBuilder b = new StringBuilder();
    for (StandInQuery q : batch) {
      b.append("CREATE OR REPLACE TEMP TABLE ").append(Sql.ident(q.name())).append(" AS SELECT * FROM ")
          .append(Sql.subquery(q.sql())).append(" LIMIT 0;\n");
    }
    return b.toString();
  }

  /** Column name to DuckDB type, in order, of each stand-in of the batch. */
  private Map<String, Map<String, String>> columns(List<StandInQuery> batch) {
    String names = batch.stream().map(q -> Sql.literal(q.name())).distinct().collect(Collectors.joining(", "));
    QueryResult r = sql.query("SELECT table_name, column_name, data_type FROM duckdb_columns() "
        + "WHERE database_name = 'temp' AND table_name IN (" + names + ") ORDER BY table_name, column_index",
        "read bound schemas");
    Map<String, Map<String, String>> out = new HashMap<>();
    for (List<Object> row : r.rows()) {
      out.computeIfAbsent((String) row.get(0), t -> new LinkedHashMap<>()).put((String) row.get(1), (String) row.get(2));
    }
    return out;
  }

  /** DuckDB stores a second {@code a} as {@code a_1} (or {@code a_2}, ...): any such pair is suspect. */
  static boolean renamedDuplicate(Set<String> names) {
    Set<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    for (String n : lower) {
      int cut = n.lastIndexOf('_');
      if (cut > 0 && cut < n.length() - 1 && n.substring(cut + 1).chars().allMatch(Character::isDigit)
          && lower.contains(n.substring(0, cut))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameTypes(Map<String, String> duck, TableSchema schema) {
    for (Column c : schema.columns()) {
      if (!c.sql().equalsIgnoreCase(duck.get(c.name()).strip())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> logical(TableSchema schema) {
    Map<String, String> types = new LinkedHashMap<>();
    schema.columns().forEach(c -> types.put(c.name(), c.sql()));
    return types;
  }
}

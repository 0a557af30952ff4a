package io.millrace.duckdb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Loads newline-delimited JSON so that every non-blank line ends in exactly one place: a row, or a
 * {@link Reject} with its line number. DuckDB's {@code read_json} has no reject tables, so the file
 * is read as text ({@code read_text}), split into numbered lines, validated with {@code json_valid},
 * and each column extracted as text and cast with {@code TRY_CAST}: a present value whose cast fails
 * rejects the line, naming the column. Blank lines are not records and are skipped.
 *
 * <p>Without declared columns the schema is inferred from the valid lines
 * ({@code json_group_structure}): integers as BIGINT, numbers DOUBLE, booleans BOOLEAN, everything
 * else (strings, mixed, nested) VARCHAR. Declare columns to read dates and timestamps. Keys that
 * differ only in case are refused (column names are case-insensitive).
 *
 * <p>A UTF-8 byte-order mark on line 1 is dropped. A file that is not all valid UTF-8 is read line
 * by line in Java instead ({@link Utf8Lines}): each undecodable line is rejected, the rest load.
 */
final class JsonlSource {
  private static final AtomicLong LOADS = new AtomicLong();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A line without its carriage return, and without a UTF-8 byte-order mark on line 1. */
  private static final String CLEAN_LINE = "CASE WHEN n = 1 AND starts_with(line, chr(65279)) THEN "
      + "rtrim(substr(line, 2), chr(13)) ELSE rtrim(line, chr(13)) END";
  private static final String OK = "CASE WHEN json_valid(line) THEN json_type(line) = 'OBJECT' ELSE false "
      + "END AS ok";

  private final SqlExecutor sql;

  JsonlSource(SqlExecutor sql) {
    this.sql = sql;
  }

  SourceLoad load(SourceSpec source, String table, Describer describer) {
    Path path = SourceFiles.existing(source);
    String what = "read source '" + source.name() + "' from " + path;
    long id = LOADS.incrementAndGet();
    String lines = "temp.millrace_json_lines_" + id;
    String typed = "temp.millrace_json_typed_" + id;
    String raw = "millrace_json_raw_" + id;
    try {
      List<Reject> encoding = List.of();
      try {
        sql.execute("CREATE TEMP TABLE " + lines.substring(5) + " AS SELECT line_no, line, " + OK
            + " FROM (SELECT n AS line_no, " + CLEAN_LINE + " AS line FROM (SELECT unnest(l) AS line, "
            + "generate_subscripts(l, 1) AS n FROM (SELECT string_split(content, chr(10)) AS l FROM "
            + "read_text(" + Sql.literal(path) + ")))) WHERE trim(line) <> ''", what);
      } catch (MillraceException e) {
        if (!e.getMessage().contains("valid UTF-8")) {
          throw e;
        }
        // read_text refuses the whole file; lines that are not UTF-8 are rejected one by one instead.
        encoding = new Utf8Lines(sql).load(path, raw, what);
        sql.execute("CREATE TEMP TABLE " + lines.substring(5) + " AS SELECT line_no, line, " + OK
            + " FROM (SELECT n AS line_no, " + CLEAN_LINE + " AS line FROM " + Sql.ident(raw) + ") WHERE "
            + "trim(line) <> ''", what);
      }
      List<Column> columns = source.columns().isEmpty() ? infer(lines, what) : source.columns();
      checkDistinctNames(source, path, columns);
      if (columns.isEmpty()) {
        throw SourceFiles.error(source, path, "no line holds a JSON object");
      }
      sql.execute("CREATE TEMP TABLE " + typed.substring(5) + " AS " + typed(lines, columns), what);
      long rows = sql.execute("CREATE OR REPLACE TABLE " + Sql.ident(table) + " AS SELECT "
          + columns.stream().map(c -> Sql.ident(c.name())).collect(Collectors.joining(", "))
          + " FROM " + typed + " WHERE bad IS NULL ORDER BY line_no", what);
      List<Reject> rejects = new ArrayList<>(rejects(typed, path, columns, what));
      if (!encoding.isEmpty()) {
        rejects.addAll(encoding);
        rejects.sort(java.util.Comparator.comparingLong(Reject::line));
      }
      if (rows == 0 && !rejects.isEmpty()) {
        Reject first = rejects.get(0);
        throw SourceFiles.error(source, path, "no line could be read (%d rejected; line %d: %s)",
            rejects.size(), first.line(), first.reason());
      }
      return new SourceLoad(table, new TableSchema(columns), rows, rejects);
    } finally {
      sql.execute("DROP TABLE IF EXISTS " + lines, "drop staging table");
      sql.execute("DROP TABLE IF EXISTS " + typed, "drop staging table");
      sql.execute("DROP TABLE IF EXISTS " + Sql.ident(raw), "drop staging table");
    }
  }

  /**
   * line_no, line, the typed columns, and {@code bad}: null for a good line, '' for a malformed one,
   * else the first column whose value failed its cast. All paths are extracted in one call so each
   * line is parsed once, not once per column.
   */
  private static String typed(String lines, List<Column> columns) {
    String paths = columns.stream().map(c -> Sql.literal("$." + Sql.ident(c.name())))
        .collect(Collectors.joining(", ", "[", "]"));
    StringBuilder select = new StringBuilder("SELECT line_no, line, ok");
    StringBuilder bad = new StringBuilder("CASE WHEN NOT ok THEN ''");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String raw = "_raws[" + (i + 1) + "]";
      select.append(", ").append(StrictCast.value(raw, c)).append(" AS ").append(Sql.ident(c.name()))
          .append(", ").append(raw).append(" AS _raw").append(i);
      bad.append(" WHEN _raw").append(i).append(" IS NOT NULL AND NOT ")
          .append(StrictCast.accepts("_raw" + i, c)).append(" THEN ").append(Sql.literal(c.name()));
    }
    bad.append(" END AS bad");
    return "SELECT *, " + bad + " FROM (" + select + " FROM (SELECT *, CASE WHEN ok THEN "
        + "json_extract_string(line, " + paths + ") END AS _raws FROM " + lines + "))";
  }

  /**
   * DuckDB column names are case-insensitive: keys differing only in case ({@code id}, {@code ID})
   * cannot both be columns, so the source is refused naming them.
   */
  private static void checkDistinctNames(SourceSpec source, Path path, List<Column> columns) {
    Map<String, String> seen = new java.util.HashMap<>();
    for (Column c : columns) {
      String other = seen.putIfAbsent(c.name().toLowerCase(java.util.Locale.ROOT), c.name());
      if (other != null) {
        throw SourceFiles.error(source, path, "keys '%s' and '%s' differ only in case, and column names "
            + "are case-insensitive (rename one in the data, or declare columns to read only one)", other,
            c.name());
      }
    }
  }

  private List<Reject> rejects(String typed, Path path, List<Column> columns, String what) {
    QueryResult r = sql.query("SELECT line_no, bad, line FROM " + typed + " WHERE bad IS NOT NULL "
        + "ORDER BY line_no", what);
    List<Reject> rejects = new ArrayList<>(r.rows().size());
    for (List<Object> row : r.rows()) {
      String column = (String) row.get(1);
      String line = (String) row.get(2);
      String reason = column.isEmpty() ? "MALFORMED JSON: the line is not a JSON object"
          : StrictCast.reason(columns.stream().filter(c -> c.name().equals(column)).findFirst()
              .orElseThrow(), value(line, column));
      rejects.add(new Reject(path.toString(), ((Number) row.get(0)).longValue(),
          column.isEmpty() ? null : column, reason, line));
    }
    return rejects;
  }

  private static String value(String line, String column) {
    try {
      JsonNode value = JSON.readTree(line).get(column);
      return value == null ? "?" : value.isTextual() ? value.asText() : value.toString();
    } catch (IOException e) {
      return "?";
    }
  }

  private List<Column> infer(String lines, String what) {
    Object structure = sql.query("SELECT json_group_structure(line::JSON)::VARCHAR FROM " + lines
        + " WHERE ok", what).scalar();
    if (structure == null) {
      return List.of();
    }
    JsonNode node;
    try {
      node = JSON.readTree(structure.toString());
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read inferred JSON structure: %s", structure);
    }
    List<Column> columns = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      columns.add(new Column(field.getKey(), inferred(field.getValue())));
    }
    return columns;
  }

  private static LogicalType inferred(JsonNode type) {
    if (!type.isTextual()) {
      return LogicalType.VARCHAR;
    }
    switch (type.asText()) {
      case "UBIGINT": case "BIGINT": return LogicalType.BIGINT;
      case "DOUBLE": return LogicalType.DOUBLE;
      case "BOOLEAN": return LogicalType.BOOLEAN;
      default: return LogicalType.VARCHAR;
    }
  }
}

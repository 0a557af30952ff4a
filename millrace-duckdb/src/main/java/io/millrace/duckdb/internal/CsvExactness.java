package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.QueryResult;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The exact-type checks of a CSV load ({@link CsvSource}): which columns are read with their type
 * and judged after {@link CsvLines}' pass, the judging of the flagged values with
 * {@link StrictCast}, and the marker column of the columns read as text and cast in SQL.
 */
final class CsvExactness {
  static final String BAD = "_millrace_bad";
  /** Beyond this many flagged rows the values are checked as text instead (one SQL pass). */
  static final int MAX_SUSPECTS = 50_000;

  private final SqlExecutor sql;

  CsvExactness(SqlExecutor sql) {
    this.sql = sql;
  }

  /**
   * Checked columns read with their own type (whole numbers, doubles, dates) and judged after the
   * field scan: DuckDB's typed reader costs what a plain load costs, where reading as text and
   * testing every value cost 2.4 times as much (BENCHMARKS.md). Needs a one-byte delimiter.
   */
  static Set<String> scanned(SourceSpec source, List<Column> columns, Set<String> checked) {
    String d = source.delimiter();
    if (d.length() != 1 || d.charAt(0) > 127 || d.charAt(0) == '"' || Character.isDigit(d.charAt(0))) {
      return Set.of();
    }
    Set<String> scanned = new LinkedHashSet<>();
    for (Column c : columns) {
      if (checked.contains(c.name()) && (c.type() == LogicalType.INTEGER || c.type() == LogicalType.BIGINT
          || c.type() == LogicalType.DOUBLE || c.type() == LogicalType.DATE)) {
        scanned.add(c.name());
      }
    }
    return scanned;
  }

  static CsvLines.Fields fields(SourceSpec source, List<Column> columns, Set<String> scanned) {
    byte[] classes = new byte[columns.size()];
    for (int i = 0; i < classes.length; i++) {
      Column c = columns.get(i);
      classes[i] = !scanned.contains(c.name()) ? CsvLines.NONE
          : c.type() == LogicalType.DATE ? CsvLines.DATE
          : c.type() == LogicalType.DOUBLE ? CsvLines.NONE : CsvLines.WHOLE;
    }
    return new CsvLines.Fields((byte) source.delimiter().charAt(0), classes);
  }

  /** Rows with an infinite double: exact only when spelled {@code inf}, so judged like flagged rows. */
  Set<Long> infinite(String table, List<Column> columns, Set<String> scanned, String what) {
    String any = columns.stream().filter(c -> scanned.contains(c.name()) && c.type() == LogicalType.DOUBLE)
        .map(c -> "isinf(" + Sql.ident(c.name()) + ")").collect(Collectors.joining(" OR "));
    if (any.isEmpty()) {
      return Set.of();
    }
    Set<Long> rows = new HashSet<>();
    sql.query("SELECT rowid FROM " + Sql.ident(table) + " WHERE " + any, what).rows()
        .forEach(r -> rows.add(((Number) r.get(0)).longValue()));
    return rows;
  }

  /**
   * Judges the scanned values of the suspect rows with {@link StrictCast#accepts}, adding the rows
   * with an inexact one to {@code bad}. False when a value read back from the file does not cast to
   * what DuckDB loaded: the scan split the record otherwise.
   */
  boolean judge(SourceSpec source, String table, List<Column> columns, Set<String> scanned,
                        Set<Long> suspects, CsvLines lines, Map<Long, String> bad, String what) {
    if (suspects.isEmpty()) {
      return true;
    }
    Map<Long, List<String>> fields = new LinkedHashMap<>();
    for (long row : suspects) {
      CsvLines.Located at = lines.row(row);
      List<String> f = at == null ? null : CsvSource.split(at.text(), source.delimiter().charAt(0));
      if (f == null || f.size() != columns.size()) {
        return false;
      }
      fields.put(row, f);
    }
    Map<Long, String> found = new java.util.TreeMap<>();
    for (int i = columns.size() - 1; i >= 0; i--) {   // last column first: the first bad one wins
      Column c = columns.get(i);
      if (!scanned.contains(c.name())) {
        continue;
      }
      int index = i;
      String values = fields.entrySet().stream()
          .map(e -> "(" + e.getKey() + ", " + (e.getValue().get(index).isEmpty() ? "NULL"
              : Sql.literal(e.getValue().get(index))) + ")")
          .collect(Collectors.joining(", "));
      QueryResult r = sql.query("SELECT s.r, s.t, s.t IS NULL OR " + StrictCast.accepts("s.t", c)
          + ", " + StrictCast.value("s.t", c) + " IS NOT DISTINCT FROM x.v FROM (VALUES " + values
          + ") s(r, t) LEFT JOIN (SELECT rowid AS r, " + Sql.ident(c.name()) + " AS v FROM "
          + Sql.ident(table) + ") x USING (r)", what);
      for (List<Object> row : r.rows()) {
        if (!Boolean.TRUE.equals(row.get(3))) {
          return false;
        }
        if (!Boolean.TRUE.equals(row.get(2))) {
          found.put(((Number) row.get(0)).longValue(), index + ":" + row.get(1));
        }
      }
    }
    found.forEach((row, marker) -> bad.merge(row, marker,
        (a, b) -> Integer.parseInt(a.substring(0, a.indexOf(':'))) <= Integer.parseInt(b.substring(0, b.indexOf(':')))
            ? a : b));
    return true;
  }

  /** NULL for a good row, else {@code <column index>:<text>} of its first inexact value. */
  static String badExpression(List<Column> columns, Set<String> checked) {
    StringBuilder bad = new StringBuilder("CASE");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      if (checked.contains(c.name())) {
        String raw = Sql.ident(c.name());
        bad.append(" WHEN ").append(raw).append(" IS NOT NULL AND NOT ").append(StrictCast.accepts(raw, c))
            .append(" THEN '").append(i).append(":' || ").append(raw);
      }
    }
    return bad.append(" END").toString();
  }

  /** Row index to marker of the rows with an inexact text-checked value. */
  Map<Long, String> badMarkers(String table, String what) {
    QueryResult r = sql.query("SELECT rowid, " + BAD + " FROM " + Sql.ident(table) + " WHERE " + BAD
        + " IS NOT NULL ORDER BY rowid", what);
    Map<Long, String> bad = new LinkedHashMap<>();
    r.rows().forEach(row -> bad.put(((Number) row.get(0)).longValue(), (String) row.get(1)));
    return bad;
  }

  /** Deletes the bad rows (all found before, so row ids are those of the load) and the marker column. */
  void removeBadRows(String table, Map<Long, String> bad, boolean marker, String what) {
    if (!bad.isEmpty()) {
      sql.execute("DELETE FROM " + Sql.ident(table) + " WHERE rowid IN (SELECT unnest(["
          + bad.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")) + "]))", what);
    }
    if (marker) {
      sql.execute("ALTER TABLE " + Sql.ident(table) + " DROP COLUMN " + BAD, what);
    }
  }
}

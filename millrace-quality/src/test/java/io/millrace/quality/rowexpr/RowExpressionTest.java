package io.millrace.quality.rowexpr;

import static io.millrace.quality.rowexpr.DuckRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.quality.RowExpression;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RowExpressionTest {
  static final Map<String, LogicalType> COLS = new LinkedHashMap<>();

  static {
    COLS.put("i", LogicalType.INTEGER);
    COLS.put("b", LogicalType.BIGINT);
    COLS.put("d", LogicalType.DOUBLE);
    COLS.put("s", LogicalType.VARCHAR);
    COLS.put("ok", LogicalType.BOOLEAN);
    COLS.put("day", LogicalType.DATE);
    COLS.put("ts", LogicalType.TIMESTAMP);
    COLS.put("tz", LogicalType.TIMESTAMPTZ);
    COLS.put("Mixed Case", LogicalType.VARCHAR);
  }

  static final List<Map<String, Object>> ROWS = List.of(
      row("i", 1, "b", 10L, "d", 1.5, "s", "abc", "ok", true, "day", LocalDate.of(2024, 1, 7),
          "ts", LocalDateTime.of(2024, 1, 7, 13, 45, 12, 345_000_000), "tz", Instant.parse("2024-01-07T23:30:00Z"),
          "Mixed Case", "Ab_c"),
      row("i", -7, "b", -3_000_000_000L, "d", -2.5, "s", "  padded  ", "ok", false, "day", LocalDate.of(2023, 12, 31),
          "ts", LocalDateTime.of(2023, 12, 31, 0, 0), "tz", Instant.parse("2023-06-01T00:00:00Z"), "Mixed Case", "x"),
      row("i", null, "b", null, "d", null, "s", null, "ok", null, "day", null, "ts", null, "tz", null,
          "Mixed Case", null),
      row("i", 0, "b", 0L, "d", 0.0, "s", "", "ok", true, "day", LocalDate.of(2000, 2, 29),
          "ts", LocalDateTime.of(2000, 2, 29, 23, 59, 59), "tz", Instant.parse("2000-02-29T12:00:00Z"),
          "Mixed Case", "ÉCOLE ß Σ"),
      row("i", 2147483647, "b", Long.MAX_VALUE, "d", Double.NaN, "s", "🦆 duck\n", "ok", false,
          "day", LocalDate.of(1970, 1, 1), "ts", LocalDateTime.of(1970, 1, 1, 0, 0, 0, 500_000_000),
          "tz", Instant.parse("1970-01-01T00:00:00Z"), "Mixed Case", "{\"a\": [1, 2,]}"),
      row("i", 5, "b", 2L, "d", 1e20, "s", "12.5", "ok", true, "day", LocalDate.of(2024, 3, 1),
          "ts", LocalDateTime.of(2024, 3, 1, 6, 7, 8), "tz", Instant.parse("2024-03-01T06:07:08.123456Z"),
          "Mixed Case", "[1, 2"));

  static final List<String> EXPRESSIONS = List.of(
      "i + 1", "i - b", "i * 2", "i / 2", "i // 2", "i % 3", "b / 0", "i // 0", "d % 0", "-i", "d * 1.5 + i",
      "i + 2147483647", "abs(i)", "abs(d)", "round(d)", "round(d, 1)", "round(i, -1)", "round(2.675, 2)",
      "i > 0 AND d > 0", "i > 0 OR d > 0", "NOT ok", "ok IS TRUE", "ok IS NOT FALSE", "i IS NULL", "s IS NOT NULL",
      "i IS DISTINCT FROM 1", "i IS NOT DISTINCT FROM NULL", "i IN (1, 2, NULL)", "i NOT IN (1, 5)",
      "s IN ('abc', 'x')", "i BETWEEN 0 AND 5", "d NOT BETWEEN -1 AND 1", "s LIKE 'a%'", "s LIKE '_b_'",
      "s NOT LIKE '%d%'", "\"Mixed Case\" ILIKE 'ab%'", "\"Mixed Case\" LIKE 'Ab_c'", "s ILIKE '%DUCK%'",
      "regexp_matches(s, 'b')", "regexp_matches(s, '^abc$')", "regexp_matches(s, 'duck$')",
      "regexp_matches(s, 'DUCK', 'i')", "regexp_matches(s, '\\d+\\.\\d')", "regexp_matches(s, '.+')",
      "CASE WHEN i > 1 THEN 'big' WHEN i = 1 THEN 'one' ELSE 'small' END", "CASE i WHEN 1 THEN d ELSE 0 END",
      "CASE WHEN ok THEN i END", "CAST(i AS VARCHAR)", "CAST(d AS VARCHAR)", "CAST(s AS INTEGER)",
      "TRY_CAST(s AS INTEGER)", "TRY_CAST(s AS DOUBLE)", "TRY_CAST(s AS DATE)", "CAST(d AS INTEGER)",
      "TRY_CAST(d AS BIGINT)", "CAST(ts AS DATE)", "CAST(day AS TIMESTAMP)", "CAST(ts AS VARCHAR)",
      "CAST(tz AS VARCHAR)", "CAST(ok AS INTEGER)", "i::BIGINT * b", "coalesce(i, b, 0)", "coalesce(d, i)",
      "greatest(i, 3, NULL)", "least(d, i)", "length(s)", "length(\"Mixed Case\")", "lower(\"Mixed Case\")",
      "upper(\"Mixed Case\")", "trim(s)", "s || '!'", "concat(s, i, NULL)", "hour(ts)", "minute(ts)",
      "second(ts)", "hour(tz)", "dayofweek(day)", "isodow(ts)", "year(day)", "month(tz)", "day(ts)", "epoch(ts)",
      "epoch(day)", "epoch(tz)", "json_valid(\"Mixed Case\")", "json_valid(s)", "day < DATE '2024-01-01'",
      "ts >= TIMESTAMP '2024-01-07 13:45:12.345'", "ts > day", "tz > TIMESTAMPTZ '2020-01-01 00:00:00+00'",
      "day = '2024-01-07'", "i = '5'", "s < 'b'", "\"Mixed Case\" > 'Z'", "d = 'nan'", "d > 1e19",
      "b > 2147483647", "i <> 1", "i != 1", "i == 1", "NOT (i > 0 AND s LIKE 'a%') OR d IS NULL", "NULL",
      "NULL AND FALSE", "NULL OR TRUE", "i > NULL");

  static DuckRows duck;

  @BeforeAll
  static void load() throws Exception {
    duck = new DuckRows(COLS, ROWS);
  }

  @AfterAll
  static void close() {
    duck.close();
  }

  static Object evalOrError(RowExpression e, Map<String, ?> row) {
    try {
      return e.eval(row);
    } catch (MillraceException ex) {
      assertEquals(ErrorKind.USER, ex.kind());
      return DuckRows.ERROR;
    }
  }

  @Test
  void evaluatesLikeTheEngineOnEveryRow() {
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (String text : EXPRESSIONS) {
      RowExpression e = RowExpression.parse(text, COLS);
      List<Object> engine = duck.values(e.toSql());
      for (int r = 0; r < ROWS.size(); r++) {
        Object java = evalOrError(e, ROWS.get(r));
        compared++;
        if (!DuckRows.same(engine.get(r), java)) {
          mismatches.add(text + " row " + r + ": engine " + engine.get(r) + ", eval " + java + " [" + e.toSql() + "]");
        }
      }
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    assertEquals(EXPRESSIONS.size() * ROWS.size(), compared);
  }

  @Test
  void typesExpressions() {
    assertEquals(LogicalType.DOUBLE, RowExpression.parse("i / 2", COLS).type());
    assertEquals(LogicalType.INTEGER, RowExpression.parse("i // 2", COLS).type());
    assertEquals(LogicalType.BIGINT, RowExpression.parse("i + b", COLS).type());
    assertEquals(LogicalType.BOOLEAN, RowExpression.parse("s LIKE 'a%'", COLS).type());
    assertEquals(Set.of("i", "s"), RowExpression.parse("i > 0 AND length(s) > I", COLS).columns());
  }

  @Test
  void acceptsOtherJavaRepresentations() {
    RowExpression e = RowExpression.parse("i + b > 10 AND ts < TIMESTAMP '2030-01-01' AND tz > DATE '2000-01-01'",
        COLS);
    assertEquals(true, e.eval(Map.of("i", (short) 5, "b", new java.math.BigDecimal("6"),
        "ts", java.sql.Timestamp.valueOf("2024-01-01 00:00:00"), "tz", java.time.OffsetDateTime.parse("2024-01-01T00:00:00+02:00"))));
    MillraceException bad = assertThrows(MillraceException.class, () -> e.eval(Map.of("i", 1.5)));
    assertTrue(bad.getMessage().contains("column 'i' holds 1.5"), bad.getMessage());
  }

  static MillraceException refused(String text) {
    MillraceException e = assertThrows(MillraceException.class, () -> RowExpression.parse(text, COLS));
    assertEquals(ErrorKind.USER, e.kind());
    assertTrue(e.getMessage().startsWith("Cannot parse expression '" + text + "'"), e.getMessage());
    return e;
  }

  @Test
  void refusesStatementsSubqueriesAndUnknownNames() {
    assertTrue(refused("i > 0) OR TRUE; COPY (SELECT 1) TO '/tmp/x.csv'; SELECT (1").getMessage()
        .contains("';' is not allowed"));
    assertTrue(refused("i IN (SELECT 1)").getMessage().contains("subqueries are not allowed at position 7"));
    assertTrue(refused("(SELECT max(i) FROM t) > 1").getMessage().contains("subqueries"));
    assertTrue(refused("read_csv('/etc/passwd') IS NULL").getMessage().contains("unknown function read_csv()"));
    assertTrue(refused("nope > 1").getMessage().contains("unknown column 'nope' (columns: i, b, d"));
    assertTrue(refused("i > 1 COPY").getMessage().contains("unexpected 'COPY' after the expression at position 7"));
    assertTrue(refused("s > 5").getMessage().contains("cannot compare VARCHAR with INTEGER"));
    assertTrue(refused("day = 'not a date'").getMessage().contains("'not a date' is not a DATE value"));
    assertTrue(refused("regexp_matches(s, 'a(?=b)')").getMessage().contains("look-around"));
    assertTrue(refused("i AND ok").getMessage().contains("AND needs a BOOLEAN, not INTEGER"));
    assertTrue(refused("CAST(i AS DECIMAL)").getMessage().contains("type DECIMAL is not supported"));
    assertTrue(refused("i >").getMessage().contains("ends too early"));
    assertTrue(refused("'open").getMessage().contains("unclosed string at position 1"));
    refused("(".repeat(200) + "1" + ")".repeat(200));
  }
}

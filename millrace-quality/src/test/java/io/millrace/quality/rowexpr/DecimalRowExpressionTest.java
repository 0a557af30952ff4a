package io.millrace.quality.rowexpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.api.LogicalType;
import io.millrace.quality.DuckRunner;
import io.millrace.quality.RowExpression;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decimal columns and literals are exact in row expressions, as in the engine: 0.1 + 0.2 = 0.3 and
 * 10^17 + 1 is not 10^17 (both equal as doubles). Rows are read back from DuckDB, so the evaluator
 * sees the engine's own values, and every expression is compared with the engine's verdict.
 */
class DecimalRowExpressionTest {
  static final Map<String, LogicalType> COLS = new LinkedHashMap<>();

  static {
    COLS.put("a", LogicalType.DECIMAL);
    COLS.put("b", LogicalType.DECIMAL);
    COLS.put("x", LogicalType.DECIMAL);
    COLS.put("i", LogicalType.INTEGER);
    COLS.put("d", LogicalType.DOUBLE);
  }

  static final List<String> EXPRESSIONS = List.of(
      "a + b = 0.3", "a + b = 0.30", "a + b > 0.3", "a * 3 = 0.3", "a = '0.10'", "a = 0.1",
      "x = 100000000000000001", "x > 100000000000000000", "x + 1 = 100000000000000002",
      "x - 100000000000000000", "x = 100000000000000000.0", "a = 12345678901234567.88",
      "a > 1e-1", "a + d", "i > 0.5", "i + 0.5", "a IN (0.1, 0.2)", "a BETWEEN 0.1 AND 0.15",
      "coalesce(a, 0) = 0", "greatest(a, b) = 0.2", "abs(-a) = a", "round(a, 1) = 0.1", "-a < 0",
      "a % 0.07", "CAST(a AS VARCHAR)", "CAST(b * 10 AS INTEGER)", "a / b", "0.1 + 0.2 = 0.3",
      "a IS DISTINCT FROM 0.1", "CASE WHEN i > 0 THEN -0.5 ELSE 0 END", "concat(i + 0.25, '|', 0.5 * 2)");

  @Test
  void decimalsCompareExactlyAsInTheEngine() throws Exception {
    List<String> mismatches = new ArrayList<>();
    try (DuckRunner duck = new DuckRunner(); Statement s = duck.conn.createStatement()) {
      s.execute("CREATE TABLE t (__rid INTEGER, a DECIMAL(20,2), b DECIMAL(20,2), x DECIMAL(38,0), i INTEGER, "
          + "d DOUBLE)");
      s.execute("INSERT INTO t VALUES (0, 0.10, 0.20, 100000000000000001, 1, 0.2), "
          + "(1, 12345678901234567.89, 0.01, 100000000000000000, 0, 1e17), (2, NULL, 0.30, -1, NULL, NULL), "
          + "(3, 0.15, 0.15, 0, 2, -0.5)");
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT a, b, x, i, d FROM t ORDER BY __rid")) {
        while (r.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (String c : COLS.keySet()) {
            row.put(c, r.getObject(c));
          }
          rows.add(row);
        }
      }
      for (String text : EXPRESSIONS) {
        RowExpression e = RowExpression.parse(text, COLS);
        List<Object> engine = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT " + e.toSql() + " FROM t ORDER BY __rid")) {
          while (r.next()) {
            engine.add(r.getObject(1));
          }
        }
        for (int i = 0; i < rows.size(); i++) {
          Object java = RowExpressionTest.evalOrError(e, rows.get(i));
          if (!same(engine.get(i), java)) {
            mismatches.add(text + " row " + i + ": engine " + engine.get(i) + ", eval " + java + " [" + e.toSql() + "]");
          }
        }
      }
      // The cases that differ as doubles hold as decimals, in both.
      assertEquals(true, RowExpression.parse("a + b = 0.3", COLS).eval(rows.get(0)));
      assertEquals(false, RowExpression.parse("x = 100000000000000000", COLS).eval(rows.get(0)));
      assertEquals(LogicalType.DECIMAL, RowExpression.parse("a + 1", COLS).type());
    }
    assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
  }

  /** Numbers by exact value (a decimal and a double must agree in kind too), others by equality. */
  static boolean same(Object engine, Object java) {
    if (engine instanceof BigDecimal a) {
      return java instanceof BigDecimal b && a.compareTo(b) == 0;
    }
    if (java instanceof BigDecimal) {
      return false;
    }
    return DuckRows.same(engine, java);
  }
}

package io.millrace.quality.rowexpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.quality.RowExpression;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random expressions over random rows with NULLs: {@code eval} must give what DuckDB gives for
 * {@code toSql} on every row (values, NULLs and failures alike). Seeded, so a failure reproduces.
 */
class RowExpressionPropertyTest {
  static final long SEED = 20_261_129L;
  static final int EXPRESSIONS = 400;
  static final int ROWS = 120;

  static final Map<String, LogicalType> COLS = new LinkedHashMap<>();

  static {
    COLS.put("i", LogicalType.INTEGER);
    COLS.put("b", LogicalType.BIGINT);
    COLS.put("d", LogicalType.DOUBLE);
    COLS.put("s", LogicalType.VARCHAR);
    COLS.put("ok", LogicalType.BOOLEAN);
    COLS.put("day", LogicalType.DATE);
    COLS.put("ts", LogicalType.TIMESTAMP);
  }

  static final String[] STRINGS = {"", "abc", "ABC", " a ", "12", "-2.5", "2.5", "1e3", "0x1F", "2024-01-02",
      "2024-01-02 03:04:05", "é", "ÉCOLE", "🦆 duck", "a_b", "a%b", "{\"a\": 1}", "[1,]", "{a:1}", "true", "T",
      "line\nbreak", "ß", "  12  ", "Σίσυφος", "null"};
  static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.5, 0.1, 1e20, 1e-7, 123456.789, Double.NaN, 2.675, 1e15, 7};
  static final String[] PATTERNS = {"a", "^a", "b$", "\\d+", "[A-Z]", "(?i)abc", "^$", ".", "\\s", "é|ß",
      "[[:alpha:]]+", "^\\d+(\\.\\d+)?$"};
  static final String[] LIKES = {"a%", "%b", "_", "%", "a_b", "%duck%", "", "A%"};

  final Random rnd = new Random(SEED);

  Map<String, Object> row() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("i", nul() ? null : rnd.nextInt(9) - 4 + (rnd.nextInt(20) == 0 ? Integer.MAX_VALUE - 4 : 0));
    r.put("b", nul() ? null : (long) rnd.nextInt(2001) - 1000 + (rnd.nextInt(20) == 0 ? 5_000_000_000L : 0));
    r.put("d", nul() ? null : DOUBLES[rnd.nextInt(DOUBLES.length)] * (rnd.nextBoolean() ? 1 : -1));
    r.put("s", nul() ? null : STRINGS[rnd.nextInt(STRINGS.length)]);
    r.put("ok", nul() ? null : rnd.nextBoolean());
    r.put("day", nul() ? null : LocalDate.of(1999 + rnd.nextInt(30), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)));
    r.put("ts", nul() ? null : LocalDateTime.of(1999 + rnd.nextInt(30), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28),
        rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60), rnd.nextInt(4) * 250_000_000));
    return r;
  }

  boolean nul() {
    return rnd.nextInt(5) == 0;
  }

  <T> T pick(T[] xs) {
    return xs[rnd.nextInt(xs.length)];
  }

  String str(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  String bool(int depth) {
    int k = rnd.nextInt(depth <= 0 ? 6 : 16);
    return switch (k) {
      case 0 -> "ok";
      case 1 -> num(depth - 1) + " " + pick(new String[] {"=", "<>", "<", "<=", ">", ">="}) + " " + num(depth - 1);
      case 2 -> text(depth - 1) + " " + pick(new String[] {"=", "<", ">="}) + " " + str(pick(STRINGS));
      case 3 -> pick(new String[] {"i", "s", "d", "day", "ok"}) + (rnd.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 4 -> text(depth - 1) + (rnd.nextBoolean() ? " LIKE " : " ILIKE ") + str(pick(LIKES));
      case 5 -> "regexp_matches(" + text(depth - 1) + ", " + str(pick(PATTERNS)) + ")";
      case 6 -> "(" + bool(depth - 1) + " AND " + bool(depth - 1) + ")";
      case 7 -> "(" + bool(depth - 1) + " OR " + bool(depth - 1) + ")";
      case 8 -> "NOT (" + bool(depth - 1) + ")";
      case 9 -> "i " + (rnd.nextBoolean() ? "NOT " : "") + "IN (1, -2, " + (rnd.nextBoolean() ? "NULL" : "3") + ")";
      case 10 -> num(depth - 1) + " BETWEEN " + num(0) + " AND " + num(0);
      case 11 -> "json_valid(" + text(depth - 1) + ")";
      case 12 -> num(depth - 1) + " IS DISTINCT FROM " + num(depth - 1);
      case 13 -> "day " + pick(new String[] {"<", ">="}) + " DATE '2010-06-15'";
      case 14 -> "ts > " + (rnd.nextBoolean() ? "day" : "TIMESTAMP '2015-03-04 05:06:07'");
      default -> "try_strptime(s, " + str(pick(new String[] {"%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d"})) + ") IS NULL";
    };
  }

  String num(int depth) {
    int k = rnd.nextInt(depth <= 0 ? 5 : 17);
    return switch (k) {
      case 0 -> "i";
      case 1 -> "b";
      case 2 -> "d";
      case 3 -> String.valueOf(rnd.nextInt(7) - 3);
      case 4 -> pick(new String[] {"1.5", "0.1", "2.675", "1e3", "-0.5"});
      case 5 -> "(" + num(depth - 1) + " " + pick(new String[] {"+", "-", "*", "/", "//", "%"}) + " " + num(depth - 1) + ")";
      case 6 -> "abs(" + num(depth - 1) + ")";
      case 7 -> "round(" + num(depth - 1) + ", " + (rnd.nextInt(5) - 2) + ")";
      case 8 -> "length(" + text(depth - 1) + ")";
      case 9 -> "coalesce(" + num(depth - 1) + ", " + num(0) + ")";
      case 10 -> pick(new String[] {"greatest", "least"}) + "(" + num(depth - 1) + ", " + num(0) + ", NULL)";
      case 11 -> "TRY_CAST(s AS " + pick(new String[] {"INTEGER", "BIGINT", "DOUBLE"}) + ")";
      case 12 -> pick(new String[] {"hour", "minute", "second", "dayofweek", "isodow", "year", "month", "day"})
          + "(" + pick(new String[] {"ts", "day"}) + ")";
      case 13 -> "epoch(" + pick(new String[] {"ts", "day"}) + ")";
      case 14 -> "CASE WHEN " + bool(depth - 1) + " THEN " + num(depth - 1) + " ELSE " + num(0) + " END";
      case 15 -> "CAST(ok AS INTEGER)";
      default -> "-(" + num(depth - 1) + ")";
    };
  }

  String text(int depth) {
    int k = rnd.nextInt(depth <= 0 ? 2 : 10);
    return switch (k) {
      case 0 -> "s";
      case 1 -> str(pick(STRINGS));
      case 2 -> pick(new String[] {"lower", "upper", "trim"}) + "(" + text(depth - 1) + ")";
      case 3 -> "(" + text(depth - 1) + " || " + text(depth - 1) + ")";
      case 4 -> "concat(" + text(depth - 1) + ", " + num(depth - 1) + ")";
      case 5 -> "CAST(" + num(depth - 1) + " AS VARCHAR)";
      case 6 -> "CAST(" + pick(new String[] {"ts", "day", "ok"}) + " AS VARCHAR)";
      case 7 -> "CASE WHEN " + bool(depth - 1) + " THEN " + text(depth - 1) + " END";
      case 8 -> "coalesce(s, " + str(pick(STRINGS)) + ")";
      default -> "CAST(TRY_CAST(s AS " + pick(new String[] {"DATE", "TIMESTAMP", "BOOLEAN"}) + ") AS VARCHAR)";
    };
  }

  @Test
  void randomExpressionsEvaluateLikeDuckDbOnRowsWithNulls() throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < ROWS; r++) {
      rows.add(row());
    }
    List<String> mismatches = new ArrayList<>();
    int values = 0;
    int nulls = 0;
    int errors = 0;
    try (DuckRows duck = new DuckRows(COLS, rows)) {
      for (int e = 0; e < EXPRESSIONS; e++) {
        int kind = rnd.nextInt(4);
        String text = kind == 0 ? num(3) : kind == 1 ? text(3) : bool(3);
        RowExpression x = RowExpression.parse(text, COLS);
        List<Object> engine = duck.values(x.toSql());
        for (int r = 0; r < rows.size(); r++) {
          Object java;
          try {
            java = x.eval(rows.get(r));
          } catch (MillraceException ex) {
            java = DuckRows.ERROR;
          }
          values++;
          nulls += java == null ? 1 : 0;
          errors += java == DuckRows.ERROR ? 1 : 0;
          if (!DuckRows.same(engine.get(r), java)) {
            mismatches.add(text + " on " + rows.get(r) + ": engine " + engine.get(r) + ", eval " + java
                + " [" + x.toSql() + "]");
          }
        }
      }
    }
    System.out.printf("row expression property test: %d expressions x %d rows = %d values (%d NULL, %d errors),"
        + " %d mismatches%n", EXPRESSIONS, ROWS, values, nulls, errors, mismatches.size());
    assertTrue(mismatches.isEmpty(), mismatches.size() + " mismatches, first:\n"
        + String.join("\n", mismatches.subList(0, Math.min(15, mismatches.size()))));
    assertEquals(EXPRESSIONS * ROWS, values);
    assertTrue(nulls > values / 20, "too few NULLs to exercise three-valued logic: " + nulls);
  }
}

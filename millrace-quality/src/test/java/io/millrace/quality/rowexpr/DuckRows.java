package io.millrace.quality.rowexpr;

import io.millrace.api.LogicalType;
import io.millrace.quality.DuckRunner;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows loaded into a real DuckDB table, and per-row values of an SQL expression over them, for
 * comparing the engine with {@code RowExpression.eval}. A value on which the engine fails is
 * {@link #ERROR}.
 */
final class DuckRows implements AutoCloseable {
  static final Object ERROR = new Object() {
    @Override
    public String toString() {
      return "<error>";
    }
  };

  final DuckRunner duck = new DuckRunner();
  final Map<String, LogicalType> columns;
  final List<Map<String, Object>> rows;

  DuckRows(Map<String, LogicalType> columns, List<Map<String, Object>> rows) throws Exception {
    this.columns = columns;
    this.rows = rows;
    String defs = columns.entrySet().stream().map(e -> "\"" + e.getKey() + "\" " + e.getValue().sql())
        .collect(Collectors.joining(", "));
    try (Statement s = duck.conn.createStatement()) {
      s.execute("CREATE TABLE t (__rid INTEGER, " + defs + ")");
      for (int i = 0; i < rows.size(); i++) {
        StringBuilder sb = new StringBuilder("INSERT INTO t VALUES (" + i);
        for (Map.Entry<String, LogicalType> c : columns.entrySet()) {
          sb.append(", ").append(literal(rows.get(i).get(c.getKey()), c.getValue()));
        }
        s.execute(sb.append(")").toString());
      }
    }
  }

  static String literal(Object v, LogicalType t) {
    if (v == null) {
      return "NULL";
    }
    String text = switch (t) {
      case VARCHAR -> "'" + v.toString().replace("'", "''") + "'";
      case DOUBLE -> "'" + v + "'";
      case TIMESTAMPTZ -> "'" + v + "'";
      default -> "'" + v.toString().replace('T', ' ') + "'";
    };
    return "CAST(" + text + " AS " + t.sql() + ")";
  }

  /** The expression's value on each row, in row order. */
  List<Object> values(String sql) {
    List<Object> out = new ArrayList<>();
    try {
      out.addAll(query("SELECT " + sql + " FROM t ORDER BY __rid"));
      return out;
    } catch (Exception whole) {
      for (int i = 0; i < rows.size(); i++) {
        try {
          out.add(query("SELECT " + sql + " FROM t WHERE __rid = " + i).get(0));
        } catch (Exception e) {
          out.add(ERROR);
        }
      }
      return out;
    }
  }

  private List<Object> query(String sql) throws Exception {
    List<Object> out = new ArrayList<>();
    try (Statement s = duck.conn.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(normalize(r.getObject(1)));
      }
    }
    return out;
  }

  /** JDBC values as RowExpression's canonical Java values. */
  static Object normalize(Object v) {
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    return v;
  }

  /** Whether an engine value and an eval value are the same SQL value (numbers by value and kind). */
  static boolean same(Object engine, Object java) {
    if (engine == null || java == null || engine == ERROR || java == ERROR) {
      return engine == java;
    }
    if (engine instanceof java.math.BigDecimal || java instanceof java.math.BigDecimal) {
      return engine instanceof java.math.BigDecimal x && java instanceof java.math.BigDecimal y && x.compareTo(y) == 0;
    }
    if (engine instanceof Number a && java instanceof Number b) {
      boolean fa = a instanceof Double || a instanceof Float;
      boolean fb = b instanceof Double;
      if (fa != fb) {
        return false;
      }
      return fa ? Double.compare(a.doubleValue(), b.doubleValue()) == 0
          || (a.doubleValue() == 0 && b.doubleValue() == 0) : a.longValue() == b.longValue();
    }
    if (engine instanceof LocalDateTime || engine instanceof LocalDate || engine instanceof Instant) {
      return engine.equals(java);
    }
    return engine.equals(java);
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Override
  public void close() {
    duck.close();
  }
}

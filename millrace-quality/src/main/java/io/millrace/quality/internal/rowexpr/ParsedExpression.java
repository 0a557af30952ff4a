package io.millrace.quality.internal.rowexpr;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.quality.RowExpression;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A {@link RowExpression} over a typed node tree. Immutable. */
final class ParsedExpression implements RowExpression {
  private final String text;
  private final Node root;
  private final Map<String, LogicalType> reads;
  private final String[] readNames;
  private final LogicalType[] readTypes;

  ParsedExpression(String text, Node root, Map<String, LogicalType> columns) {
    this.text = text;
    this.root = root;
    Set<String> names = new LinkedHashSet<>();
    root.columns(names);
    Map<String, LogicalType> m = new LinkedHashMap<>();
    names.forEach(n -> m.put(n, columns.get(n)));
    this.reads = Collections.unmodifiableMap(m);
    this.readNames = m.keySet().toArray(new String[0]);
    this.readTypes = m.values().toArray(new LogicalType[0]);
  }

  @Override
  public Object eval(Map<String, ?> record) {
    Map<String, ?> row = canonicalAlready(record) ? record : canonicalRow(record);
    try {
      return root.eval(row);
    } catch (EvalError e) {
      throw MillraceException.user("Cannot evaluate '%s': %s", text, e.getMessage());
    }
  }

  /**
   * True when every column read holds NULL or its canonical value already (an equal value of the
   * same class): the tree then reads the record as it is, without a copy. The tree reads only the
   * columns in {@link #reads}, so the answer is the same.
   */
  private boolean canonicalAlready(Map<String, ?> record) {
    for (int i = 0; i < readNames.length; i++) {
      Object raw = record.get(readNames[i]);
      if (raw == null) {
        continue;
      }
      Object v = SqlValues.canonical(raw, readTypes[i]);
      if (v != raw && (v == null || v.getClass() != raw.getClass() || !v.equals(raw))) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> canonicalRow(Map<String, ?> record) {
    Map<String, Object> row = new HashMap<>();
    for (Map.Entry<String, LogicalType> c : reads.entrySet()) {
      Object raw = record.get(c.getKey());
      if (raw == null) {
        continue;
      }
      Object v = SqlValues.canonical(raw, c.getValue());
      if (v == null) {
        throw MillraceException.user("Cannot evaluate '%s': column '%s' holds %s (%s), not a %s value", text,
            c.getKey(), raw, raw.getClass().getSimpleName(), c.getValue().sql());
      }
      row.put(c.getKey(), v);
    }
    return row;
  }

  @Override
  public String toSql() {
    return root.sql();
  }

  @Override
  public LogicalType type() {
    return root.type() == null ? LogicalType.BOOLEAN : root.type();
  }

  @Override
  public Set<String> columns() {
    return reads.keySet();
  }

  /** The typed tree, for callers inside the quality module. */
  Node node() {
    return root;
  }

  @Override
  public String toString() {
    return text;
  }
}

package io.millrace.api.lineage;

import java.util.Objects;

/**
 * One column of one table, as lineage names it.
 *
 * @param table the table (source, model or stream table) as the project names it
 * @param column the column as the table's schema spells it
 */
public record ColumnRef(String table, String column) implements Comparable<ColumnRef> {
  public ColumnRef {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
  }

  /** Parses {@code table.column} (the column is everything after the first dot). */
  public static ColumnRef parse(String text) {
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1) {
      throw new IllegalArgumentException("Cannot read column reference '" + text + "': expected TABLE.COLUMN");
    }
    return new ColumnRef(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public int compareTo(ColumnRef o) {
    int t = table.compareTo(o.table);
    return t != 0 ? t : column.compareTo(o.column);
  }

  @Override
  public String toString() {
    return table + "." + column;
  }
}

package io.millrace.api.spi;

import java.util.List;

/**
 * A small, fully read query result. Values are JDBC objects (Long, Integer, Double, String, Boolean,
 * BigDecimal, java.time.LocalDate/LocalDateTime/OffsetDateTime, ...), nulls as null.
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** The only value of a one-row, one-column result. */
  public Object scalar() {
    if (rows.size() != 1 || columns.size() != 1) {
      throw new IllegalStateException("Cannot read scalar: result has " + rows.size() + " rows and "
          + columns.size() + " columns");
    }
    return rows.get(0).get(0);
  }

  public int columnIndex(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("Cannot find result column '" + name + "' in " + columns);
    }
    return i;
  }
}

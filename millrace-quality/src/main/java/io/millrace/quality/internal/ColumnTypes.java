package io.millrace.quality.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of the validated relation and their engine types (as DuckDB spells them, e.g.
 * {@code INTEGER}, {@code DECIMAL(18,3)}, {@code TIMESTAMP WITH TIME ZONE}). Ordered, immutable.
 */
public record ColumnTypes(Map<String, String> types) {
  public ColumnTypes {
    types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
  }

  public List<String> names() {
    return List.copyOf(types.keySet());
  }

  public boolean has(String column) {
    return types.containsKey(column);
  }

  public String type(String column) {
    return types.get(column);
  }

  public boolean isNumeric(String column) {
    String t = base(column);
    return t.matches("(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|U?HUGEINT|INT\\d*|DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)");
  }

  /** Signed integers that fit in BIGINT (bitstring_agg takes them). */
  public boolean isInteger(String column) {
    return base(column).matches("(TINYINT|SMALLINT|INTEGER|BIGINT|INT\\d*)");
  }

  public boolean isString(String column) {
    String t = base(column);
    return t.equals("VARCHAR") || t.equals("TEXT") || t.equals("STRING") || t.equals("CHAR");
  }

  public boolean isBoolean(String column) {
    return base(column).equals("BOOLEAN");
  }

  public boolean isTemporal(String column) {
    String t = base(column);
    return t.startsWith("TIMESTAMP") || t.equals("DATE") || t.equals("TIME");
  }

  /**
   * The columns as the logical types of row expressions: narrower integers as INTEGER or BIGINT,
   * FLOAT as DOUBLE, DECIMAL as DECIMAL (exact, compared as the engine does); types without a logical counterpart (lists, structs, UUID, enums)
   * are read as VARCHAR, which the engine's implicit casts also do for comparisons with text.
   */
  public Map<String, io.millrace.api.LogicalType> logical() {
    Map<String, io.millrace.api.LogicalType> m = new LinkedHashMap<>();
    for (String c : types.keySet()) {
      m.put(c, logicalType(c));
    }
    return m;
  }

  private io.millrace.api.LogicalType logicalType(String c) {
    String full = types.get(c).toUpperCase(Locale.ROOT).trim();
    String t = base(c);
    return switch (t) {
      case "BOOLEAN", "BOOL" -> io.millrace.api.LogicalType.BOOLEAN;
      case "TINYINT", "SMALLINT", "INTEGER", "INT", "UTINYINT", "USMALLINT" -> io.millrace.api.LogicalType.INTEGER;
      case "BIGINT", "UINTEGER", "UBIGINT", "HUGEINT", "UHUGEINT" -> io.millrace.api.LogicalType.BIGINT;
      case "DOUBLE", "FLOAT", "REAL" -> io.millrace.api.LogicalType.DOUBLE;
      case "DECIMAL", "NUMERIC" -> io.millrace.api.LogicalType.DECIMAL;
      case "DATE" -> io.millrace.api.LogicalType.DATE;
      case "TIME" -> io.millrace.api.LogicalType.TIME;
      case "BLOB" -> io.millrace.api.LogicalType.BLOB;
      default -> full.startsWith("TIMESTAMP WITH TIME ZONE") || full.equals("TIMESTAMPTZ")
          ? io.millrace.api.LogicalType.TIMESTAMPTZ
          : full.startsWith("TIMESTAMP") ? io.millrace.api.LogicalType.TIMESTAMP : io.millrace.api.LogicalType.VARCHAR;
    };
  }

  /** The type without parameters, upper case ({@code DECIMAL(18,3)} gives {@code DECIMAL}). */
  public String base(String column) {
    String t = types.getOrDefault(column, "").toUpperCase(Locale.ROOT).trim();
    int p = t.indexOf('(');
    return p < 0 ? t : t.substring(0, p).trim();
  }
}

package io.millrace.quality.internal.dialect;

import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spark SQL (Apache Spark 4.1, ANSI mode as by default). Renders the canonical text with
 * {@link SparkSql}: identifiers in backticks, string literals with backslash escapes, DuckDB's
 * functions by their Spark counterparts. Relations {@code read_parquet('f')} become
 * {@code parquet.`f`}. Column types are read with {@code DESCRIBE QUERY} and given DuckDB's names,
 * so suites bind to the same types on both engines.
 */
public final class SparkDialect implements Dialect {
  public static final SparkDialect INSTANCE = new SparkDialect();

  private SparkDialect() {}

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public String render(String canonicalSql) {
    return SparkSql.render(canonicalSql);
  }

  /**
   * Marks the statement as Spark SQL ({@code /* dialect: spark *\/}), so the Spark engine, which
   * translates DuckDB SQL from models, sends it as it is.
   */
  @Override
  public String renderStatement(String canonicalSql) {
    return MARKER + render(canonicalSql);
  }

  @Override
  public String renderFragment(String canonicalSql) {
    return "/* spark{ */ " + render(canonicalSql) + " /* }spark */";
  }

  /** The comment the Spark engine reads as "already Spark SQL". */
  static final String MARKER = "/* dialect: spark */ ";

  @Override
  public Map<String, String> describe(SqlRunner runner, String relation) {
    SqlRunner raw = runner instanceof Rendering r ? r.inner() : runner;
    QueryResult r = raw.query(MARKER + "DESCRIBE QUERY SELECT * FROM " + render(relation));
    int name = r.columnIndex("col_name");
    int type = r.columnIndex("data_type");
    Map<String, String> types = new LinkedHashMap<>();
    for (List<Object> row : r.rows()) {
      String col = String.valueOf(row.get(name));
      if (col.isEmpty() || col.startsWith("#")) {
        break; // partition information and other sections follow the columns
      }
      types.put(col, duckType(String.valueOf(row.get(type))));
    }
    return types;
  }

  /** A Spark type name ({@code int}, {@code timestamp_ntz}, {@code decimal(10,2)}...) as DuckDB spells it. */
  static String duckType(String sparkType) {
    String t = sparkType.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("decimal")) {
      return t.toUpperCase(Locale.ROOT);
    }
    if (t.startsWith("varchar") || t.startsWith("char")) {
      return "VARCHAR";
    }
    if (t.startsWith("array<")) {
      return duckType(t.substring(6, t.length() - 1)) + "[]";
    }
    if (t.startsWith("struct<") || t.startsWith("map<")) {
      return t.startsWith("map<") ? "MAP" : "STRUCT";
    }
    return switch (t) {
      case "tinyint", "byte" -> "TINYINT";
      case "smallint", "short" -> "SMALLINT";
      case "int", "integer" -> "INTEGER";
      case "bigint", "long" -> "BIGINT";
      case "float", "real" -> "FLOAT";
      case "double" -> "DOUBLE";
      case "string" -> "VARCHAR";
      case "boolean" -> "BOOLEAN";
      case "date" -> "DATE";
      case "timestamp", "timestamp_ltz" -> "TIMESTAMP WITH TIME ZONE";
      case "timestamp_ntz" -> "TIMESTAMP";
      case "binary" -> "BLOB";
      case "void" -> "\"NULL\"";
      case "variant" -> "JSON";
      default -> t.startsWith("time") ? "TIME" : t.toUpperCase(Locale.ROOT);
    };
  }

  @Override
  public boolean hasBitmapAggregate() {
    return false;
  }
}

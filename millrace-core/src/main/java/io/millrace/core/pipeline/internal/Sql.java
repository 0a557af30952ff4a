package io.millrace.core.pipeline.internal;

import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** SQL text helpers for the statements the runner builds (DuckDB dialect, ANSI quoting). */
final class Sql {
  private Sql() {}

  static String ident(String name) {
    return SqlText.ident(name);
  }

  static String literal(String value) {
    return value == null ? "NULL" : SqlText.string(value);
  }

  static String readParquet(Path file) {
    return "read_parquet(" + literal(file.toString()) + ")";
  }

  /** Every column cast to its logical type, as the engine writes it: {@code CAST("c" AS T) AS "c", ...}. */
  static String castColumns(TableSchema schema) {
    return schema.columns().stream()
        .map(c -> "CAST(" + ident(c.name()) + " AS " + c.sql() + ") AS " + ident(c.name()))
        .collect(Collectors.joining(", "));
  }

  static String columns(List<String> names) {
    return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
  }
}

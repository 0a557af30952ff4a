package io.millrace.core.pipeline.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** SQL text helpers for the statements the runner builds (DuckDB dialect, ANSI quoting). */
final class Sql {
  private Sql() {}

  static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  static String readParquet(Path file) {
    return "read_parquet(" + literal(file.toString()) + ")";
  }

  static String columns(List<String> names) {
    return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
  }
}

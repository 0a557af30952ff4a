package io.millrace.api.project;

import io.millrace.api.Column;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A declared input table, read whole at the start of a run and committed to the warehouse under
 * its name.
 *
 * @param name table name (unique among sources and models)
 * @param format file or JDBC format
 * @param path resolved file path for file formats (absolute); null for JDBC
 * @param columns declared columns in order; empty means "infer" (CSV, JSONL) or "as stored"
 * @param header CSV only: first line holds column names
 * @param delimiter CSV only: one-character field separator
 * @param url JDBC only: connection URL (secret-bearing: never logged)
 * @param query JDBC only: the SELECT to read
 * @param checks quality suites attached to this source
 * @param maxLineSize CSV only: the longest line in bytes the reader accepts (0 = the engine's
 *     default, 2 MB for DuckDB)
 */
public record SourceSpec(String name, SourceFormat format, Path path, List<Column> columns,
                         boolean header, String delimiter, String url, String query,
                         List<CheckSpec> checks, long maxLineSize) {
  public SourceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(format, "format");
    columns = List.copyOf(columns);
    checks = List.copyOf(checks);
    delimiter = delimiter == null ? "," : delimiter;
    if (maxLineSize < 0) {
      throw new IllegalArgumentException("maxLineSize must not be negative: " + maxLineSize);
    }
  }

  /** A source with the engine's default maximum line size. */
  public SourceSpec(String name, SourceFormat format, Path path, List<Column> columns, boolean header,
                    String delimiter, String url, String query, List<CheckSpec> checks) {
    this(name, format, path, columns, header, delimiter, url, query, checks, 0);
  }

  /** A file source with defaults (CSV header on, comma delimiter, no checks). */
  public static SourceSpec file(String name, SourceFormat format, Path path, List<Column> columns) {
    return new SourceSpec(name, format, path, columns, true, ",", null, null, List.of());
  }
}

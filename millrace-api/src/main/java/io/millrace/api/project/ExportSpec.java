package io.millrace.api.project;

import java.util.Objects;

/**
 * Copies a warehouse table out after it is committed.
 *
 * @param table warehouse table name
 * @param format PARQUET, CSV, SQLITE or POSTGRES (any JDBC URL)
 * @param target file path (PARQUET, CSV, SQLITE) or JDBC URL (POSTGRES)
 * @param targetTable table name in the database (defaults to {@code table})
 * @param mode REPLACE or APPEND
 */
public record ExportSpec(String table, Format format, String target, String targetTable, Mode mode) {
  public enum Format { PARQUET, CSV, SQLITE, POSTGRES }

  public enum Mode { REPLACE, APPEND }

  /**
   * The column APPEND exports add to their target: the data interval (or {@code run:<id>}) each row
   * came from, so re-running an interval replaces its rows instead of duplicating them.
   */
  public static final String INTERVAL_COLUMN = "millrace_interval";

  public ExportSpec {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(target, "target");
    targetTable = targetTable == null ? table : targetTable;
    mode = mode == null ? Mode.REPLACE : mode;
  }
}

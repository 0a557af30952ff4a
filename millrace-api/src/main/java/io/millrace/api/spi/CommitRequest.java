package io.millrace.api.spi;

import io.millrace.api.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One atomic change of a warehouse table.
 *
 * @param table table name (created on first commit)
 * @param schema schema of the files; the table's schema evolves to it by column name
 * @param files Parquet files written with {@link Warehouse#fieldIds} for this schema
 * @param mode OVERWRITE replaces all rows; APPEND adds
 * @param replaceTag with APPEND: files added by earlier commits with the same tag are removed in the
 *     same commit (idempotent re-runs of one interval); null for none
 * @param properties recorded in the snapshot summary (e.g. {@code millrace.run-id})
 * @param condition checked inside the commit against the table's current snapshots (see
 *     {@link CommitCondition}); null for none
 */
public record CommitRequest(String table, TableSchema schema, List<Path> files, Mode mode,
                            String replaceTag, Map<String, String> properties, CommitCondition condition) {
  public enum Mode { OVERWRITE, APPEND }

  public CommitRequest {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(mode, "mode");
    files = List.copyOf(files);
    properties = Map.copyOf(properties);
  }

  /** A commit without {@link #condition}. */
  public CommitRequest(String table, TableSchema schema, List<Path> files, Mode mode, String replaceTag,
                       Map<String, String> properties) {
    this(table, schema, files, mode, replaceTag, properties, null);
  }
}

package io.millrace.api.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A SQL model: one table defined by {@code models/<name>.sql}.
 *
 * @param name table name
 * @param file the SQL file
 * @param sql the SQL text with {@code ${var}} placeholders still in place (substituted per run)
 * @param materialized how the result is stored
 * @param uniqueKey incremental only: merge key columns; empty means append
 * @param retry this model's retry policy (the pipeline's unless overridden)
 * @param checks quality suites attached to this model
 */
public record ModelSpec(String name, Path file, String sql, Materialization materialized,
                        List<String> uniqueKey, RetryPolicy retry, List<CheckSpec> checks) {
  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(materialized, "materialized");
    Objects.requireNonNull(retry, "retry");
    uniqueKey = List.copyOf(uniqueKey);
    checks = List.copyOf(checks);
  }
}

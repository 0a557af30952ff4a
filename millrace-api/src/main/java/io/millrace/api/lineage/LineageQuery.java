package io.millrace.api.lineage;

import io.millrace.api.TableSchema;
import java.util.Map;
import java.util.Objects;

/**
 * A model to analyse for column lineage.
 *
 * @param sql the model's SQL (as bound at plan time)
 * @param inputs the schema of every table it reads, by name as the SQL writes it (matched
 *     case-insensitively); a table absent here is followed no further
 * @param output the model's result schema when known (names output columns the SQL leaves unnamed,
 *     e.g. {@code upper(name)}, exactly as the engine names them), or null
 */
public record LineageQuery(String sql, Map<String, TableSchema> inputs, TableSchema output) {
  public LineageQuery {
    Objects.requireNonNull(sql, "sql");
    inputs = Map.copyOf(inputs);
  }
}

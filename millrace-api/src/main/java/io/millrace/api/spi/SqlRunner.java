package io.millrace.api.spi;

/**
 * Runs SQL in an engine's dialect. Not thread-safe: one runner per thread.
 * Errors are {@link io.millrace.api.MillraceException}s: USER when the engine rejects the SQL (with
 * the engine's message), EXTERNAL when the engine fails.
 */
public interface SqlRunner {
  /** Runs a query and reads its whole result (use for small results only). */
  QueryResult query(String sql);

  /** Runs a statement; returns the update count, or -1 when it has none. */
  long execute(String sql);

  /** The engine's SQL dialect name, e.g. {@code duckdb}. */
  default String dialect() {
    return "duckdb";
  }
}

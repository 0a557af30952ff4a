package io.millrace.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A SQL engine (DuckDB embedded; Spark later). Thread-safe: hands out one session per thread.
 */
public interface Engine extends AutoCloseable {
  /**
   * The tables a statement reads, as written (names defined by its own CTEs excluded). Parses only.
   *
   * @throws io.millrace.api.MillraceException USER with the engine's parser message
   */
  Set<String> referencedTables(String sql);

  /**
   * Whether {@code sql} only reads: one or more queries (SELECT, VALUES, FROM ...), no statement
   * that writes files or databases or changes settings (COPY, ATTACH, EXPORT, SET, DDL, DML). Parses
   * only; a statement that does not parse is not read-only.
   */
  boolean isReadOnly(String sql);

  /**
   * {@link #referencedTables(String)} of many statements, in order, with as few engine round trips
   * as the engine allows (plan time parses every model).
   *
   * @throws io.millrace.api.MillraceException USER with the parser message of the first statement
   *     that does not parse
   */
  default List<Set<String>> referencedTables(List<String> sqls) {
    List<Set<String>> out = new ArrayList<>(sqls.size());
    sqls.forEach(sql -> out.add(referencedTables(sql)));
    return out;
  }

  /**
   * Column lineage of many models (plan time), in order: for each output column, the input columns
   * that feed it and how ({@link io.millrace.api.lineage.Transform}), resolving {@code *}, aliases,
   * CTEs, subqueries and unqualified names against {@link io.millrace.api.lineage.LineageQuery#inputs}.
   * Parses only. The default knows nothing ({@link io.millrace.api.lineage.ColumnLineage#UNKNOWN}),
   * for engines without column lineage.
   *
   * @throws io.millrace.api.MillraceException USER when a statement does not parse
   */
  default List<io.millrace.api.lineage.ColumnLineage> columnLineage(List<io.millrace.api.lineage.LineageQuery> queries) {
    return queries.stream().map(q -> io.millrace.api.lineage.ColumnLineage.UNKNOWN).toList();
  }

  /** Opens a session on the shared catalog. */
  EngineSession session();

  @Override
  void close();
}

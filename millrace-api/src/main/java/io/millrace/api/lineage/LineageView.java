package io.millrace.api.lineage;

import java.util.List;
import java.util.Set;

/**
 * A project's lineage as planned: the table graph and every model's column lineage. Read-only and
 * thread-safe. Implemented by millrace-core ({@code io.millrace.core.lineage.LineageGraph}); the web
 * console and {@code millrace lineage} read it.
 */
public interface LineageView {
  /** Every table (sources, models, stream tables), in plan order. */
  List<String> tables();

  /** The tables {@code table} reads directly; empty for sources. Unknown table: empty. */
  Set<String> upstream(String table);

  /** The tables (and exports) that read {@code table} directly. */
  Set<String> downstream(String table);

  /** The columns of {@code table}, in order; empty when its schema is unknown. */
  List<String> columns(String table);

  /** A model's column lineage; {@link ColumnLineage#UNKNOWN} for sources and unknown tables. */
  ColumnLineage columnLineage(String table);

  /**
   * The columns {@code column} is computed from, recursively back to source columns (DIRECT
   * transforms only: the values it is made of).
   *
   * @throws io.millrace.api.MillraceException USER naming the table or column when it is unknown
   */
  ColumnNode columnUpstream(ColumnRef column);

  /** The columns computed from {@code column}, recursively (DIRECT transforms only). */
  ColumnNode columnDownstream(ColumnRef column);
}

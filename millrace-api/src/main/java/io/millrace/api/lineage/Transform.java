package io.millrace.api.lineage;

/**
 * How an input column feeds an output column, in OpenLineage's column lineage vocabulary (facet
 * 1-2-0 {@code transformations}: a {@link #type} and a {@link #subtype}). DIRECT transforms produce
 * the value; INDIRECT ones only decide which rows there are or in which order (a join key, a filter,
 * a grouping key, a sort key, a window's partition or order, a CASE condition).
 */
public enum Transform {
  /** The value is copied unchanged (a column selected, renamed or passed through a view). */
  IDENTITY(true),
  /** The value is computed from the input's value (an expression, a cast, a function). */
  TRANSFORMATION(true),
  /** The value aggregates many input values (sum, count, avg, a window aggregate...). */
  AGGREGATION(true),
  JOIN(false),
  FILTER(false),
  GROUP_BY(false),
  SORT(false),
  WINDOW(false),
  CONDITIONAL(false);

  private final boolean direct;

  Transform(boolean direct) {
    this.direct = direct;
  }

  public boolean direct() {
    return direct;
  }

  /** {@code DIRECT} or {@code INDIRECT}. */
  public String type() {
    return direct ? "DIRECT" : "INDIRECT";
  }

  /** The OpenLineage subtype: the constant's name. */
  public String subtype() {
    return name();
  }

  /**
   * The stronger of two direct transforms (IDENTITY &lt; TRANSFORMATION &lt; AGGREGATION): an input
   * reached through a function is transformed, through an aggregate aggregated.
   */
  public Transform max(Transform other) {
    return ordinal() >= other.ordinal() ? this : other;
  }
}

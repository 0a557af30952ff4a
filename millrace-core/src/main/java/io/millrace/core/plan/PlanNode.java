package io.millrace.core.plan;

import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.project.SourceSpec;
import java.util.Objects;
import java.util.Set;

/**
 * One node of a bound plan. Exactly one of {@code source}, {@code model}, {@code export} is set,
 * matching {@code kind}; none for a STREAM node (its job is
 * {@link io.millrace.api.project.ProjectSpec#streamJobWriting ProjectSpec.streamJobWriting(name)}).
 *
 * @param name unique node name: the table name for sources, models and stream tables, {@code export:<table>:<i>}
 *     for exports (i = position in the project's export list)
 * @param kind what the node does
 * @param upstream names of the nodes it reads (direct dependencies)
 * @param schema output schema found at plan time (null for exports and for a stream job's features
 *     table; for sources with inferred columns, the schema the engine inferred; for a stream job's
 *     events and window tables, the columns the job declares)
 * @param retry the node's retry policy
 * @param lineage a model's column lineage found at plan time ({@link ColumnLineage#UNKNOWN} for other
 *     nodes, and for models whose inputs' schemas are unknown)
 */
public record PlanNode(String name, NodeKind kind, SourceSpec source, ModelSpec model,
                       ExportSpec export, Set<String> upstream, TableSchema schema,
                       RetryPolicy retry, ColumnLineage lineage) {
  public PlanNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(lineage, "lineage");
    upstream = Set.copyOf(upstream);
  }

  /** A node without column lineage. */
  public PlanNode(String name, NodeKind kind, SourceSpec source, ModelSpec model, ExportSpec export,
                  Set<String> upstream, TableSchema schema, RetryPolicy retry) {
    this(name, kind, source, model, export, upstream, schema, retry, ColumnLineage.UNKNOWN);
  }
}

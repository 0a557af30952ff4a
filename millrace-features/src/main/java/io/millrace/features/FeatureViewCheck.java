package io.millrace.features;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.features.internal.SourceColumns;
import java.util.Map;
import java.util.Optional;

/**
 * Plan-time checks of a project's feature views: every view's source is a table or model of the
 * project or a stream job with features, and every entity, timestamp, created and feature column it
 * names exists there (expression features are bound by the engine when a session is given). Stateless.
 */
public final class FeatureViewCheck {
  private FeatureViewCheck() {}

  /**
   * @param tables the columns of every source and model of the project (from the bound plan)
   * @param session binds expression features against stand-ins of their sources; null skips that
   * @throws MillraceException USER {@code Cannot load features/<file>.yaml:L:C: feature view '<v>': ...}
   *     naming the missing table, column or job
   */
  public static void check(ProjectSpec project, Map<String, TableSchema> tables, EngineSession session) {
    for (FeatureViewSpec v : project.features().views().values()) {
      TableSchema schema = SourceColumns.of(v, project.streams(), tables)
          .orElseThrow(() -> error(v, SourceColumns.unknownSource(v, project.streams(), tables)));
      for (String e : v.entities()) {
        column(v, schema, e, "entity column");
      }
      Column ts = column(v, schema, v.timestamp(), "timestamp column");
      requireTime(v, ts, "timestamp");
      if (v.created() != null) {
        requireTime(v, column(v, schema, v.created(), "created column"), "created");
      }
      for (FeatureColumn f : v.features()) {
        if (f.expression() == null) {
          column(v, schema, f.name(), "feature column");
        } else if (session != null && v.streamJob().isEmpty()) {
          bind(v, f, schema, session);
        }
      }
    }
  }

  private static Column column(FeatureViewSpec v, TableSchema schema, String name, String what) {
    Optional<Column> c = SourceColumns.find(schema, name);
    if (c.isEmpty()) {
      throw error(v, String.format("%s '%s' is not a column of %s (columns: %s)", what, name, v.source(),
          String.join(", ", schema.names())));
    }
    return c.get();
  }

  private static void requireTime(FeatureViewSpec v, Column c, String what) {
    LogicalType t = c.type();
    if (t != LogicalType.TIMESTAMP && t != LogicalType.TIMESTAMPTZ && t != LogicalType.DATE) {
      throw error(v, String.format("%s column '%s' of %s is %s; it must be a TIMESTAMP, TIMESTAMPTZ or DATE", what,
          c.name(), v.source(), t));
    }
  }

  private static void bind(FeatureViewSpec v, FeatureColumn f, TableSchema schema, EngineSession session) {
    String standIn = "__mr_fv_" + v.name();
    try {
      session.standIn(standIn, schema);
      session.describe("SELECT (" + f.expression() + ") AS f FROM " + standIn);
    } catch (MillraceException e) {
      throw error(v, String.format("feature '%s: %s' does not bind: %s", f.name(), f.expression(), e.getMessage()));
    }
  }

  static MillraceException error(FeatureViewSpec v, String reason) {
    return MillraceException.user("Cannot load %s: feature view '%s': %s", v.location(), v.name(), reason);
  }
}

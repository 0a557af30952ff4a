package io.millrace.features.predict;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Predictors;
import io.millrace.api.project.ProjectSpec;
import io.millrace.features.internal.SourceColumns;
import io.millrace.features.predict.internal.Rules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan-time checks of predictors against the project's tables: an entity table must be a table or
 * model of the project holding the label, the split column and the timestamp column; rules and
 * decisions must parse over the features (typed from their views' sources; expression features are
 * taken as DOUBLE). Stateless.
 */
public final class PredictorCheck {
  private PredictorCheck() {}

  /**
   * @param tables the columns of every source and model of the project (from the bound plan)
   * @throws MillraceException USER {@code Cannot load predictors/<file>.yaml:L:C: predictor '<p>': ...}
   */
  public static void check(ProjectSpec project, Predictors predictors, Map<String, TableSchema> tables) {
    for (PredictorSpec p : predictors.byName().values()) {
      var ts = p.trainingSet();
      // a training-set node's columns are known when it runs: its entity columns are checked by the training
      if (!ts.entitiesIsFile() && !project.features().trainingSets().containsKey(ts.entities())) {
        TableSchema schema = tables.get(ts.entities());
        if (schema == null) {
          throw error(p, "entity table '" + ts.entities() + "' is not a source or model of the project (tables: "
              + String.join(", ", tables.keySet()) + ")");
        }
        for (String c : List.of(p.label(), ts.timestampColumn(), p.splitColumn())) {
          if (SourceColumns.find(schema, c).isEmpty()) {
            throw error(p, "'" + c + "' is not a column of " + ts.entities() + " (columns: "
                + String.join(", ", schema.names()) + ")");
          }
        }
      }
      Map<String, LogicalType> types = new LinkedHashMap<>();
      List<FeatureRef> refs = ts.service() != null ? project.features().service(ts.service())
          : project.features().resolve(ts.features());
      for (FeatureRef r : refs) {
        FeatureViewSpec v = project.features().views().get(r.view());
        Optional<TableSchema> schema = SourceColumns.of(v, project.streams(), tables);
        FeatureColumn f = v.feature(r.feature()).orElseThrow();
        LogicalType t = f.expression() != null || schema.isEmpty() ? LogicalType.DOUBLE
            : SourceColumns.find(schema.get(), f.name()).map(Column::type).orElse(LogicalType.DOUBLE);
        types.put(r.feature(), t);
      }
      try {
        new Rules(p.name(), p.rules(), types);
      } catch (MillraceException e) {
        throw error(p, e.getMessage());
      }
    }
  }

  private static MillraceException error(PredictorSpec p, String reason) {
    return MillraceException.user("Cannot load %s: predictor '%s': %s", p.location(), p.name(), reason);
  }
}

package io.millrace.core.plan;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.TrainingSetSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.PredictorLoader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link NodeKind#TRAIN} nodes of a project: one {@code train:<predictor>} per predictor declared with
 * {@code retrain: true}, depending on the tables its training set reads (the entity table, unless the
 * entities are a file, and each feature view's source table; a view over a stream job reads the job's kept history, written outside the
 * pipeline).
 */
final class TrainNodes {
  private TrainNodes() {}

  /**
   * @param tables the nodes already in the plan
   * @return upstream node names per train node, in predictor order
   * @throws MillraceException USER naming the predictor file when a table it reads is not a node of the plan
   */
  static Map<String, List<String>> upstream(ProjectSpec project, Collection<String> tables) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (PredictorSpec p : PredictorLoader.load(project).byName().values()) {
      if (!p.retrain()) {
        continue;
      }
      List<String> ups = new ArrayList<>();
      for (String t : reads(project, p)) {
        String node = find(tables, t);
        if (node == null) {
          throw MillraceException.user("Cannot plan node '%s' (%s): its training set reads '%s', which is not a "
              + "source, model or stream table of the project", p.nodeName(), p.location(), t);
        }
        if (!ups.contains(node)) {
          ups.add(node);
        }
      }
      out.put(p.nodeName(), ups);
    }
    return out;
  }

  private static List<String> reads(ProjectSpec project, PredictorSpec p) {
    FeatureDefinitions defs = project.features();
    TrainingSetSpec ts = p.trainingSet();
    List<String> tables = new ArrayList<>();
    if (!ts.entitiesIsFile()) {
      tables.add(ts.entities());
    }
    List<FeatureRef> refs;
    try {
      refs = ts.service() != null ? defs.service(ts.service()) : defs.resolve(ts.features());
    } catch (MillraceException e) {
      throw MillraceException.user("Cannot plan node '%s' (%s): %s", p.nodeName(), p.location(), e.getMessage());
    }
    for (FeatureRef r : refs) {
      FeatureViewSpec v = defs.views().get(r.view());
      if (v.streamJob().isEmpty()) {
        tables.add(v.source());
      }
    }
    return tables;
  }

  /** The node named {@code table}, case-insensitively as in SQL. */
  private static String find(Collection<String> nodes, String table) {
    return nodes.stream().filter(n -> n.equalsIgnoreCase(table)).findFirst().orElse(null);
  }
}

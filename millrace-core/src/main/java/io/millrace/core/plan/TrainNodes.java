package io.millrace.core.plan;

import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.plan.internal.TrainingSetReads;
import io.millrace.core.project.PredictorLoader;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link NodeKind#TRAIN} nodes of a project: one {@code train:<predictor>} per predictor declared with
 * {@code retrain: true}, depending on the tables its training set reads ({@link TrainingSetReads}).
 */
final class TrainNodes {
  private TrainNodes() {}

  /**
   * @param tables the nodes already in the plan
   * @return upstream node names per train node, in predictor order
   * @throws io.millrace.api.MillraceException USER naming the predictor file when a table it reads is not a node
   */
  static Map<String, List<String>> upstream(ProjectSpec project, Collection<String> tables) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (PredictorSpec p : PredictorLoader.load(project).byName().values()) {
      if (p.retrain()) {
        out.put(p.nodeName(), TrainingSetReads.nodes(project, p.trainingSet(), p.nodeName(), p.location(),
            t -> find(tables, t)));
      }
    }
    return out;
  }

  /** The node named {@code table}, case-insensitively as in SQL (never an export or train node). */
  private static Optional<String> find(Collection<String> nodes, String table) {
    return nodes.stream().filter(n -> n.equalsIgnoreCase(table)).findFirst();
  }
}

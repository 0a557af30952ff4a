package io.millrace.core.plan.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.predict.TrainingSetSpec;
import io.millrace.api.project.ProjectSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plan nodes a point-in-time training set reads: its entity table (unless the entities are a file) and each
 * feature view's source table or model. A view over a stream job adds none: the job writes its history apart from
 * the pipeline.
 */
public final class TrainingSetReads {
  private TrainingSetReads() {}

  /**
   * @param node the reading node's name, for messages
   * @param location where it is declared, for messages
   * @param resolve a table name to the node that writes it, if any
   * @throws MillraceException USER naming the node and its file when a table is no node of the plan, or a view or
   *     feature is unknown
   */
  public static List<String> nodes(ProjectSpec project, TrainingSetSpec ts, String node, String location,
                                   Function<String, Optional<String>> resolve) {
    FeatureDefinitions defs = project.features();
    List<String> tables = new ArrayList<>();
    if (!ts.entitiesIsFile()) {
      tables.add(ts.entities());
    }
    List<FeatureRef> refs;
    try {
      refs = ts.service() != null ? defs.service(ts.service()) : defs.resolve(ts.features());
    } catch (MillraceException e) {
      throw MillraceException.user("Cannot plan node '%s' (%s): %s", node, location, e.getMessage());
    }
    for (FeatureRef r : refs) {
      FeatureViewSpec v = defs.views().get(r.view());
      if (v.streamJob().isEmpty()) {
        tables.add(v.source());
      }
    }
    List<String> out = new ArrayList<>();
    for (String t : tables) {
      String found = resolve.apply(t).orElseThrow(() -> MillraceException.user("Cannot plan node '%s' (%s): its "
          + "training set reads '%s', which is not a source, model or stream table of the project", node, location, t));
      if (found.equalsIgnoreCase(node)) {
        throw MillraceException.user("Cannot plan node '%s' (%s): a training set cannot read itself", node, location);
      }
      if (!out.contains(found)) {
        out.add(found);
      }
    }
    return out;
  }
}

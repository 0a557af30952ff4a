package io.millrace.core.project;

import io.millrace.api.predict.Predictors;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.internal.PredictorReader;

/**
 * Loads a project's predictors ({@code predictors/*.yaml}, one per file) and checks them against its
 * feature views. Every error is a USER {@link io.millrace.api.MillraceException} naming
 * {@code predictors/<file>.yaml:line:column}: unknown keys (with a "did you mean"), an unknown task or
 * algorithm, an algorithm that cannot learn the task, a missing label, an unknown feature, view or
 * service, a rule naming an undeclared decision. Stateless and thread-safe.
 */
public final class PredictorLoader {
  private PredictorLoader() {}

  public static Predictors load(ProjectSpec project) {
    return PredictorReader.read(project.root(), project.features());
  }
}

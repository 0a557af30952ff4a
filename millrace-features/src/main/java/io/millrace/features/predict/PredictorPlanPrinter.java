package io.millrace.features.predict;

import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Predictors;
import java.util.Locale;
import java.util.stream.Collectors;

/** The predictors section of {@code millrace plan}. */
public final class PredictorPlanPrinter {
  private PredictorPlanPrinter() {}

  /** Empty text when the project declares no predictors. */
  public static String print(Predictors predictors, ModelStore store) {
    if (predictors.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(String.format("%npredictors (%d):%n", predictors.byName().size()));
    for (PredictorSpec p : predictors.byName().values()) {
      var ts = p.trainingSet();
      out.append(String.format("  %s  %s %s  label %s  entities %s  split by %s test %s  latest %s%n", p.name(),
          p.task().name().toLowerCase(Locale.ROOT), p.algorithm().word(), p.label(), ts.entities(), p.splitColumn(),
          p.split().testFraction(), store.latest(p.name()).orElse("untrained")));
      out.append("    features: ").append(ts.service() != null ? "service " + ts.service()
          : ts.features().stream().map(Object::toString).collect(Collectors.joining(", ")));
      if (!p.rules().rules().isEmpty() || !p.rules().decisions().isEmpty()) {
        out.append(String.format("%n    rules: %s  decisions: %s", p.rules().rules().stream().map(r -> r.name())
            .collect(Collectors.joining(", ")), String.join(" > ", p.rules().decisions().keySet())));
      }
      out.append(System.lineSeparator());
    }
    return out.toString();
  }
}

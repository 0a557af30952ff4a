package io.millrace.features.predict.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import io.millrace.api.predict.PredictorSpec;
import java.util.Map;
import java.util.Set;

/** Reads a predictor's {@code params}: known names only, typed, with defaults. */
final class Params {
  private final PredictorSpec spec;

  Params(PredictorSpec spec, Set<String> known) {
    this.spec = spec;
    for (String k : spec.params().keySet()) {
      if (!known.contains(k)) {
        String hint = Suggestions.closest(k, known).map(s -> "did you mean '" + s + "'?")
            .orElse("known: " + String.join(", ", new java.util.TreeSet<>(known)));
        throw MillraceException.user("Cannot train predictor '%s' (%s): %s does not take the parameter '%s'; %s",
            spec.name(), spec.location(), spec.algorithm().word(), k, hint);
      }
    }
  }

  Map<String, String> all() {
    return spec.params();
  }

  double number(String name, double dflt) {
    String v = spec.params().get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw MillraceException.user("Cannot train predictor '%s' (%s): params.%s must be a number, found '%s'",
          spec.name(), spec.location(), name, v);
    }
  }

  int integer(String name, int dflt, int min) {
    double d = number(name, dflt);
    if (d != Math.rint(d) || d < min) {
      throw MillraceException.user("Cannot train predictor '%s' (%s): params.%s must be a whole number >= %d, found %s",
          spec.name(), spec.location(), name, min, spec.params().get(name));
    }
    return (int) d;
  }
}

package io.millrace.api.predict;

import io.millrace.api.MillraceException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A predictor's rules layer and decisions. {@code decisions} are listed most severe first, each with a
 * condition over the features and {@code score} (the model's score); the model's decision is the first
 * whose condition holds ({@code true} when none other does is a common last entry). Each rule that fires
 * adds its reason and may propose a decision. The row's decision is the most severe of the model's and
 * the fired rules' proposals: rules can only escalate (a burst of card transactions blocks a payment
 * the model would have approved), never wave through what the model flags.
 *
 * @param rules ordered rules; may be empty
 * @param decisions decision name to condition, most severe first; empty means no decisions
 * @param topReasons how many feature contributions are reported as reasons (after the fired rules)
 */
public record RulesSpec(List<RuleSpec> rules, Map<String, String> decisions, int topReasons) {
  /** No rules, no decisions, three contributions. */
  public static final RulesSpec NONE = new RulesSpec(List.of(), Map.of(), 3);

  public RulesSpec {
    rules = List.copyOf(rules);
    decisions = Collections.unmodifiableMap(new LinkedHashMap<>(decisions));
    if (topReasons < 0) {
      throw MillraceException.user("Cannot declare reasons: top_reasons must be >= 0, found %d", topReasons);
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (RuleSpec r : rules) {
      if (!names.add(r.name())) {
        throw MillraceException.user("Cannot declare rule '%s' (%s): the name is used twice", r.name(), r.location());
      }
      if (r.decision() != null && !decisions.containsKey(r.decision())) {
        throw MillraceException.user("Cannot declare rule '%s' (%s): decision '%s' is not one of 'decisions' (%s)",
            r.name(), r.location(), r.decision(), decisions.isEmpty() ? "none declared" : String.join(", ", decisions.keySet()));
      }
    }
  }

  /** Severity rank of a decision: 0 is the most severe. */
  public int severity(String decision) {
    int i = 0;
    for (String d : decisions.keySet()) {
      if (d.equals(decision)) {
        return i;
      }
      i++;
    }
    return Integer.MAX_VALUE;
  }
}

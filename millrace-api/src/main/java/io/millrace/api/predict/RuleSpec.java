package io.millrace.api.predict;

import io.millrace.api.MillraceException;
import java.util.Objects;

/**
 * One rule of a predictor's rules layer: a condition on the row's features (a row expression, the
 * vocabulary of stream checks: {@code amount_ratio > 10 AND txn_1h >= 5}) and the reason given when it
 * holds. A rule with a {@code decision} also proposes that decision (the most severe proposal wins, see
 * {@link RulesSpec}).
 *
 * @param name the rule's name (unique in the predictor)
 * @param when the condition; NULL counts as not firing
 * @param reason the human text reported when the rule fires
 * @param decision a decision of {@link RulesSpec#decisions()}, or null for a reason only
 * @param location where it is declared ({@code predictors/fraud.yaml:12:5})
 */
public record RuleSpec(String name, String when, String reason, String decision, String location) {
  public RuleSpec {
    Objects.requireNonNull(name, "name");
    if (when == null || when.isBlank()) {
      throw MillraceException.user("Cannot declare rule '%s': 'when' (a condition on features) is empty", name);
    }
    reason = reason == null || reason.isBlank() ? name : reason;
  }
}

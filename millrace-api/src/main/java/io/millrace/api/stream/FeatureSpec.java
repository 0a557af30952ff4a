package io.millrace.api.stream;

import io.millrace.api.MillraceException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One declared aggregate feature of an entity, e.g. the sum of {@code amount} over purchases in the
 * last 7 days.
 *
 * @param name feature name, an identifier unique in its {@link FeatureSet}
 * @param aggregation how events are folded
 * @param column the event field aggregated (a raw field or an {@link EventField}); null for
 *     {@link Aggregation#COUNT} (count every event) and for the session aggregations
 * @param filter SQL boolean expression over the event's fields; only events for which it is TRUE
 *     count (FALSE and NULL both exclude). Null means every event
 * @param window which events, in event time; never null (use {@link FeatureWindow.Lifetime})
 */
public record FeatureSpec(String name, Aggregation aggregation, String column, String filter,
                          FeatureWindow window) {
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public FeatureSpec {
    identifier("feature", name);
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(window, "window");
    if (column != null && column.isBlank()) {
      column = null;
    }
    if (filter != null && filter.isBlank()) {
      filter = null;
    }
    if (aggregation.needsColumn() && column == null) {
      throw MillraceException.user("Cannot define feature %s: %s needs a column", name, aggregation);
    }
    if (aggregation.sessionOnly() && column != null) {
      throw MillraceException.user(
          "Cannot define feature %s: %s takes no column (got %s)", name, aggregation, column);
    }
    if (aggregation.sessionOnly() != (window instanceof FeatureWindow.Session)) {
      throw MillraceException.user(
          "Cannot define feature %s: %s over a %s window (session_count and avg_session_length "
              + "go with session windows, and only they)", name, aggregation, window);
    }
  }

  /** A lifetime feature without filter. */
  public static FeatureSpec lifetime(String name, Aggregation aggregation, String column) {
    return new FeatureSpec(name, aggregation, column, null, FeatureWindow.lifetime());
  }

  static void identifier(String what, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw MillraceException.user(
          "Cannot define %s '%s': a name is a letter or _ followed by letters, digits or _",
          what, name);
    }
  }
}

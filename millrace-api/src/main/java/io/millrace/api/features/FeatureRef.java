package io.millrace.api.features;

import io.millrace.api.MillraceException;
import java.util.Objects;

/**
 * A reference {@code view:feature}, or a whole view ({@code feature} null).
 *
 * @param view the feature view's name
 * @param feature the feature's name, or null for every feature of the view
 */
public record FeatureRef(String view, String feature) {
  public FeatureRef {
    Objects.requireNonNull(view, "view");
    if (view.isBlank() || (feature != null && feature.isBlank())) {
      throw MillraceException.user("Cannot read feature reference '%s:%s': expected view:feature or a view name", view,
          feature == null ? "" : feature);
    }
  }

  /** {@code view:feature} or {@code view}. */
  public static FeatureRef parse(String text) {
    String t = text.trim();
    int colon = t.indexOf(':');
    if (colon < 0) {
      return new FeatureRef(t, null);
    }
    if (colon == 0 || colon == t.length() - 1 || t.indexOf(':', colon + 1) >= 0) {
      throw MillraceException.user("Cannot read feature reference '%s': expected view:feature or a view name", text);
    }
    return new FeatureRef(t.substring(0, colon), t.substring(colon + 1));
  }

  @Override
  public String toString() {
    return feature == null ? view : view + ":" + feature;
  }
}

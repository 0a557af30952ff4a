package io.millrace.api.features;

import io.millrace.api.MillraceException;
import java.util.List;
import java.util.Objects;

/**
 * A named list of features, as declared under {@code services:} in {@code features/*.yaml}.
 *
 * @param name the service name
 * @param location where it is declared, for messages
 * @param features {@code view:feature} references or whole views, at least one
 */
public record FeatureServiceSpec(String name, String location, List<FeatureRef> features) {
  public FeatureServiceSpec {
    Objects.requireNonNull(name, "name");
    location = location == null ? "features" : location;
    features = List.copyOf(features);
    if (features.isEmpty()) {
      throw MillraceException.user("Cannot declare feature service '%s': it lists no features", name);
    }
  }
}

package io.millrace.api.features;

import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature views and services of a project ({@code features/*.yaml}), by name in file order.
 * Names are unique across files; every service references views that exist.
 *
 * @param views feature views by name
 * @param services feature services by name
 * @param trainingSets training sets declared as pipeline nodes ({@code training_sets:}), by name
 */
public record FeatureDefinitions(Map<String, FeatureViewSpec> views, Map<String, FeatureServiceSpec> services,
                                 Map<String, TrainingSetNodeSpec> trainingSets) {
  /** A project without features. */
  public static final FeatureDefinitions NONE = new FeatureDefinitions(Map.of(), Map.of());

  /** Views and services without training-set nodes. */
  public FeatureDefinitions(Map<String, FeatureViewSpec> views, Map<String, FeatureServiceSpec> services) {
    this(views, services, Map.of());
  }

  public FeatureDefinitions {
    views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    trainingSets = Collections.unmodifiableMap(new LinkedHashMap<>(trainingSets));
    for (FeatureServiceSpec s : services.values()) {
      for (FeatureRef r : s.features()) {
        try {
          resolve(views, r);
        } catch (MillraceException e) {
          throw MillraceException.user("Cannot load %s: service '%s': %s", s.location(), s.name(), e.getMessage());
        }
      }
    }
  }

  public boolean isEmpty() {
    return views.isEmpty() && services.isEmpty() && trainingSets.isEmpty();
  }

  /**
   * The features of {@code refs} in order, whole views expanded, each (view, feature) once.
   *
   * @throws MillraceException USER naming an unknown view or feature, with the closest name
   */
  public List<FeatureRef> resolve(List<FeatureRef> refs) {
    List<FeatureRef> out = new ArrayList<>();
    for (FeatureRef r : refs) {
      for (FeatureRef one : resolve(views, r)) {
        if (!out.contains(one)) {
          out.add(one);
        }
      }
    }
    return out;
  }

  /** The features of a service, resolved as {@link #resolve(List)} does. */
  public List<FeatureRef> service(String name) {
    FeatureServiceSpec s = services.get(name);
    if (s == null) {
      throw MillraceException.user("Cannot find feature service '%s'%s", name, hint(name, services.keySet(), "services"));
    }
    return resolve(s.features());
  }

  private static List<FeatureRef> resolve(Map<String, FeatureViewSpec> views, FeatureRef r) {
    FeatureViewSpec v = views.get(r.view());
    if (v == null) {
      throw MillraceException.user("Cannot find feature view '%s'%s", r.view(), hint(r.view(), views.keySet(), "views"));
    }
    if (r.feature() == null) {
      return v.featureNames().stream().map(f -> new FeatureRef(v.name(), f)).toList();
    }
    if (v.feature(r.feature()).isEmpty()) {
      throw MillraceException.user("Cannot find feature '%s' in view '%s'%s", r.feature(), v.name(),
          hint(r.feature(), v.featureNames(), "features"));
    }
    return List.of(r);
  }

  private static String hint(String name, java.util.Collection<String> known, String what) {
    if (known.isEmpty()) {
      return " (the project declares no feature " + what + ")";
    }
    return Suggestions.closest(name, known).map(s -> "; did you mean '" + s + "'?")
        .orElse(" (" + what + ": " + String.join(", ", known) + ")");
  }
}

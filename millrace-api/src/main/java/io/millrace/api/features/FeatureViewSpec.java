package io.millrace.api.features;

import io.millrace.api.MillraceException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A feature view as declared under {@code views:} in {@code features/*.yaml}: features of an entity
 * kind, read from a warehouse table or model of the project, or from a stream job's features
 * ({@code stream:<job>}), each row valid from its event timestamp on.
 *
 * @param name the view name (a SQL identifier)
 * @param location where it is declared ({@code features/users.yaml:3:3}), for messages
 * @param entities the entity key column(s), at least one
 * @param source a table or model of the project, or {@code stream:<job>}
 * @param timestamp the event timestamp column; null for a stream source (its {@code _event_time})
 * @param created the creation timestamp column breaking ties on event time, or null
 * @param ttl how old a row may be and still count, or null for no limit
 * @param features the features, at least one, names unique
 * @param online whether the view is served online (materialized; later sessions)
 */
public record FeatureViewSpec(String name, String location, List<String> entities, String source, String timestamp,
                              String created, Duration ttl, List<FeatureColumn> features, boolean online) {
  /** The prefix of a stream job source. */
  public static final String STREAM = "stream:";
  /** The timestamp column of a stream job's {@code <job>_features} table. */
  public static final String STREAM_TIMESTAMP = "_event_time";

  public FeatureViewSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    location = location == null ? "features" : location;
    entities = List.copyOf(entities);
    features = List.copyOf(features);
    if (!FeatureColumn.NAME.matcher(name).matches()) {
      throw fail(name, "the name must be letters, digits and _ and start with a letter or _");
    }
    if (entities.isEmpty()) {
      throw fail(name, "it needs at least one entity key column in 'entities'");
    }
    if (features.isEmpty()) {
      throw fail(name, "it needs at least one feature in 'features'");
    }
    if (source.startsWith(STREAM)) {
      timestamp = timestamp == null ? STREAM_TIMESTAMP : timestamp;
    } else if (timestamp == null) {
      throw fail(name, "it needs 'timestamp' (the event timestamp column of " + source + ")");
    }
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw fail(name, "ttl must be positive, found " + ttl);
    }
    Set<String> seen = new HashSet<>();
    for (FeatureColumn f : features) {
      if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
        throw fail(name, "feature '" + f.name() + "' is declared twice");
      }
    }
    Set<String> keys = new HashSet<>();
    for (String e : entities) {
      if (!keys.add(e.toLowerCase(Locale.ROOT))) {
        throw fail(name, "entity column '" + e + "' is listed twice");
      }
    }
  }

  /** The stream job a {@code stream:<job>} view reads, if it is one. */
  public Optional<String> streamJob() {
    return source.startsWith(STREAM) ? Optional.of(source.substring(STREAM.length())) : Optional.empty();
  }

  public Optional<FeatureColumn> feature(String featureName) {
    return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
  }

  public List<String> featureNames() {
    return features.stream().map(FeatureColumn::name).toList();
  }

  private static MillraceException fail(String view, String reason) {
    return MillraceException.user("Cannot declare feature view '%s': %s", view, reason);
  }
}

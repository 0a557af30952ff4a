package io.millrace.features.online;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureStatus;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineFeatures;
import io.millrace.api.features.OnlineRequest;
import io.millrace.api.features.OnlineResponse;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.features.OnlineStore;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.features.online.internal.KeyCoercion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Feast's {@code get-online-features} over a project's feature views and its online store.
 *
 * <p>The response names the entity columns first (status PRESENT, event timestamp the epoch, as
 * Feast does), then each feature ({@code feature}, or {@code view__feature} with full names). Per
 * entity row and feature: PRESENT with the value and the row's event timestamp; NOT_FOUND (null
 * value, epoch timestamp) when the store has no row for the entity or the row lacks the feature;
 * OUTSIDE_MAX_AGE (null value, the row's event timestamp) when the row's event time is before
 * {@code now - ttl} of its view. Each view is one batch read of the store. Thread-safe when the
 * store is.
 */
public final class FeatureServing implements OnlineFeatures {
  private final FeatureDefinitions defs;
  private final OnlineStore store;
  private final Map<String, List<LogicalType>> keyTypes;
  private final Clock clock;

  /**
   * @param keyTypes each view's entity key column types, in the order of its {@code entities}; a view
   *     left out (or a null type) takes numbers as longs and everything else as given
   */
  public FeatureServing(FeatureDefinitions defs, OnlineStore store, Map<String, List<LogicalType>> keyTypes, Clock clock) {
    this.defs = defs;
    this.store = store;
    this.keyTypes = Map.copyOf(keyTypes);
    this.clock = clock;
  }

  /** Serving for a project, key types read from the warehouse tables and stream jobs the online views read. */
  public static FeatureServing create(ProjectSpec project, OnlineStore store, Warehouse warehouse) {
    return new FeatureServing(project.features(), store, keyTypes(project, warehouse), Clock.systemUTC());
  }

  /** Each online view's key column types, where its source is known (null entries where not). */
  public static Map<String, List<LogicalType>> keyTypes(ProjectSpec project, Warehouse warehouse) {
    Map<String, List<LogicalType>> out = new HashMap<>();
    for (FeatureViewSpec v : project.features().views().values()) {
      Optional<String> job = v.streamJob();
      List<LogicalType> types = new ArrayList<>();
      if (job.isPresent()) {
        StreamJobSpec j = project.streams().get(job.get());
        for (String e : v.entities()) {
          types.add(j == null ? null : j.field(e).map(StreamField::type).orElse(null));
        }
      } else {
        Optional<TableSchema> schema = warehouse == null ? Optional.empty() : warehouse.schema(v.source());
        for (String e : v.entities()) {
          types.add(schema.flatMap(s -> s.columns().stream().filter(c -> c.name().equalsIgnoreCase(e)).findFirst())
              .map(c -> c.type()).orElse(null));
        }
      }
      out.put(v.name(), java.util.Collections.unmodifiableList(types));
    }
    return out;
  }

  @Override
  public OnlineResponse get(OnlineRequest request) {
    List<FeatureRef> refs = features(request);
    Map<FeatureViewSpec, List<FeatureRef>> byView = new LinkedHashMap<>();
    for (FeatureRef r : refs) {
      FeatureViewSpec v = defs.views().get(r.view());
      if (!v.online()) {
        throw MillraceException.user("Cannot get online features: feature view '%s' is not served online (set "
            + "'online: true' in %s, then run `millrace materialize`)", v.name(), v.location());
      }
      byView.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
    }
    Map<String, List<Object>> entities = request.entities() == null ? Map.of() : request.entities();
    int rows = checkEntities(entities, byView.keySet());
    List<String> featureNames = featureNames(byView, request.fullFeatureNames(), entities.keySet());
    List<String> names = new ArrayList<>();
    List<OnlineResponse.Vector> results = new ArrayList<>();
    Map<String, List<Object>> coercedColumns = new LinkedHashMap<>();
    Instant now = clock.instant();
    List<List<OnlineResponse.Vector>> perView = new ArrayList<>();
    for (Map.Entry<FeatureViewSpec, List<FeatureRef>> e : byView.entrySet()) {
      perView.add(lookup(e.getKey(), e.getValue(), entities, rows, now, coercedColumns));
    }
    for (String column : entities.keySet()) {
      names.add(column);
      List<Object> values = coercedColumns.getOrDefault(column, entities.get(column));
      results.add(new OnlineResponse.Vector(values, repeat(FeatureStatus.PRESENT, rows), repeat(Instant.EPOCH, rows)));
    }
    names.addAll(featureNames);
    perView.forEach(results::addAll);
    return new OnlineResponse(names, results);
  }

  private List<FeatureRef> features(OnlineRequest request) {
    boolean hasFeatures = request.features() != null && !request.features().isEmpty();
    if (hasFeatures == (request.service() != null)) {
      throw MillraceException.user("Cannot get online features: give exactly one of 'features' (view:feature or view "
          + "names) or 'feature_service'");
    }
    return hasFeatures ? defs.resolve(request.features()) : defs.service(request.service());
  }

  /** Checks the entity columns against the views' keys; returns the number of entity rows. */
  private static int checkEntities(Map<String, List<Object>> entities, Set<FeatureViewSpec> views) {
    Set<String> needed = new LinkedHashSet<>();
    for (FeatureViewSpec v : views) {
      for (String key : v.entities()) {
        if (!entities.containsKey(key)) {
          throw MillraceException.user("Cannot get online features: entity column '%s' (the key of feature view '%s') "
              + "is missing from 'entities'%s", key, v.name(),
              entities.isEmpty() ? "" : " (given: " + String.join(", ", entities.keySet()) + ")");
        }
        needed.add(key);
      }
    }
    for (String column : entities.keySet()) {
      if (!needed.contains(column)) {
        throw MillraceException.user("Cannot get online features: entity column '%s' is not a key of the requested "
            + "feature views (keys: %s)", column, String.join(", ", needed));
      }
    }
    int rows = -1;
    String first = null;
    for (Map.Entry<String, List<Object>> e : entities.entrySet()) {
      if (e.getValue() == null) {
        throw MillraceException.user("Cannot get online features: entity column '%s' has no list of values", e.getKey());
      }
      if (rows < 0) {
        rows = e.getValue().size();
        first = e.getKey();
      } else if (e.getValue().size() != rows) {
        throw MillraceException.user("Cannot get online features: entity columns have different lengths ('%s' has %d "
            + "values, '%s' has %d)", first, rows, e.getKey(), e.getValue().size());
      }
    }
    return Math.max(rows, 0);
  }

  private List<OnlineResponse.Vector> lookup(FeatureViewSpec v, List<FeatureRef> refs, Map<String, List<Object>> entities,
                                             int rows, Instant now, Map<String, List<Object>> coercedColumns) {
    List<LogicalType> types = keyTypes.getOrDefault(v.name(), List.of());
    List<List<Object>> columns = new ArrayList<>();
    for (int k = 0; k < v.entities().size(); k++) {
      String column = v.entities().get(k);
      LogicalType type = k < types.size() ? types.get(k) : null;
      List<Object> coerced = new ArrayList<>(rows);
      for (Object value : entities.get(column)) {
        coerced.add(KeyCoercion.coerce(value, type, column));
      }
      coercedColumns.putIfAbsent(column, coerced);
      columns.add(coerced);
    }
    // rows with a null key value have no entity: read only the others
    List<EntityKey> keys = new ArrayList<>(rows);
    int[] slot = new int[rows];
    for (int i = 0; i < rows; i++) {
      Object[] key = new Object[columns.size()];
      boolean hasNull = false;
      for (int k = 0; k < key.length; k++) {
        key[k] = columns.get(k).get(i);
        hasNull |= key[k] == null;
      }
      slot[i] = hasNull ? -1 : keys.size();
      if (!hasNull) {
        keys.add(new EntityKey(Arrays.asList(key)));
      }
    }
    List<OnlineRow> found = keys.isEmpty() ? List.of() : store.read(v.name(), keys);
    Instant oldest = v.ttl() == null ? null : now.minus(v.ttl());
    List<OnlineResponse.Vector> out = new ArrayList<>(refs.size());
    for (FeatureRef r : refs) {
      List<Object> values = new ArrayList<>(rows);
      List<FeatureStatus> statuses = new ArrayList<>(rows);
      List<Instant> times = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        OnlineRow row = slot[i] < 0 ? null : found.get(slot[i]);
        if (row == null || !row.values().containsKey(r.feature())) {
          values.add(null);
          statuses.add(FeatureStatus.NOT_FOUND);
          times.add(Instant.EPOCH);
        } else if (oldest != null && row.eventTime().isBefore(oldest)) {
          values.add(null);
          statuses.add(FeatureStatus.OUTSIDE_MAX_AGE);
          times.add(row.eventTime());
        } else {
          values.add(row.values().get(r.feature()));
          statuses.add(FeatureStatus.PRESENT);
          times.add(row.eventTime());
        }
      }
      out.add(new OnlineResponse.Vector(values, statuses, times));
    }
    return out;
  }

  private static List<String> featureNames(Map<FeatureViewSpec, List<FeatureRef>> byView, boolean full,
                                           Set<String> entityColumns) {
    Map<String, String> taken = new HashMap<>();
    entityColumns.forEach(c -> taken.put(c.toLowerCase(Locale.ROOT), "entity column " + c));
    List<String> names = new ArrayList<>();
    List<String> clashes = new ArrayList<>();
    for (Map.Entry<FeatureViewSpec, List<FeatureRef>> e : byView.entrySet()) {
      for (FeatureRef r : e.getValue()) {
        String name = full ? r.view() + "__" + r.feature() : r.feature();
        String before = taken.putIfAbsent(name.toLowerCase(Locale.ROOT), r.toString());
        if (before != null) {
          clashes.add("'" + name + "' (" + before + " and " + r + ")");
        }
        names.add(name);
      }
    }
    if (!clashes.isEmpty()) {
      throw MillraceException.user("Cannot get online features: feature names clash: %s%s", String.join(", ", clashes),
          full ? "" : "; ask for full feature names (full_feature_names: true) to name them <view>__<feature>");
    }
    return names;
  }

  private static <T> List<T> repeat(T value, int n) {
    return java.util.Collections.nCopies(n, value);
  }
}

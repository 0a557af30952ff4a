package io.millrace.cli.internal;

import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineFeatures;
import io.millrace.api.features.OnlineStore;
import io.millrace.api.predict.Predictions;
import io.millrace.api.predict.Predictors;
import io.millrace.api.project.OnlineStoreSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.PredictorLoader;
import io.millrace.features.online.FeatureServing;
import io.millrace.features.online.OnlineStores;
import io.millrace.features.online.RocksDbOnlineStore;
import io.millrace.features.predict.ModelStore;
import io.millrace.features.predict.OnlineScorer;
import io.millrace.server.Routes;
import io.millrace.server.features.FeatureRoutes;
import io.millrace.server.features.PredictRoutes;
import io.millrace.server.features.ServingLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The feature and prediction endpoints of {@code millrace serve}, built from the project: its online views read
 * from its online store (opened as a reader, beside a running {@code materialize} or stream job), and what the
 * endpoints answer when the project has nothing to serve. Closes the store it opened.
 */
public final class ServingRoutes implements AutoCloseable {
  private final List<Routes> routes = new ArrayList<>();
  private final List<String> endpoints = new ArrayList<>();
  private OnlineStore store;
  private CatchUpLoop catchUp;
  private long catchUpMillis = CATCH_UP_MILLIS;
  private io.millrace.server.metrics.MillraceMetrics metrics;

  /** How often the server's RocksDB reader catches up with the writer, at most, by default. */
  public static final long CATCH_UP_MILLIS = 100;
  private static final long NEVER_INLINE_MILLIS = TimeUnit.DAYS.toMillis(3650);

  private ServingRoutes() {}

  public static ServingRoutes open(ProjectContext ctx, ServingLimits limits) {
    return open(ctx, limits, CATCH_UP_MILLIS);
  }

  /**
   * @param catchUpMillis how often, at most, the RocksDB reader catches up with the store's writer
   */
  public static ServingRoutes open(ProjectContext ctx, ServingLimits limits, long catchUpMillis) {
    return open(ctx, limits, catchUpMillis, null);
  }

  /**
   * @param metrics where online lookups are counted and timed ({@code millrace_feature_lookups_total}); null: not
   */
  public static ServingRoutes open(ProjectContext ctx, ServingLimits limits, long catchUpMillis,
                                   io.millrace.server.metrics.MillraceMetrics metrics) {
    ServingRoutes s = new ServingRoutes();
    s.catchUpMillis = catchUpMillis;
    s.metrics = metrics;
    try {
      s.predictions(ctx, limits, s.features(ctx, limits));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The feature routes; returns the lookup, or null when the project serves no online features. */
  private OnlineFeatures features(ProjectContext ctx, ServingLimits limits) {
    ProjectSpec spec = ctx.spec();
    FeatureDefinitions defs = spec.features();
    List<String> online = defs.views().values().stream().filter(FeatureViewSpec::online).map(FeatureViewSpec::name)
        .toList();
    if (online.isEmpty()) {
      String why = defs.views().isEmpty() ? "the project declares no feature views (features/*.yaml)"
          : "no feature view is marked 'online: true' (views: " + String.join(", ", defs.views().keySet()) + ")";
      routes.add(FeatureRoutes.unavailable(why));
      endpoints.add("POST " + FeatureRoutes.PATH + "  (nothing to serve: " + why + ")");
      return null;
    }
    store = openReader(spec);
    OnlineFeatures lookup = FeatureServing.create(spec, store, ctx.warehouse());
    if (metrics != null) {
      lookup = new io.millrace.server.metrics.MeteredFeatures(lookup, metrics);
    }
    routes.add(new FeatureRoutes(defs, lookup, limits));
    endpoints.add("POST " + FeatureRoutes.PATH + "  (views " + String.join(", ", online)
        + (defs.services().isEmpty() ? "" : "; services " + String.join(", ", defs.services().keySet())) + ")");
    return lookup;
  }

  private void predictions(ProjectContext ctx, ServingLimits limits, OnlineFeatures lookup) {
    Predictors predictors = PredictorLoader.load(ctx.spec());
    String why = predictors.isEmpty() ? "the project declares no predictors (predictors/*.yaml)"
        : lookup == null ? "its features are not served online (no feature view is marked 'online: true')" : null;
    if (why != null) {
      routes.add(PredictRoutes.unavailable(why));
      endpoints.add("POST " + PredictRoutes.PATH + "  (nothing to serve: " + why + ")");
      return;
    }
    Predictions scorer = new OnlineScorer(predictors, ModelStore.of(ctx.spec()), lookup);
    routes.add(new PredictRoutes(scorer, predictors.byName().keySet(), limits));
    endpoints.add("POST " + PredictRoutes.PATH + "  (predictors " + String.join(", ", predictors.byName().keySet())
        + ")");
  }

  /**
   * The store as a reader beside any writer. RocksDB catches up with its writer on a background thread every
   * {@code catchUpMillis} rather than before lookups (the store's own default), keeping catch-ups off the
   * request path; Redis needs none.
   */
  private OnlineStore openReader(ProjectSpec spec) {
    if (spec.onlineStore().kind() != OnlineStoreSpec.Kind.ROCKSDB) {
      return OnlineStores.openReader(spec);
    }
    RocksDbOnlineStore reader = RocksDbOnlineStore.openReader(spec.onlineStore().path(), NEVER_INLINE_MILLIS);
    catchUp = new CatchUpLoop(reader, catchUpMillis);
    return reader;
  }

  public List<Routes> routes() {
    return routes;
  }

  /** One line per endpoint, for the start-up message. */
  public List<String> endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    if (catchUp != null) {
      catchUp.close();
      catchUp = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }
}

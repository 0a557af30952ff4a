package io.millrace.cli.internal;

import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineStore;
import io.millrace.api.project.ProjectSpec;
import io.millrace.features.online.FeatureServing;
import io.millrace.features.online.OnlineStores;
import io.millrace.server.Routes;
import io.millrace.server.features.FeatureRoutes;
import io.millrace.server.features.PredictRoutes;
import io.millrace.server.features.ServingLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature and prediction endpoints of {@code millrace serve}, built from the project: its online views read
 * from its online store (opened as a reader, beside a running {@code materialize} or stream job), and what the
 * endpoints answer when the project has nothing to serve. Closes the store it opened.
 */
public final class ServingRoutes implements AutoCloseable {
  private final List<Routes> routes = new ArrayList<>();
  private final List<String> endpoints = new ArrayList<>();
  private OnlineStore store;

  private ServingRoutes() {}

  public static ServingRoutes open(ProjectContext ctx, ServingLimits limits) {
    ServingRoutes s = new ServingRoutes();
    try {
      s.features(ctx, limits);
      s.predictions();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void features(ProjectContext ctx, ServingLimits limits) {
    ProjectSpec spec = ctx.spec();
    FeatureDefinitions defs = spec.features();
    List<String> online = defs.views().values().stream().filter(FeatureViewSpec::online).map(FeatureViewSpec::name)
        .toList();
    if (online.isEmpty()) {
      String why = defs.views().isEmpty() ? "the project declares no feature views (features/*.yaml)"
          : "no feature view is marked 'online: true' (views: " + String.join(", ", defs.views().keySet()) + ")";
      routes.add(FeatureRoutes.unavailable(why));
      endpoints.add("POST " + FeatureRoutes.PATH + "  (nothing to serve: " + why + ")");
      return;
    }
    store = OnlineStores.openReader(spec);
    routes.add(new FeatureRoutes(defs, FeatureServing.create(spec, store, ctx.warehouse()), limits));
    endpoints.add("POST " + FeatureRoutes.PATH + "  (views " + String.join(", ", online)
        + (defs.services().isEmpty() ? "" : "; services " + String.join(", ", defs.services().keySet())) + ")");
  }

  private void predictions() {
    String why = "online scoring is not wired into this build yet";
    routes.add(PredictRoutes.unavailable(why));
    endpoints.add("POST /predict/{predictor}  (" + why + ")");
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
    if (store != null) {
      store.close();
      store = null;
    }
  }
}

package io.millrace.server.features;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineFeatures;
import io.millrace.api.features.OnlineRequest;
import io.millrace.server.Routes;
import io.millrace.server.ServerOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /get-online-features}: Feast's feature server request and response, answered from the project's
 * online store.
 *
 * <p>The request is checked here before any lookup: its shape ({@link JsonRequests}), its size
 * ({@link ServingLimits}), its feature names against the project's views and services (404 naming the unknown one,
 * with the closest name) and its entity columns against the keys of the views it asks for (400 naming the missing
 * or unexpected column). Value types of the keys are checked by the {@link OnlineFeatures} implementation.
 * Thread-safe: one instance serves all requests.
 */
public final class FeatureRoutes implements Routes {
  public static final String PATH = "/get-online-features";
  static final String EXAMPLE = "{\"features\": [\"view:feature\"], \"entities\": {\"user_id\": [1, 2]}}";

  private final FeatureDefinitions definitions;
  private final OnlineFeatures online;
  private final String unavailable;
  private final ServingLimits limits;
  private final JsonRequests requests;

  private FeatureRoutes(FeatureDefinitions definitions, OnlineFeatures online, String unavailable,
      ServingLimits limits) {
    this.definitions = definitions;
    this.online = online;
    this.unavailable = unavailable;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.requests = new JsonRequests(limits);
  }

  /** Serves the project's feature views and services from {@code online}. */
  public FeatureRoutes(FeatureDefinitions definitions, OnlineFeatures online, ServingLimits limits) {
    this(Objects.requireNonNull(definitions, "definitions"), Objects.requireNonNull(online, "online"), null, limits);
  }

  /** The endpoint of a project that has nothing to serve: every request gets 404 with {@code reason}. */
  public static FeatureRoutes unavailable(String reason) {
    return new FeatureRoutes(null, null, Objects.requireNonNull(reason, "reason"), ServingLimits.DEFAULTS);
  }

  @Override
  public void register(JavalinConfig config, ServerOptions options) {
    Answers.register(config);
    config.routes.post(PATH, this::handle);
    Answers.postOnly(config, PATH, EXAMPLE);
  }

  private void handle(Context ctx) {
    if (online == null) {
      throw RequestFault.notFound("Cannot serve online features: %s", unavailable);
    }
    OnlineRequest request = requests.online(RequestBody.read(ctx, limits.maxBodyBytes()));
    checkEntities(request, resolve(request));
    Answers.ok(ctx, Answers.json().online(online.get(request)));
  }

  private List<FeatureRef> resolve(OnlineRequest request) {
    try {
      return request.service() != null ? definitions.service(request.service())
          : definitions.resolve(request.features());
    } catch (RequestFault e) {
      throw e;
    } catch (MillraceException e) {
      throw new RequestFault(404, e.getMessage());
    }
  }

  /** Every key column of the views asked for is given, and no other column. */
  private void checkEntities(OnlineRequest request, List<FeatureRef> refs) {
    Set<String> keys = new LinkedHashSet<>();
    for (String view : views(refs)) {
      FeatureViewSpec spec = definitions.views().get(view);
      for (String key : spec.entities()) {
        keys.add(key);
        if (!request.entities().containsKey(key)) {
          throw RequestFault.bad("Cannot look up features of view '%s': entity key '%s' is missing from 'entities' "
              + "(given: %s)", view, key, String.join(", ", request.entities().keySet()));
        }
      }
    }
    for (String given : request.entities().keySet()) {
      if (!keys.contains(given)) {
        throw RequestFault.bad("Cannot look up features: entity column '%s' is not a key of the views asked for "
            + "(keys: %s)", given, String.join(", ", keys));
      }
    }
  }

  private static List<String> views(List<FeatureRef> refs) {
    List<String> views = new ArrayList<>(2);
    for (FeatureRef r : refs) {
      if (!views.contains(r.view())) {
        views.add(r.view());
      }
    }
    return views;
  }
}

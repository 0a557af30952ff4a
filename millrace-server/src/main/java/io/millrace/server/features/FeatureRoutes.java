package io.millrace.server.features;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.OnlineFeatures;
import io.millrace.api.features.OnlineRequest;
import io.millrace.server.Routes;
import io.millrace.server.ServerOptions;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /get-online-features}: Feast's feature server request and response, answered from the project's
 * online store.
 *
 * <p>The request is checked here before any lookup: its shape ({@link JsonRequests}), its size
 * ({@link ServingLimits}) and its feature names against the project's views and services (404 naming the unknown
 * one, with the closest name). Entity columns against the views' keys, and key value types, are checked by the
 * {@link OnlineFeatures} implementation (400).
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
    resolve(request);
    Answers.ok(ctx, Answers.json().online(online.get(request)));
  }

  /** Unknown views, features and services are 404, named with the closest known name. */
  private void resolve(OnlineRequest request) {
    try {
      if (request.service() != null) {
        definitions.service(request.service());
      } else {
        definitions.resolve(request.features());
      }
    } catch (MillraceException e) {
      throw new RequestFault(404, e.getMessage());
    }
  }
}

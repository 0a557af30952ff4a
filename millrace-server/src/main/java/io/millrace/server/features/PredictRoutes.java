package io.millrace.server.features;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.millrace.api.Suggestions;
import io.millrace.api.predict.Predictions;
import io.millrace.server.Routes;
import io.millrace.server.ServerOptions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code POST /predict/{predictor}} with {@code {"entities": {"card_id": [7]}}}: the entities' online features,
 * then the predictor's model and rules, answered as one {@link io.millrace.api.predict.Prediction} in JSON
 * ({@code predictor}, {@code model_version}, and per entity row its {@code entity}, {@code score}, {@code label},
 * {@code decision} and {@code reasons}). An unknown predictor is 404 with the closest name. Thread-safe.
 */
public final class PredictRoutes implements Routes {
  public static final String PATH = "/predict/{predictor}";
  static final String EXAMPLE = "{\"entities\": {\"user_id\": [1]}}";

  private final Predictions predictions;
  private final Set<String> predictors;
  private final ServingLimits limits;
  private final JsonRequests requests;
  private final String unavailable;

  /**
   * @param predictions the scoring implementation
   * @param predictors the names of the project's predictors (others are answered 404)
   */
  public PredictRoutes(Predictions predictions, Set<String> predictors, ServingLimits limits) {
    this.predictions = Objects.requireNonNull(predictions, "predictions");
    this.predictors = Set.copyOf(predictors);
    this.limits = Objects.requireNonNull(limits, "limits");
    this.requests = new JsonRequests(limits);
    this.unavailable = null;
  }

  private PredictRoutes(String unavailable) {
    this.predictions = null;
    this.predictors = Set.of();
    this.limits = ServingLimits.DEFAULTS;
    this.requests = new JsonRequests(limits);
    this.unavailable = Objects.requireNonNull(unavailable, "unavailable");
  }

  /** The endpoint of a project that cannot score: every request gets 404 with {@code reason}. */
  public static PredictRoutes unavailable(String reason) {
    return new PredictRoutes(reason);
  }

  @Override
  public void register(JavalinConfig config, ServerOptions options) {
    Answers.register(config);
    config.routes.post(PATH, this::handle);
    Answers.postOnly(config, PATH, EXAMPLE);
  }

  private void handle(Context ctx) {
    String name = ctx.pathParam("predictor");
    if (unavailable != null) {
      throw RequestFault.notFound("Cannot score with predictor '%s': %s", name, unavailable);
    }
    if (!predictors.contains(name)) {
      throw RequestFault.notFound("Cannot find predictor '%s'%s", name, hint(name));
    }
    Map<String, List<Object>> entities = requests.predict(RequestBody.read(ctx, limits.maxBodyBytes()));
    Answers.ok(ctx, Answers.json().prediction(predictions.predict(name, entities)));
  }

  private String hint(String name) {
    if (predictors.isEmpty()) {
      return " (the project declares no predictors in predictors/*.yaml)";
    }
    return Suggestions.closest(name, predictors).map(s -> "; did you mean '" + s + "'?")
        .orElse(" (predictors: " + String.join(", ", predictors.stream().sorted().toList()) + ")");
  }
}

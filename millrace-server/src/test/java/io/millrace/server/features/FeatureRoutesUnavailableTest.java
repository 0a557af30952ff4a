package io.millrace.server.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureRoutesUnavailableTest {
  @Test
  void aProjectWithoutViewsOrPredictorsAnswers404SayingSo() throws Exception {
    try (MillraceServer server = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null),
        List.of(FeatureRoutes.unavailable("the project declares no feature views (features/*.yaml)"),
            PredictRoutes.unavailable("the project declares no predictors (predictors/*.yaml)")))) {
      Http http = new Http(server.port());
      HttpResponse<String> r = http.post(FeatureRoutes.PATH, "{\"features\": [\"u:f\"], \"entities\": {\"k\": [1]}}");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
      assertThat(r.body()).isEqualTo("{\"error\":\"Cannot serve online features: the project declares no feature "
          + "views (features/*.yaml)\",\"kind\":\"USER\",\"status\":404}");
      HttpResponse<String> get = http.get(FeatureRoutes.PATH);
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.body()).contains("use POST with a JSON body");
      HttpResponse<String> predict = http.post("/predict/fraud", "{\"entities\": {\"card_id\": [7]}}");
      assertThat(predict.statusCode()).isEqualTo(404);
      assertThat(predict.body()).contains("Cannot score with predictor 'fraud': the project declares no predictors");
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
    }
  }
}

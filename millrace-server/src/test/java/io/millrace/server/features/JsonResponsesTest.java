package io.millrace.server.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.features.FeatureStatus;
import io.millrace.api.features.OnlineResponse;
import io.millrace.api.predict.Prediction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonResponsesTest {
  private final JsonResponses json = new JsonResponses();

  @Test
  void writesFeastsResponseShapeColumnByColumn() {
    Instant t = Instant.parse("2021-12-31T23:00:00Z");
    Instant micros = Instant.parse("2022-01-02T03:04:05.123456Z");
    OnlineResponse r = new OnlineResponse(List.of("user_id", "conv_rate", "trips"), List.of(
        new OnlineResponse.Vector(List.of(1001L, 1002L),
            List.of(FeatureStatus.PRESENT, FeatureStatus.PRESENT), Arrays.asList(null, null)),
        new OnlineResponse.Vector(Arrays.asList(0.5, null),
            List.of(FeatureStatus.PRESENT, FeatureStatus.NOT_FOUND), Arrays.asList(t, null)),
        new OnlineResponse.Vector(List.of(308L, 7L),
            List.of(FeatureStatus.PRESENT, FeatureStatus.OUTSIDE_MAX_AGE), List.of(t, micros))));
    assertThat(new String(json.online(r), StandardCharsets.UTF_8)).isEqualTo(
        "{\"metadata\":{\"feature_names\":[\"user_id\",\"conv_rate\",\"trips\"]},\"results\":["
            + "{\"values\":[1001,1002],\"statuses\":[\"PRESENT\",\"PRESENT\"],"
            + "\"event_timestamps\":[\"1970-01-01T00:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
            + "{\"values\":[0.5,null],\"statuses\":[\"PRESENT\",\"NOT_FOUND\"],"
            + "\"event_timestamps\":[\"2021-12-31T23:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
            + "{\"values\":[308,7],\"statuses\":[\"PRESENT\",\"OUTSIDE_MAX_AGE\"],"
            + "\"event_timestamps\":[\"2021-12-31T23:00:00Z\",\"2022-01-02T03:04:05.123456Z\"]}]}");
  }

  @Test
  void writesValuesAsPlainJson() {
    OnlineResponse r = new OnlineResponse(List.of("v"), List.of(new OnlineResponse.Vector(
        Arrays.asList("a\"b", true, Double.NaN, Double.NEGATIVE_INFINITY, new java.math.BigDecimal("12.50"),
            List.of(1L, 2L), 3, 1.25f, Instant.parse("2024-05-06T07:08:09Z")),
        java.util.Collections.nCopies(9, FeatureStatus.PRESENT), java.util.Collections.nCopies(9, null))));
    assertThat(new String(json.online(r), StandardCharsets.UTF_8)).contains(
        "\"values\":[\"a\\\"b\",true,\"NaN\",\"-Infinity\",12.50,[1,2],3,1.25,\"2024-05-06T07:08:09Z\"]");
  }

  @Test
  void writesPredictionsAndErrors() {
    Prediction p = new Prediction("fraud", "3", List.of(new Prediction.Row(Map.of("card_id", 7L), 0.93, "1", "block",
        List.of(new Prediction.Reason("rule", "velocity", "tx_1h > 5", null),
            new Prediction.Reason("feature", "amount_ratio", "8.2", 0.41)))));
    assertThat(new String(json.prediction(p), StandardCharsets.UTF_8)).isEqualTo(
        "{\"predictor\":\"fraud\",\"model_version\":\"3\",\"rows\":[{\"entity\":{\"card_id\":7},\"score\":0.93,"
            + "\"label\":\"1\",\"decision\":\"block\",\"reasons\":["
            + "{\"kind\":\"rule\",\"name\":\"velocity\",\"detail\":\"tx_1h > 5\",\"contribution\":null},"
            + "{\"kind\":\"feature\",\"name\":\"amount_ratio\",\"detail\":\"8.2\",\"contribution\":0.41}]}]}");
    assertThat(new String(json.error("Cannot find \"x\"", 404), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"Cannot find \\\"x\\\"\",\"kind\":\"USER\",\"status\":404}");
  }
}

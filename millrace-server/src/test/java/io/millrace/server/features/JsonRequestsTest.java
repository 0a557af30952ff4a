package io.millrace.server.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.OnlineRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JsonRequestsTest {
  private final JsonRequests requests = new JsonRequests(new ServingLimits(3, 1024));

  private OnlineRequest online(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return requests.online(new RequestBody.Bytes(b, b.length));
  }

  private static void fault(ThrowingCallable call, int status, String... parts) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RequestFault.class, f -> {
      assertThat(f.status()).isEqualTo(status);
      assertThat(f.getMessage()).startsWith("Cannot ").contains(parts);
    });
  }

  @Test
  void readsFeastsRequestWithFeatureReferences() {
    OnlineRequest r = online("""
        {"features": ["user_stats:f1", "user_stats:f2", "other"],
         "entities": {"user_id": [1, 2, 3], "country": ["fr", "de", "it"]},
         "full_feature_names": true}""");
    assertThat(r.features()).containsExactly(new FeatureRef("user_stats", "f1"), new FeatureRef("user_stats", "f2"),
        new FeatureRef("other", null));
    assertThat(r.service()).isNull();
    assertThat(r.entities()).containsOnlyKeys("user_id", "country");
    assertThat(r.entities().get("user_id")).containsExactly(1L, 2L, 3L);
    assertThat(r.entities().get("country")).containsExactly("fr", "de", "it");
    assertThat(r.fullFeatureNames()).isTrue();
  }

  @Test
  void readsAFeatureServiceAndKeyTypes() {
    OnlineRequest r = online("{\"feature_service\": \"churn\", \"entities\": {\"k\": [1.5, true, \"x\"]}}");
    assertThat(r.service()).isEqualTo("churn");
    assertThat(r.features()).isEmpty();
    assertThat(r.fullFeatureNames()).isFalse();
    assertThat(r.entities().get("k")).containsExactly(1.5, Boolean.TRUE, "x");
  }

  @Test
  void namesThePositionOfMalformedJson() {
    fault(() -> online("{\"features\": [\"u:f1\",, ], \"entities\": {}}"), 400, "malformed JSON at line 1, column 22");
    fault(() -> online("{\"features\": [\"u:f1\"],\n \"entities\": {\"user_id\": [1, 2]"), 400,
        "malformed JSON at line 2");
    fault(() -> online(""), 400, "it is empty");
    fault(() -> online("[1, 2]"), 400, "expected a JSON object, found a list");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [1]}} {}"), 400,
        "extra content (an object) after the JSON object at line 1, column 47");
  }

  @Test
  void refusesBothOrNeitherFeaturesAndService() {
    fault(() -> online("{\"features\": [\"u:f\"], \"feature_service\": \"s\", \"entities\": {\"k\": [1]}}"), 400,
        "either 'features' or 'feature_service', not both");
    fault(() -> online("{\"entities\": {\"k\": [1]}}"), 400, "it needs 'features'");
    fault(() -> online("{\"features\": [], \"entities\": {\"k\": [1]}}"), 400, "'features' is empty");
    fault(() -> online("{\"features\": \"u:f\", \"entities\": {\"k\": [1]}}"), 400,
        "'features' is a string; expected a list");
    fault(() -> online("{\"features\": [\"u:f\", 3], \"entities\": {\"k\": [1]}}"), 400, "'features' item 2 is a number");
    fault(() -> online("{\"features\": [\"u:f:g\"], \"entities\": {\"k\": [1]}}"), 400, "'features' item 1", "u:f:g");
    fault(() -> online("{\"feature_service\": 7, \"entities\": {\"k\": [1]}}"), 400, "'feature_service' is a number");
  }

  @Test
  void refusesBadEntities() {
    fault(() -> online("{\"features\": [\"u:f\"]}"), 400, "it needs 'entities'");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {}}"), 400, "'entities' is empty");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": []}"), 400, "'entities' is a list; expected an object");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": 1}}"), 400,
        "entity column 'k' is a number; expected a list");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": []}}"), 400, "entity column 'k' has no values");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"a\": [1, 2], \"b\": [1]}}"), 400,
        "unequal lengths: 'a' has 2 values, 'b' has 1");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [1, null]}}"), 400, "entity 'k' row 2 is null");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [{\"id\": 1}]}}"), 400,
        "entity 'k' row 1 is an object");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [99999999999999999999]}}"), 400,
        "99999999999999999999 is out of the 64-bit integer range");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [1], \"k\": [2]}}"), 400,
        "entity column 'k' is given twice");
  }

  @Test
  void refusesUnknownRepeatedAndMistypedFields() {
    fault(() -> online("{\"feature\": [\"u:f\"], \"entities\": {\"k\": [1]}}"), 400, "unknown field 'feature'",
        "features, feature_service, entities, full_feature_names");
    fault(() -> online("{\"features\": [\"u:f\"], \"features\": [\"u:g\"], \"entities\": {\"k\": [1]}}"), 400,
        "field 'features' is given twice");
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [1]}, \"full_feature_names\": \"yes\"}"), 400,
        "'full_feature_names' is a string; expected true or false");
  }

  @Test
  void refusesMoreEntityRowsThanTheLimitWith413() {
    assertThat(online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [1, 2, 3]}}").entities().get("k")).hasSize(3);
    fault(() -> online("{\"features\": [\"u:f\"], \"entities\": {\"k\": [1, 2, 3, 4]}}"), 413,
        "entity column 'k' has more than 3 rows");
  }

  @Test
  void refusesDeeplyNestedJsonWithoutStackOverflow() {
    String deep = "{\"entities\": {\"k\": " + "[".repeat(5000) + "]".repeat(5000) + "}}";
    fault(() -> online(deep), 400, "entity 'k' row 1 is a list");
    String deeper = "{\"x\": " + "[".repeat(100) + "}";
    fault(() -> online(deeper), 400, "unknown field 'x'");
  }

  @Test
  void readsPredictBodies() {
    byte[] b = "{\"entities\": {\"card_id\": [7, 8]}}".getBytes(StandardCharsets.UTF_8);
    assertThat(requests.predict(new RequestBody.Bytes(b, b.length))).containsEntry("card_id", List.of(7L, 8L));
    byte[] bad = "{\"entity\": {\"card_id\": [7]}}".getBytes(StandardCharsets.UTF_8);
    fault(() -> requests.predict(new RequestBody.Bytes(bad, bad.length)), 400, "unknown field 'entity'");
  }
}

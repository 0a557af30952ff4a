package io.millrace.server.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.LogicalType;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureServiceSpec;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.features.OnlineRow;
import io.millrace.features.online.FeatureServing;
import io.millrace.features.online.RocksDbOnlineStore;
import io.millrace.server.MillraceServer;
import io.millrace.server.ServerOptions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /get-online-features} over HTTP, answered by the real lookup ({@link FeatureServing}) from a real
 * RocksDB online store: Feast's shapes and statuses, and every kind of bad request, after which the server still
 * answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlineFeaturesHttpTest {
  static final Instant NOW = Instant.parse("2024-01-01T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  RocksDbOnlineStore store;
  MillraceServer server;
  Http http;

  @BeforeAll
  void start() {
    FeatureViewSpec users = new FeatureViewSpec("user_stats", "features/u.yaml:2:3", List.of("user_id"), "rows", "ts",
        null, Duration.ofHours(1), List.of(new FeatureColumn("f1", null), new FeatureColumn("f2", null),
        new FeatureColumn("f3", null)), true);
    FeatureViewSpec merchants = new FeatureViewSpec("merchant", "features/m.yaml:2:3", List.of("merchant", "country"),
        "m", "ts", null, null, List.of(new FeatureColumn("risk", null)), true);
    Map<String, FeatureViewSpec> views = new LinkedHashMap<>();
    views.put(users.name(), users);
    views.put(merchants.name(), merchants);
    FeatureDefinitions defs = new FeatureDefinitions(views, Map.of("churn", new FeatureServiceSpec("churn", null,
        List.of(FeatureRef.parse("user_stats:f1"), FeatureRef.parse("user_stats:f2")))));
    store = RocksDbOnlineStore.open(dir.resolve("online"));
    store.write("user_stats", List.of(
        new OnlineRow(EntityKey.of(1L), NOW.minus(Duration.ofMinutes(10)), Map.of("f1", 0.5, "f2", 3L, "f3", "gold")),
        new OnlineRow(EntityKey.of(2L), NOW.minus(Duration.ofHours(2)), Map.of("f1", 0.25, "f2", 7L, "f3", "tin"))));
    store.write("merchant", List.of(
        new OnlineRow(EntityKey.of("acme", "FR"), Instant.parse("2023-12-31T23:00:00.123456Z"), Map.of("risk", 0.9))));
    FeatureServing lookup = new FeatureServing(defs, store, Map.of("user_stats", List.of(LogicalType.BIGINT),
        "merchant", List.of(LogicalType.VARCHAR, LogicalType.VARCHAR)), Clock.fixed(NOW, ZoneOffset.UTC));
    server = MillraceServer.start(new ServerOptions("127.0.0.1", 0, null),
        List.of(new FeatureRoutes(defs, lookup, new ServingLimits(100, 4096))));
    http = new Http(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<String> lookup(String body) throws Exception {
    return http.post(FeatureRoutes.PATH, body);
  }

  private static void error(HttpResponse<String> r, int status, String... parts) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("kind").asText()).isEqualTo("USER");
    assertThat(body.path("error").asText()).startsWith("Cannot ").contains(parts);
  }

  @Test
  void answersFeastsShapeWithPresentNotFoundAndOutsideMaxAge() throws Exception {
    HttpResponse<String> r = lookup("""
        {"features": ["user_stats:f1", "user_stats:f2", "user_stats:f3"], "entities": {"user_id": [1, 2, 3]}}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/json"));
    assertThat(r.body()).isEqualTo("{\"metadata\":{\"feature_names\":[\"user_id\",\"f1\",\"f2\",\"f3\"]},\"results\":["
        + "{\"values\":[1,2,3],\"statuses\":[\"PRESENT\",\"PRESENT\",\"PRESENT\"],\"event_timestamps\":"
        + "[\"1970-01-01T00:00:00Z\",\"1970-01-01T00:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
        + "{\"values\":[0.5,null,null],\"statuses\":[\"PRESENT\",\"OUTSIDE_MAX_AGE\",\"NOT_FOUND\"],\"event_timestamps\":"
        + "[\"2024-01-01T11:50:00Z\",\"2024-01-01T10:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
        + "{\"values\":[3,null,null],\"statuses\":[\"PRESENT\",\"OUTSIDE_MAX_AGE\",\"NOT_FOUND\"],\"event_timestamps\":"
        + "[\"2024-01-01T11:50:00Z\",\"2024-01-01T10:00:00Z\",\"1970-01-01T00:00:00Z\"]},"
        + "{\"values\":[\"gold\",null,null],\"statuses\":[\"PRESENT\",\"OUTSIDE_MAX_AGE\",\"NOT_FOUND\"],"
        + "\"event_timestamps\":[\"2024-01-01T11:50:00Z\",\"2024-01-01T10:00:00Z\",\"1970-01-01T00:00:00Z\"]}]}");
  }

  @Test
  void servesAFeatureServiceWithFullFeatureNames() throws Exception {
    JsonNode r = JSON.readTree(lookup("""
        {"feature_service": "churn", "entities": {"user_id": [1]}, "full_feature_names": true}""").body());
    assertThat(r.at("/metadata/feature_names").toString())
        .isEqualTo("[\"user_id\",\"user_stats__f1\",\"user_stats__f2\"]");
    assertThat(r.at("/results/1/values/0").asDouble()).isEqualTo(0.5);
    assertThat(r.at("/results/2/values/0").asLong()).isEqualTo(3L);
  }

  @Test
  void servesCompositeStringKeysAndWholeViews() throws Exception {
    JsonNode r = JSON.readTree(lookup("""
        {"features": ["merchant"], "entities": {"merchant": ["acme", "acme"], "country": ["FR", "DE"]}}""").body());
    assertThat(r.at("/metadata/feature_names").toString()).isEqualTo("[\"merchant\",\"country\",\"risk\"]");
    assertThat(r.at("/results/2").toString()).isEqualTo("{\"values\":[0.9,null],\"statuses\":[\"PRESENT\",\"NOT_FOUND\"],"
        + "\"event_timestamps\":[\"2023-12-31T23:00:00.123456Z\",\"1970-01-01T00:00:00Z\"]}");
  }

  @Test
  void unknownNamesAre404WithTheClosestName() throws Exception {
    error(lookup("{\"features\": [\"user_stats:f9\"], \"entities\": {\"user_id\": [1]}}"), 404,
        "feature 'f9' in view 'user_stats'", "did you mean 'f1'?");
    error(lookup("{\"features\": [\"user_stat:f1\"], \"entities\": {\"user_id\": [1]}}"), 404,
        "feature view 'user_stat'", "did you mean 'user_stats'?");
    error(lookup("{\"feature_service\": \"chrun\", \"entities\": {\"user_id\": [1]}}"), 404,
        "feature service 'chrun'", "did you mean 'churn'?");
  }

  @Test
  void badEntitiesAre400NamingTheFault() throws Exception {
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"uid\": [1]}}"), 400, "'user_id'",
        "missing from 'entities'");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1], \"shop\": [2]}}"), 400,
        "'shop' is not a key");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [\"abc\"]}}"), 400, "user_id", "abc");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1, null]}}"), 400, "row 2 is null");
    error(lookup("{\"features\": [\"merchant:risk\"], \"entities\": {\"merchant\": [\"a\"], \"country\": []}}"), 400,
        "'country' has no values");
    error(lookup("{\"features\": [\"merchant:risk\"], \"entities\": {\"merchant\": [\"a\", \"b\"], \"country\": [\"FR\"]}}"),
        400, "unequal lengths");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {}}"), 400, "'entities' is empty");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"feature_service\": \"churn\", \"entities\": {\"user_id\": [1]}}"),
        400, "not both");
    error(lookup("{\"entities\": {\"user_id\": [1]}}"), 400, "'features'", "'feature_service'");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1]"), 400,
        "malformed JSON at line 1, column 60", "expected close marker for Object (start marker at line 1, column 45)");
  }

  @Test
  void oversizedRequestsAre413() throws Exception {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      ids.append(i == 0 ? "" : ",").append(i);
    }
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [" + ids + "]}}"), 413,
        "more than 100 rows");
    error(lookup("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1]}, \"pad\": \""
        + "x".repeat(5000) + "\"}"), 413, "over the limit of 4096 bytes");
  }

  @Test
  void survivesABarrageOfBadRequestsAndThenAnswersAGoodOne() throws Exception {
    List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "{", "}", "{\"features\":", "\u0000\u0001\u0002",
        "{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1]}} trailing",
        "{\"features\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], \"entities\": {}}",
        "{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1e999999]}}",
        "{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [18446744073709551616]}}",
        "{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [1.5]}}",
        "{\"features\": [\"user_stats:\"], \"entities\": {\"user_id\": [1]}}",
        "{\"features\": [\"::\"], \"entities\": {\"user_id\": [1]}}",
        "{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [\"\\ud800\"]}}",
        "\"just a string\"", "{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [true]}}"));
    for (int i = 0; i < 30; i++) {
      bodies.add("{\"features\": [\"user_stats:f1\"], \"entities\": {\"user_id\": [" + "9".repeat(i * 3 + 1) + "x]}}");
    }
    for (String body : bodies) {
      HttpResponse<String> r = lookup(body);
      assertThat(r.statusCode()).as(body + " -> " + r.body()).isBetween(400, 499);
      assertThat(JSON.readTree(r.body()).path("error").asText()).as(body).startsWith("Cannot ");
    }
    // requests no HTTP client would send: a lying Content-Length, garbage instead of HTTP, a huge header
    http.raw(("POST /get-online-features HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{\"fea")
        .getBytes(StandardCharsets.ISO_8859_1));
    http.raw("\u0016\u0003\u0001garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    http.raw(("POST /get-online-features HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(100_000) + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    HttpResponse<String> ok = lookup("{\"features\": [\"user_stats:f2\"], \"entities\": {\"user_id\": [1]}}");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).at("/results/1/values/0").asLong()).isEqualTo(3L);
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
  }
}

package io.millrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.stream.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/fraud end to end through the CLI, on generated data smaller than the example's default
 * (3,000 cards, 80,000 legitimate transactions over 60 days): the batch run, its point-in-time
 * features checked against independent formulations, a point-in-time training set, and the stream
 * job fed with the same transactions giving the same velocity and amount features as the batch model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FraudExampleTest {
  Path dir;
  Path project;
  CliRun run;

  @BeforeAll
  void runExample(@TempDir Path dir) throws Exception {
    this.dir = dir;
    project = CliRun.copyExample("fraud", dir);
    run = CliRun.of("run", project.toString(), "--var", "cards=3000", "--var", "transactions=80000");
  }

  @Test
  void runSucceedsWithEveryTableAndLabelledFraud() {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(scalar("SELECT count(*) FROM cards")).isEqualTo(3000);
    long txns = scalar("SELECT count(*) FROM card_transactions");
    long fraud = scalar("SELECT count(*) FROM card_transactions WHERE is_fraud");
    assertThat(txns - fraud).isEqualTo(80_000);
    assertThat(fraud).as("about 0.5% fraud").isBetween(150L, 800L);
    assertThat(scalar("SELECT count(*) FROM txn_features")).isEqualTo(txns);
    assertThat(scalar("SELECT count(*) FROM fraud_labels")).isEqualTo(txns);
  }

  @Test
  void fraudFollowsThePatternsTheFeaturesSee() {
    // share of rows, in percent, with a burst (3+ in an hour), far from home, or 3x the card's mean
    String by = "SELECT %s FROM txn_features JOIN card_transactions USING (transaction_id) WHERE is_fraud = %s";
    for (String pattern : new String[] {"txn_count_1h >= 3", "distance_km > 1000", "amount_ratio > 3"}) {
      long inFraud = scalar(String.format(by, "CAST(100 * avg(CAST(" + pattern + " AS INTEGER)) AS BIGINT)", "true"));
      long inLegit = scalar(String.format(by, "CAST(100 * avg(CAST(" + pattern + " AS INTEGER)) AS BIGINT)", "false"));
      assertThat(inFraud).as(pattern).isGreaterThan(5 * Math.max(1, inLegit));
    }
  }

  @Test
  void velocityAndAmountFeaturesArePointInTime() {
    // an independent formulation (correlated subqueries) on every 20th transaction: counts over
    // (ts - 1h, ts] and (ts - 24h, ts], the mean of the card's amounts up to this transaction
    assertThat(scalar("SELECT count(*) FROM txn_features f WHERE transaction_id % 20 = 0 AND ("
        + "txn_count_1h <> (SELECT count(*) FROM card_transactions p WHERE p.card_id = f.card_id "
        + "  AND p.ts > f.ts - INTERVAL 1 HOUR AND p.ts <= f.ts) "
        + "OR txn_count_24h <> (SELECT count(*) FROM card_transactions p WHERE p.card_id = f.card_id "
        + "  AND p.ts > f.ts - INTERVAL 24 HOUR AND p.ts <= f.ts) "
        + "OR abs(avg_amount - (SELECT avg(amount) FROM card_transactions p WHERE p.card_id = f.card_id "
        + "  AND (p.ts < f.ts OR (p.ts = f.ts AND p.transaction_id <= f.transaction_id)))) > 1e-6 "
        + "OR abs(amount_ratio - amount / avg_amount) > 1e-9)")).isZero();
    assertThat(scalar("SELECT count(*) FROM txn_features WHERE transaction_id % 20 = 0")).isGreaterThan(3000);
  }

  @Test
  void distanceIsHaversineFromTheCardsHome() {
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv", "SELECT c.home_lat, c.home_lon, t.merchant_lat, "
        + "t.merchant_lon, f.distance_km FROM txn_features f JOIN card_transactions t USING (transaction_id) "
        + "JOIN cards c ON c.card_id = t.card_id WHERE f.transaction_id % 97 = 0");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> rows = r.out().lines().skip(1).toList();
    assertThat(rows).hasSizeGreaterThan(500);
    int far = 0;
    for (String row : rows) {
      double[] v = java.util.Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray();
      double expected = haversineKm(v[0], v[1], v[2], v[3]);
      assertThat(v[4]).as(row).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, expected)));
      far += expected > 1000 ? 1 : 0;
    }
    assertThat(far).as("some transactions are far from home").isPositive();
  }

  @Test
  void trainingSetJoinsEachTransactionWithItsOwnFeatures() {
    Path out = project.resolve("train.csv");
    CliRun ts = CliRun.of("training-set", project.toString(), "--entities", "fraud_labels", "--service", "fraud",
        "--out", out.toString());
    assertThat(ts.exitCode()).as(ts.toString()).isZero();
    // transactions alone at their instant on their card (two at the same instant share the later one's)
    CliRun check = CliRun.of("sql", project.toString(), "--format", "csv", "WITH f AS (SELECT *, count(*) OVER "
        + "(PARTITION BY card_id, ts) AS same_instant FROM txn_features) SELECT count(*), count(*) FILTER (WHERE "
        + "s.txn_count_1h IS DISTINCT FROM f.txn_count_1h OR s.distance_km IS DISTINCT FROM f.distance_km) "
        + "FROM read_csv('" + out + "') s JOIN f USING (transaction_id) WHERE same_instant = 1");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    String[] counts = check.out().lines().skip(1).findFirst().orElseThrow().split(",");
    assertThat(Long.parseLong(counts[0])).isGreaterThan(70_000);
    assertThat(Long.parseLong(counts[1])).as("features of another transaction").isZero();
  }

  @Test
  void streamJobComputesTheSameVelocityAndAmountFeaturesAsTheBatchModel() throws Exception {
    assertThat(run.exitCode()).isZero();
    Path events = project.resolve("data/events.jsonl");
    CliRun export = CliRun.of("sql", project.toString(), "--write", "COPY (SELECT transaction_id, card_id, amount, "
        + "merchant_id, merchant_lat, merchant_lon, channel, strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS ts "
        + "FROM card_transactions WHERE ts < TIMESTAMP '2025-01-03' ORDER BY ts, transaction_id) TO '" + events
        + "' (FORMAT json)");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    long n = scalar("SELECT count(*) FROM card_transactions WHERE ts < TIMESTAMP '2025-01-03'");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      String servers = kafka.bootstrapServers();
      CliRun produce = CliRun.of("produce", project.toString(), "--job", "card_transactions", "--from",
          events.toString(), "--bootstrap-servers", servers, "--format", "json");
      assertThat(produce.exitCode()).as(produce.toString()).isZero();
      assertThat(new ObjectMapper().readTree(produce.out()).get("acknowledged").asLong()).isEqualTo(n);
      CliRun stream = CliRun.of("stream", project.toString(), "--job", "card_transactions", "--bootstrap-servers",
          servers, "--from-beginning", "--until-idle", "3", "--format", "json");
      assertThat(stream.exitCode()).as(stream.toString()).isZero();
      JsonNode summary = new ObjectMapper().readTree(stream.out());
      JsonNode s = summary.isArray() ? summary.get(0) : summary;
      assertThat(s.get("valid").asLong()).isEqualTo(n);
    }
    // each card's stream features (as of its latest event) equal the batch row of its latest transaction
    String compare = "WITH last AS (SELECT * FROM txn_features WHERE ts < TIMESTAMP '2025-01-03' "
        + "QUALIFY row_number() OVER (PARTITION BY card_id ORDER BY ts DESC, transaction_id DESC) = 1) "
        + "SELECT %s FROM card_transactions_features s JOIN last l USING (card_id)";
    assertThat(scalar(String.format(compare, "count(*)"))).isEqualTo(
        scalar("SELECT count(DISTINCT card_id) FROM card_transactions WHERE ts < TIMESTAMP '2025-01-03'"));
    assertThat(scalar(String.format(compare, "count(*) FILTER (WHERE s.txn_count_1h <> l.txn_count_1h "
        + "OR s.txn_count_24h <> l.txn_count_24h OR abs(s.avg_amount - l.avg_amount) > 1e-9 "
        + "OR abs(s.amount_ratio - l.amount_ratio) > 1e-9 OR abs(s.max_amount_24h - l.max_amount_24h) > 1e-9)")))
        .isZero();
  }

  @Test
  void trainsWithHeldOutAucWellAbove05ThenServesDecisionsWithReasons() throws Exception {
    assertThat(run.exitCode()).isZero();
    CliRun train = CliRun.of("train", project.toString(), "--predictor", "fraud", "--format", "json");
    assertThat(train.exitCode()).as(train.toString()).isZero();
    JsonNode trained = new ObjectMapper().readTree(train.out());
    System.out.println("fraud example, held-out metrics: " + trained.get("metrics"));
    assertThat(trained.get("metrics").get("auc").asDouble()).as(train.out()).isGreaterThan(0.85);

    CliRun mat = CliRun.of("materialize", project.toString(), "--views", "card_txn", "--until", "2025-03-02T00:00:00Z");
    assertThat(mat.exitCode()).as(mat.toString()).isZero();
    // a card whose latest transaction is a far-away fraud, and a card whose latest one is an ordinary purchase at home
    long risky = scalar("SELECT card_id FROM (SELECT f.*, t.is_fraud FROM txn_features f JOIN card_transactions t "
        + "USING (transaction_id) QUALIFY row_number() OVER (PARTITION BY f.card_id ORDER BY f.ts DESC, "
        + "f.transaction_id DESC) = 1) WHERE is_fraud AND distance_km > 1000 ORDER BY card_id LIMIT 1");
    long calm = scalar("SELECT card_id FROM (SELECT f.*, t.is_fraud FROM txn_features f JOIN card_transactions t "
        + "USING (transaction_id) QUALIFY row_number() OVER (PARTITION BY f.card_id ORDER BY f.ts DESC, "
        + "f.transaction_id DESC) = 1) WHERE NOT is_fraud AND distance_km < 50 AND amount_ratio < 1.5 "
        + "AND txn_count_1h = 1 ORDER BY card_id LIMIT 1");

    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Process server = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), "io.millrace.cli.Main",
        "serve", project.toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
    try {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.net.URI base = java.net.URI.create("http://127.0.0.1:" + port);
      long deadline = System.nanoTime() + 60_000_000_000L;
      boolean up = false;
      while (!up && System.nanoTime() < deadline && server.isAlive()) {
        try {
          up = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/health")).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (java.io.IOException notYet) {
          Thread.sleep(250);
        }
      }
      assertThat(up).as(java.nio.file.Files.readString(dir.resolve("serve.log"))).isTrue();
      java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/predict/fraud"))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                  "{\"entities\": {\"card_id\": [" + risky + ", " + calm + "]}}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode rows = new ObjectMapper().readTree(r.body()).get("rows");
      assertThat(rows).hasSize(2);
      JsonNode riskyRow = rows.get(0);
      JsonNode calmRow = rows.get(1);
      assertThat(riskyRow.get("decision").asText()).as(r.body()).isIn("review", "block");
      assertThat(riskyRow.get("reasons").toString()).as(r.body()).contains("far_away");
      assertThat(calmRow.get("decision").asText()).as(r.body()).isEqualTo("approve");
      assertThat(riskyRow.get("score").asDouble()).isGreaterThan(calmRow.get("score").asDouble());
      assertThat(calmRow.get("reasons").size()).as("feature contributions").isPositive();
    } finally {
      server.destroy();
      server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
  }

  private long scalar(String sql) {
    CliRun r = CliRun.of("sql", project.toString(), "--format", "csv", sql);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().trim());
  }
}

package io.millrace.features.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.predict.Prediction;
import io.millrace.api.predict.Predictors;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.project.PredictorLoader;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.features.online.FeatureServing;
import io.millrace.features.online.RocksDbOnlineStore;
import io.millrace.features.predict.internal.Scorer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Online scoring over a real RocksDB online store: same scores as batch, rules, versions, concurrency. */
class OnlineScorerTest {
  @TempDir static Path dir;
  static DuckDbEngine engine;
  static EngineSession session;
  static ProjectSpec project;
  static RocksDbOnlineStore store;
  static OnlineScorer scorer;
  static Predictors predictors;

  @BeforeAll
  static void setUp() throws Exception {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    session = engine.session();
    project = PredictorFixture.create(dir, session);
    predictors = PredictorLoader.load(project);
    Trainer.train(project, predictors.get("gbt"), session, null, ModelStore.of(project), null);
    store = RocksDbOnlineStore.open(dir.resolve("online"));
    Instant now = Instant.now();
    store.write("u", List.of(
        new OnlineRow(EntityKey.of(1L), now, values(0.99, 0.1, null)),
        new OnlineRow(EntityKey.of(2L), now, values(0.05, 0.05, 0.5)),
        new OnlineRow(EntityKey.of(3L), now, values(0.9, 0.9, 0.5))));
    FeatureServing serving = new FeatureServing(project.features(), store, Map.of("u", List.of(LogicalType.BIGINT)),
        Clock.systemUTC());
    scorer = new OnlineScorer(predictors, ModelStore.of(project), serving, Map.of(), 0);
  }

  @AfterAll
  static void tearDown() {
    store.close();
    session.close();
    engine.close();
  }

  private static Map<String, Object> values(Double f1, Double f2, Double f3) {
    Map<String, Object> m = new HashMap<>();
    m.put("f1", f1);
    m.put("f2", f2);
    m.put("f3", f3);
    return m;
  }

  @Test
  void scoresOnlineFeaturesAsBatchScoringDoesWithRulesAndReasons() {
    Prediction p = scorer.predict("gbt", Map.of("user_id", List.of(1, 2, 3, 404)));
    assertThat(p.predictor()).isEqualTo("gbt");
    assertThat(p.modelVersion()).isEqualTo(ModelStore.of(project).latest("gbt").orElseThrow());
    assertThat(p.rows()).hasSize(4);
    Scorer batch = Scorer.load(predictors.get("gbt"), ModelStore.of(project).dir("gbt", null));
    List<Prediction.Row> expected = batch.score(List.of(values(0.99, 0.1, null), values(0.05, 0.05, 0.5),
        values(0.9, 0.9, 0.5), values(null, null, null)), List.of(Map.of(), Map.of(), Map.of(), Map.of()));
    for (int i = 0; i < 4; i++) {
      assertThat(p.rows().get(i).score()).isCloseTo(expected.get(i).score(), within(1e-9));
      assertThat(p.rows().get(i).decision()).isEqualTo(expected.get(i).decision());
    }
    assertThat(p.rows().get(0).entity()).containsEntry("user_id", 1L);
    assertThat(p.rows().get(0).decision()).isEqualTo("block");
    assertThat(p.rows().get(0).reasons().get(0).name()).isEqualTo("f1_high");
    assertThat(p.rows().get(1).decision()).isEqualTo("approve");
    assertThat(p.rows().get(2).decision()).isEqualTo("block");
    assertThat(p.rows().get(2).reasons()).extracting(Prediction.Reason::kind).containsOnly("feature");
    assertThat(p.rows().get(3).entity()).containsEntry("user_id", 404L); // unknown entity: features missing, still scored
  }

  @Test
  void isThreadSafeUnderConcurrentRequests() throws Exception {
    Map<String, List<Object>> keys = Map.of("user_id", List.of(1, 2, 3));
    List<Double> once = scorer.predict("gbt", keys).rows().stream().map(Prediction.Row::score).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Double>>> all = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        all.add(pool.submit(() -> scorer.predict("gbt", keys).rows().stream().map(Prediction.Row::score).toList()));
      }
      for (Future<List<Double>> f : all) {
        assertThat(f.get()).isEqualTo(once);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAnUnknownPredictorOrMissingKeys() {
    assertThatThrownBy(() -> scorer.predict("gtb", Map.of("user_id", List.of(1)))).isInstanceOf(MillraceException.class)
        .hasMessageContaining("Cannot find predictor 'gtb'; did you mean 'gbt'?");
    assertThatThrownBy(() -> scorer.predict("gbt", Map.of("item_id", List.of(1)))).isInstanceOf(MillraceException.class)
        .hasMessageContaining("user_id");
  }
}

package io.millrace.benchmarks;

import io.millrace.api.LogicalType;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import io.millrace.api.predict.Predictors;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.PredictorLoader;
import io.millrace.core.project.ProjectLoader;
import io.millrace.features.online.FeatureServing;
import io.millrace.features.online.RocksDbOnlineStore;
import io.millrace.features.predict.ModelStore;
import io.millrace.features.predict.OnlineScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * In-process latency of online scoring ({@code OnlineScorer.predict}, what {@code POST /predict} calls):
 * one entity per call, its 10 features read from a RocksDB online store of N entities, then the
 * trained model (with SHAP contributions as reasons) and the rules. One thread, after warm-up. The
 * baseline in the same run is the feature lookup alone ({@code FeatureServing.get}), so the model's
 * share is the difference.
 *
 * <p>usage: ScoringLatency PROJECT PREDICTOR VIEW ENTITIES CALLS WORK_DIR (a trained predictor whose
 * features are all in VIEW, entity key user_id)
 */
public final class ScoringLatency {
  private ScoringLatency() {}

  public static void main(String[] args) throws Exception {
    ProjectSpec project = ProjectLoader.load(Path.of(args[0]), Map.of());
    String predictor = args[1];
    String view = args[2];
    int entities = Integer.parseInt(args[3]);
    int calls = Integer.parseInt(args[4]);
    Path work = Files.createDirectories(Path.of(args[5]));
    Predictors predictors = PredictorLoader.load(project);
    List<String> features = project.features().views().get(view).featureNames();
    Random rnd = new Random(7);
    try (RocksDbOnlineStore store = RocksDbOnlineStore.open(work.resolve("online"))) {
      Instant now = Instant.now();
      List<OnlineRow> rows = new ArrayList<>();
      for (long u = 0; u < entities; u++) {
        Map<String, Object> values = new HashMap<>();
        features.forEach(f -> values.put(f, rnd.nextDouble()));
        rows.add(new OnlineRow(EntityKey.of(u), now, values));
        if (rows.size() == 10_000) {
          store.write(view, rows);
          rows.clear();
        }
      }
      store.write(view, rows);
      FeatureServing serving = new FeatureServing(project.features(), store, Map.of(view, List.of(LogicalType.BIGINT)),
          Clock.systemUTC());
      OnlineScorer scorer = new OnlineScorer(predictors, ModelStore.of(project), serving);
      var refs = features.stream().map(f -> io.millrace.api.features.FeatureRef.parse(view + ":" + f)).toList();
      report("lookup only", calls, entities, rnd, keys -> serving.get(new io.millrace.api.features.OnlineRequest(refs,
          null, keys, false)));
      report("predict", calls, entities, rnd, keys -> scorer.predict(predictor, keys));
    }
  }

  private static void report(String label, int calls, int entities, Random rnd,
                             java.util.function.Consumer<Map<String, List<Object>>> call) {
    for (int i = 0; i < Math.min(calls, 20_000); i++) {
      call.accept(Map.of("user_id", List.of((long) rnd.nextInt(entities))));
    }
    long[] ns = new long[calls];
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      Map<String, List<Object>> keys = Map.of("user_id", List.of((long) rnd.nextInt(entities)));
      long s = System.nanoTime();
      call.accept(keys);
      ns[i] = System.nanoTime() - s;
    }
    double total = (System.nanoTime() - t0) / 1e9;
    Arrays.sort(ns);
    System.out.printf("%-12s calls=%d p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f calls_per_s=%.0f%n", label, calls,
        ns[calls / 2] / 1e3, ns[(int) (calls * 0.99)] / 1e3, ns[(int) (calls * 0.999)] / 1e3, ns[calls - 1] / 1e3,
        calls / total);
  }
}

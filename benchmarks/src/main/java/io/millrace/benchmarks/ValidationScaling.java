package io.millrace.benchmarks;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.quality.Suite;
import io.millrace.quality.SuiteLoader;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.Validator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Validation cost in one JVM (engine warm): for each suite, the planned scans Millrace uses, against
 * the baseline of one scan per expectation (how a naive validator, or GE's SQL backend, runs a suite)
 * and against fusing every aggregate into one query. Median of REPS runs each.
 *
 * <p>usage: ValidationScaling FILE.parquet REPS SUITE.yaml...
 */
public final class ValidationScaling {
  private ValidationScaling() {}

  public static void main(String[] args) throws Exception {
    String relation = "read_parquet('" + Path.of(args[0]).toAbsolutePath() + "')";
    int reps = Integer.parseInt(args[1]);
    Validator validator = new Validator();
    try (DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
         EngineSession session = engine.session()) {
      long rows = ((Number) session.query("SELECT count(*) FROM " + relation).scalar()).longValue();
      for (int i = 2; i < args.length; i++) {
        Suite suite = new SuiteLoader().load(Path.of(args[i]));
        double planned = median(reps, () -> validator.validate(suite, session, relation, ValidationOptions.DEFAULT));
        double fused = median(reps, () -> validator.validate(suite, session, relation,
            ValidationOptions.DEFAULT.withFuseAll(true)));
        double perExpectation = median(reps, () -> {
          for (var e : suite.expectations()) {
            validator.validate(Suite.of(suite.name(), List.of(e)), session, relation, ValidationOptions.DEFAULT);
          }
        });
        System.out.printf("expectations=%d rows=%d planned_s=%.3f fused_s=%.3f one_scan_each_s=%.3f "
                + "planned_rows_per_s=%.0f speedup_vs_one_scan_each=%.2f%n",
            suite.expectations().size(), rows, planned, fused, perExpectation, rows / planned, perExpectation / planned);
      }
    }
  }

  interface Work {
    void run() throws Exception;
  }

  private static double median(int reps, Work work) throws Exception {
    work.run(); // warm-up
    double[] s = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime();
      work.run();
      s[i] = (System.nanoTime() - t) / 1e9;
    }
    Arrays.sort(s);
    return s[reps / 2];
  }
}

package io.millrace.benchmarks;

import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.LineageQuery;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.plan.Binder;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Column lineage at plan time for one project: the engine call that analyses every model
 * ({@code Engine.columnLineage}) against the parse pass planning already makes
 * ({@code Engine.referencedTables}, the baseline: same statements, same batching), both warm, as
 * medians over repetitions; then a whole bind with the plan cache warm (lineage read back, not
 * recomputed) against a cold one.
 *
 * <p>Each repetition uses fresh engines, so no parse tree is reused across repetitions: "added" is
 * what lineage costs after planning's own parse (the engine reuses those trees), "with own parse"
 * what it costs from nothing.
 *
 * <p>usage: LineageBench PROJECT_DIR [REPETITIONS]
 */
public final class LineageBench {
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private LineageBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    try (DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null)) {
      ProjectSpec p = ProjectLoader.load(dir, Map.of());
      long t0 = System.nanoTime();
      Plan cold = Binder.bind(p, engine, Map.of());
      double coldBind = ms(t0);
      List<LineageQuery> queries = new ArrayList<>();
      List<String> sqls = new ArrayList<>();
      for (PlanNode n : cold.nodes()) {
        if (n.kind() == NodeKind.MODEL) {
          Map<String, TableSchema> inputs = new HashMap<>();
          n.upstream().forEach(up -> inputs.put(up, cold.node(up).schema()));
          queries.add(new LineageQuery(n.model().sql(), inputs, n.schema()));
          sqls.add(n.model().sql());
        }
      }
      double[] parse = new double[reps];
      double[] lineage = new double[reps];
      double[] alone = new double[reps];
      double[] cpu = new double[reps];
      long columns = 0;
      for (int i = 0; i < reps; i++) {
        try (DuckDbEngine fresh = DuckDbEngine.open(EngineSpec.DEFAULT, null);
             DuckDbEngine other = DuckDbEngine.open(EngineSpec.DEFAULT, null)) {
          fresh.referencedTables(List.of("select 1"));   // connection warm, trees not
          other.referencedTables(List.of("select 1"));
          long t = System.nanoTime();
          fresh.referencedTables(sqls);          // what planning does anyway (the baseline)
          parse[i] = ms(t);
          long c = THREADS.getCurrentThreadCpuTime();
          t = System.nanoTime();
          List<ColumnLineage> out = fresh.columnLineage(queries);   // what lineage adds to a plan
          lineage[i] = ms(t);
          cpu[i] = (THREADS.getCurrentThreadCpuTime() - c) / 1e6;
          columns = out.stream().mapToLong(l -> l.fields().size()).sum();
          t = System.nanoTime();
          other.columnLineage(queries);          // lineage with its own parse (no plan before it)
          alone[i] = ms(t);
        }
      }
      Binder.bindCached(p, () -> engine, Map.of(), false);   // fills .millrace/plan-cache.json
      long t = System.nanoTime();
      Binder.bindCached(p, () -> engine, Map.of(), false);
      double warmBind = ms(t);
      double l = median(lineage);
      double b = median(parse);
      System.out.printf("models=%d output_columns=%d lineage_added_ms=%.1f (cpu %.1f) parse_baseline_ms=%.1f "
              + "ratio=%.2f lineage_with_own_parse_ms=%.1f cold_bind_ms=%.0f cached_bind_ms=%.0f%n", queries.size(),
          columns, l, median(cpu), b, l / b, median(alone), coldBind, warmBind);
    }
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

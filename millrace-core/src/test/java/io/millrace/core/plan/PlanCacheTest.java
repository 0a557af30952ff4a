package io.millrace.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.Engine;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-planning with {@code .millrace/plan-cache.json}: unchanged models are not sent to the engine again. */
class PlanCacheTest {
  private static DuckDbEngine engine;
  @TempDir Path dir;
  private final AtomicInteger opened = new AtomicInteger();
  private final Supplier<Engine> counting = () -> {
    opened.incrementAndGet();
    return engine;
  };

  @BeforeAll
  static void openEngine() {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  private ProjectSpec project(String... models) throws IOException {
    write("data/n.csv", "v,s\n1,a\n");
    write("millrace.yaml", """
        name: cached
        sources:
          n: {path: data/n.csv, columns: {v: integer, s: string}}
        models:
          a: {materialized: view}
        """);
    for (int i = 0; i < models.length; i += 2) {
      write("models/" + models[i] + ".sql", models[i + 1]);
    }
    return ProjectLoader.load(dir, Map.of(), n -> null);
  }

  private void write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  @Test
  void replansAnUnchangedProjectWithoutTheEngine() throws IOException {
    ProjectSpec p = project("a", "select v + 1 as v, upper(s) as s from n", "b", "select v * 2 as w from a");
    Plan first = Binder.bindCached(p, counting, Map.of(), false);
    assertThat(opened.get()).isPositive();
    assertThat(dir.resolve(".millrace/plan-cache.json")).exists();

    opened.set(0);
    Plan again = Binder.bindCached(project(), counting, Map.of(), false);
    assertThat(opened.get()).isZero();
    assertThat(again.nodes()).isEqualTo(first.nodes());
    assertThat(again.node("b").schema().column("w").orElseThrow().type()).isEqualTo(LogicalType.INTEGER);
  }

  @Test
  void rebindsAChangedModelAndItsDependants() throws IOException {
    Binder.bindCached(project("a", "select v + 1 as v from n", "b", "select v * 2 as w from a"),
        counting, Map.of(), false);
    // a now yields a BIGINT v: b's schema must follow although b's SQL did not change
    ProjectSpec changed = project("a", "select cast(v as bigint) + 1 as v from n");
    Plan plan = Binder.bindCached(changed, counting, Map.of(), false);
    assertThat(plan.node("a").schema().column("v").orElseThrow().type()).isEqualTo(LogicalType.BIGINT);
    assertThat(plan.node("b").schema().column("w").orElseThrow().type()).isEqualTo(LogicalType.BIGINT);
  }

  @Test
  void stillRejectsABrokenModelAfterACachedPlan() throws IOException {
    Binder.bindCached(project("a", "select v from n", "b", "select v from a"), counting, Map.of(), false);
    ProjectSpec broken = project("b", "select missing_column from a");
    assertThatThrownBy(() -> Binder.bindCached(broken, counting, Map.of(), false))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("Cannot plan model 'b' (models/b.sql)")
        .hasMessageContaining("missing_column");
  }

  @Test
  void ignoresADamagedCacheFile() throws IOException {
    ProjectSpec p = project("a", "select v from n");
    write(".millrace/plan-cache.json", "{not json");
    Plan plan = Binder.bindCached(p, counting, Map.of(), false);
    assertThat(plan.node("a").schema().names()).containsExactly("v");
  }
}

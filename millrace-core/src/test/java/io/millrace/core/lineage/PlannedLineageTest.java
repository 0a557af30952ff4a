package io.millrace.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.ColumnRef;
import io.millrace.api.lineage.LineageQuery;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineSession;
import io.millrace.core.plan.Binder;
import io.millrace.core.plan.Plan;
import io.millrace.core.project.ProjectLoader;
import io.millrace.duckdb.DuckDbEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Column lineage kept in the plan, and the plan cache sparing unchanged models a second analysis. */
class PlannedLineageTest {
  static DuckDbEngine duck;

  /** The real engine, recording which SQL it was asked to analyse. */
  static final class Recording implements Engine {
    final List<String> analysed = new ArrayList<>();

    @Override public Set<String> referencedTables(String sql) { return duck.referencedTables(sql); }
    @Override public List<Set<String>> referencedTables(List<String> sqls) { return duck.referencedTables(sqls); }
    @Override public boolean isReadOnly(String sql) { return duck.isReadOnly(sql); }
    @Override public EngineSession session() { return duck.session(); }
    @Override public void close() { }

    @Override
    public List<ColumnLineage> columnLineage(List<LineageQuery> queries) {
      queries.forEach(q -> analysed.add(q.sql().strip()));
      return duck.columnLineage(queries);
    }
  }

  @BeforeAll
  static void open() {
    duck = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void close() {
    duck.close();
  }

  private static Path project(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("millrace.yaml"), """
        name: p
        sources:
          orders: {format: csv, path: orders.csv, columns: {id: integer, customer: varchar, amount: double}}
        models:
          a: {materialized: table}
          b: {materialized: view}
          c: {materialized: table}
        """);
    Files.writeString(dir.resolve("orders.csv"), "id,customer,amount\n1,x,2\n");
    Files.writeString(dir.resolve("models/a.sql"), "select customer, sum(amount) as total from orders group by 1");
    Files.writeString(dir.resolve("models/b.sql"), "select *, total * 2 as doubled from a");
    Files.writeString(dir.resolve("models/c.sql"), "select id from orders");
    return dir;
  }

  @Test
  void planNodesCarryLineageAndTheCacheSkipsUnchangedModels(@TempDir Path dir) throws Exception {
    Path root = project(dir);
    Recording engine = new Recording();
    Plan first = Binder.bindCached(ProjectLoader.load(root, Map.of(), n -> null), () -> engine, Map.of(), false);
    assertThat(engine.analysed).hasSize(3);
    LineageGraph g = LineageGraph.of(first);
    assertThat(LineagePrinter.columns(g.columnUpstream(new ColumnRef("b", "doubled"))))
        .isEqualTo("b.doubled\n└── a.total (transformation)\n    └── orders.amount (aggregation)\n");
    assertThat(first.node("orders").lineage()).isEqualTo(ColumnLineage.UNKNOWN);

    engine.analysed.clear();
    Plan again = Binder.bindCached(ProjectLoader.load(root, Map.of(), n -> null), () -> engine, Map.of(), false);
    assertThat(engine.analysed).isEmpty();
    assertThat(again.node("b").lineage()).isEqualTo(first.node("b").lineage());

    Files.writeString(root.resolve("models/c.sql"), "select id, customer from orders");
    ProjectSpec changed = ProjectLoader.load(root, Map.of(), n -> null);
    Binder.bindCached(changed, () -> engine, Map.of(), false);
    assertThat(engine.analysed).containsExactly("select id, customer from orders");
  }
}

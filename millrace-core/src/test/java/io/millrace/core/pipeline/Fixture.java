package io.millrace.core.pipeline;

import io.millrace.api.Column;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.PipelineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.QualityChecker;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.RunStore;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import io.millrace.core.store.JdbcRunStore;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Real components in a temp folder, and plans built by hand (as the binder would). */
final class Fixture implements AutoCloseable {
  static final RetryPolicy ONCE = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);

  final Path dir;
  final DuckDbEngine engine;
  final IcebergWarehouse warehouse;
  final RunStore store;

  Fixture(Path dir) {
    this.dir = dir;
    this.engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    this.warehouse = IcebergWarehouse.open(dir.resolve("warehouse"));
    this.store = JdbcRunStore.open("jdbc:sqlite:" + dir.resolve("runs.db"));
  }

  PipelineRunner runner() {
    return runner(null);
  }

  PipelineRunner runner(QualityChecker checker) {
    return new PipelineRunner(engine, warehouse, checker, store);
  }

  static PlanNode source(String name, Path csv, List<Column> columns) {
    return new PlanNode(name, NodeKind.SOURCE, SourceSpec.file(name, SourceFormat.CSV, csv, columns), null, null,
        Set.of(), null, ONCE);
  }

  static PlanNode model(String name, String sql, Materialization m, List<String> key, String... upstream) {
    return model(name, sql, m, key, ONCE, upstream);
  }

  static PlanNode model(String name, String sql, Materialization m, List<String> key, RetryPolicy retry,
                        String... upstream) {
    return model(name, sql, m, key, retry, List.of(), upstream);
  }

  static PlanNode model(String name, String sql, Materialization m, List<String> key, RetryPolicy retry,
                        List<CheckSpec> checks, String... upstream) {
    ModelSpec spec = new ModelSpec(name, Path.of("models", name + ".sql"), sql, m, key, retry, checks);
    return new PlanNode(name, NodeKind.MODEL, null, spec, null, Set.of(upstream), null, retry);
  }

  static PlanNode export(int i, ExportSpec spec) {
    return new PlanNode("export:" + spec.table() + ":" + i, NodeKind.EXPORT, null, null, spec, Set.of(spec.table()),
        null, ONCE);
  }

  Plan plan(Map<String, String> vars, PlanNode... nodes) {
    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    List<ExportSpec> exports = new ArrayList<>();
    for (PlanNode n : nodes) {
      switch (n.kind()) {
        case SOURCE -> sources.put(n.name(), n.source());
        case MODEL -> models.put(n.name(), n.model());
        case EXPORT -> exports.add(n.export());
      }
    }
    ProjectSpec project = new ProjectSpec("demo", dir, dir.resolve("warehouse"), dir.resolve(".millrace"),
        "jdbc:sqlite:" + dir.resolve(".millrace/runs.db"), vars, sources, models, exports,
        new PipelineSpec(null, null, false, ONCE, 4), EngineSpec.DEFAULT, 0.5, null);
    return new Plan(project, List.of(nodes), List.of(), List.of(), Map.of());
  }

  Plan plan(PlanNode... nodes) {
    return plan(Map.of(), nodes);
  }

  /** Rows of a warehouse table, read through a fresh registration, sorted by the given SQL. */
  List<List<Object>> rows(String table, String orderBy) {
    try (var s = engine.session()) {
      s.registerTable("__read_" + table, warehouse.schema(table).orElseThrow(), warehouse.files(table));
      QueryResult r = s.query("SELECT * FROM __read_" + table + " ORDER BY " + orderBy);
      s.drop("__read_" + table);
      return r.rows();
    }
  }

  long snapshot(String table) {
    return warehouse.tables().stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow().snapshotId();
  }

  @Override
  public void close() {
    engine.close();
    warehouse.close();
    store.close();
  }
}

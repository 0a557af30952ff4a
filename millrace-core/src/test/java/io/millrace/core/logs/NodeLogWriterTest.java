package io.millrace.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.PipelineSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.run.LogLine;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attempt starts and ends go to the run's one shared file, merged with the attempts' own logs when read. */
class NodeLogWriterTest {
  private static final RetryPolicy ONCE = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);
  @TempDir Path dir;

  @Test
  void startsAndEndsShareOneFileAndMergeWithTheStatementsByTime() throws Exception {
    Path state = dir.resolve(".millrace");
    NodeLogWriter w = new NodeLogWriter(plan(state, model("v", "select 1 as x\nfrom t", Materialization.VIEW),
        model("t", "select 2 as x", Materialization.TABLE)));
    w.onRunStart(run("r1"));
    w.onNode(event("v", NodeState.RUNNING, 1, null));
    w.onNode(event("t", NodeState.RUNNING, 1, null));
    StatementLog statements = new StatementLog(NodeLogs.file(state, "r1", "t", 1));
    statements.statement(true, "describe 0.50 ms, 1 columns: select 2 as x");
    statements.close();
    w.onNode(event("v", NodeState.SUCCESS, 1, null));
    w.onNode(event("t", NodeState.UP_FOR_RETRY, 1, "boom\nsecond line"));
    w.onNode(event("t", NodeState.RUNNING, 2, null));
    w.onNode(event("t", NodeState.SUCCESS, 2, null));
    w.onRunEnd(run("r1"));

    try (Stream<Path> files = Files.list(state.resolve("logs/r1"))) {   // no file of its own for the view
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("nodes.log", "t.1.log");
    }
    NodeLogs logs = new NodeLogs(state);
    assertThat(logs.nodes("r1")).containsExactly("v", "t");
    List<LogLine> v = logs.read("r1", "v");
    assertThat(v).extracting(LogLine::message).satisfiesExactly(
        m -> assertThat(m).isEqualTo("attempt 1 of v started"),
        m -> assertThat(m).isEqualTo("model v.sql (view), reading t; statement:\nselect 1 as x\nfrom t"),
        m -> assertThat(m).startsWith("succeeded in 3 ms: rows read 1, written 2"));
    assertThat(v).allSatisfy(l -> assertThat(l.node()).isEqualTo("v"));
    List<LogLine> t = logs.read("r1", "t");
    assertThat(t).extracting(LogLine::attempt).containsExactly(1, 1, 1, 1, 2, 2, 2);
    assertThat(t.get(2).message()).startsWith("describe 0.50 ms");   // between its start and its end
    assertThat(t.get(3).level()).isEqualTo("WARN");
    assertThat(t.get(3).message()).endsWith("will retry: boom\nsecond line");
    assertThat(logs.text("r1", "t", 1).orElseThrow()).contains(" INFO describe 0.50 ms").contains("\n  second line\n");
    assertThat(logs.text("r1", "t", 3)).isEmpty();
    assertThat(logs.text("r1", "v", 1).orElseThrow().lines().toList()).hasSize(5)
        .allSatisfy(l -> assertThat(l).matches("(\\S+ INFO .*|  .*)"));
  }

  @Test
  void runsLoggedOneFilePerAttemptReadAsBefore() throws Exception {
    Path state = dir.resolve(".millrace");
    Path old = NodeLogs.file(state, "r0", "export:t:0", 1);
    Files.createDirectories(old.getParent());
    Instant now = Instant.parse("2026-11-30T10:00:00.123Z");
    Files.writeString(old, now + " INFO attempt 1 of export:t:0 started\n" + now.plusMillis(5)
        + " ERROR failed after 5 ms: no\n  such table\n");
    NodeLogs logs = new NodeLogs(state);
    assertThat(logs.nodes("r0")).containsExactly("export_t_0");
    assertThat(logs.read("r0", "export_t_0")).extracting(LogLine::message)
        .containsExactly("attempt 1 of export:t:0 started", "failed after 5 ms: no\nsuch table");
    assertThat(logs.text("r0", "export:t:0", 1)).contains(Files.readString(old));
  }

  private static NodeEvent event(String node, NodeState state, int attempt, String error) {
    return new NodeEvent(node, NodeKind.MODEL, state, attempt, 1, 2, 0, 0, state == NodeState.RUNNING ? 0 : 3, error);
  }

  private static RunRecord run(String id) {
    return new RunRecord(id, "demo", "manual", null, null, RunState.RUNNING, Instant.now(), null, 0, 0, 0, 0, null);
  }

  private static PlanNode model(String name, String sql, Materialization m) {
    ModelSpec spec = new ModelSpec(name, Path.of("models", name + ".sql"), sql, m, List.of(), ONCE, List.of());
    return new PlanNode(name, NodeKind.MODEL, null, spec, null, name.equals("v") ? Set.of("t") : Set.of(), null, ONCE);
  }

  private Plan plan(Path state, PlanNode... nodes) {
    Map<String, ModelSpec> models = new LinkedHashMap<>();
    for (PlanNode n : nodes) {
      models.put(n.name(), n.model());
    }
    ProjectSpec project = new ProjectSpec("demo", dir, dir.resolve("warehouse"), state,
        "jdbc:sqlite:" + state.resolve("runs.db"), Map.of(), Map.of(), models, List.of(),
        new PipelineSpec(null, null, false, ONCE, 4), EngineSpec.DEFAULT, 0.5, null);
    return new Plan(project, List.of(nodes), List.of(), List.of(), Map.of());
  }
}

package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.run.AuditRecord;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.core.math.Queueing;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import io.millrace.quality.report.HtmlReport;
import io.millrace.server.console.ColumnEdge;
import io.millrace.server.console.ConsoleActions;
import io.millrace.server.console.ConsoleData;
import io.millrace.server.console.DagNode;
import io.millrace.server.console.SeriesPoint;
import io.millrace.server.console.StreamStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The console's view of one project: the run store, the warehouse, the bound plan (bound once, on the
 * first page that needs it) and the logs under {@code .millrace/logs}.
 */
public final class ConsoleSource implements ConsoleData {
  private final ProjectContext ctx;
  private final ConsoleActions actions;
  private volatile List<DagNode> dag;
  private volatile Plan plan;

  private final io.millrace.server.metrics.MillraceMetrics metrics;

  public ConsoleSource(ProjectContext ctx, ConsoleActions actions) {
    this(ctx, actions, null);
  }

  /** @param metrics this server's metrics, for the feature lookups it answered; null when none */
  public ConsoleSource(ProjectContext ctx, ConsoleActions actions, io.millrace.server.metrics.MillraceMetrics metrics) {
    this.ctx = ctx;
    this.actions = actions;
    this.metrics = metrics;
  }

  @Override
  public List<io.millrace.server.metrics.LookupStats> featureLookups() {
    return metrics == null ? List.of() : metrics.featureLookups();
  }

  @Override
  public String project() {
    return ctx.spec().name();
  }

  @Override
  public List<RunRecord> runs(RunState state, String after, int limit) {
    return ctx.runStore().runs(project(), state, after, limit);
  }

  @Override
  public long countRuns(RunState state) {
    return ctx.runStore().countRuns(project(), state);
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return ctx.runStore().run(runId);
  }

  @Override
  public List<NodeAttempt> attempts(String runId) {
    return ctx.runStore().attempts(runId);
  }

  @Override
  public List<CheckRecord> checks(String runId) {
    return ctx.runStore().checks(runId);
  }

  @Override
  public List<DagNode> dag() {
    List<DagNode> d = dag;
    if (d == null) {
      synchronized (this) {
        if (dag == null) {
          List<DagNode> nodes = new ArrayList<>();
          for (PlanNode n : plan().nodes()) {
            nodes.add(new DagNode(n.name(), n.kind().name(), n.upstream().stream().sorted().toList()));
          }
          dag = List.copyOf(nodes);
        }
        d = dag;
      }
    }
    return d;
  }

  private Plan plan() {
    Plan p = plan;
    if (p == null) {
      synchronized (this) {
        if (plan == null) {
          plan = Pipelines.plan(ctx);
        }
        p = plan;
      }
    }
    return p;
  }

  /** Every model's direct column edges (identity, transformation, aggregation), from the plan's column lineage. */
  @Override
  public Optional<List<ColumnEdge>> columnLineage() {
    io.millrace.api.lineage.LineageView view = io.millrace.core.lineage.LineageGraph.of(plan());
    List<ColumnEdge> edges = new ArrayList<>();
    for (String table : view.tables()) {
      view.columnLineage(table).fields().forEach((column, inputs) -> inputs.stream()
          .filter(i -> i.transform().direct())
          .forEach(i -> edges.add(new ColumnEdge(i.source().table(), i.source().column(), table, column,
              i.transform().name().toLowerCase(java.util.Locale.ROOT)))));
    }
    return Optional.of(edges);
  }

  @Override
  public Optional<String> log(String runId, String node, int attempt) {
    Path logs = ctx.spec().stateDir().resolve("logs").toAbsolutePath().normalize();
    // the node logs' file names: ':' and '/' of a node name (export:<table>:<i>) become '_'
    String safe = node.replace(':', '_').replace('/', '_');
    Path file = logs.resolve(runId).resolve(safe + "." + attempt + ".log").normalize();
    if (!file.startsWith(logs) || !logs.resolve(runId).normalize().startsWith(logs)) {
      return Optional.empty();   // never reads outside the logs folder, whatever the names say
    }
    return new io.millrace.core.logs.NodeLogs(ctx.spec().stateDir()).text(runId, node, attempt);
  }

  @Override
  public List<TableInfo> tables() {
    return ctx.warehouse().tables();
  }

  @Override
  public Optional<TableSchema> schema(String table) {
    return ctx.warehouse().schema(table);
  }

  @Override
  public List<SnapshotInfo> snapshots(String table) {
    return ctx.warehouse().snapshots(table);
  }

  @Override
  public List<SeriesPoint> qualityScores(String table, int runs) {
    List<SeriesPoint> out = new ArrayList<>();
    for (RunRecord r : ctx.runStore().runs(project(), runs)) {
      double sum = 0;
      int n = 0;
      for (CheckRecord c : ctx.runStore().checks(r.runId())) {
        if (c.table().equals(table)) {
          sum += c.score();
          n++;
        }
      }
      if (n > 0) {
        out.add(new SeriesPoint(r.startedAt(), sum / n, r.runId()));
      }
    }
    Collections.reverse(out);
    return out;
  }

  @Override
  public QueryResult query(String sql, String asOf, int maxRows) {
    String q = sql.strip();
    while (q.endsWith(";")) {
      q = q.substring(0, q.length() - 1).strip();
    }
    if (!ctx.engine().isReadOnly(q)) {
      throw MillraceException.user("Cannot run statement '%s': the console runs queries only (read-only)",
          q.length() > 60 ? q.substring(0, 57) + "..." : q);
    }
    try (EngineSession session = ctx.engine().session()) {
      WarehouseViews.register(session, ctx.warehouse(), asOf);
      return session.query("SELECT * FROM (" + q + "\n) AS console_query LIMIT " + maxRows);
    }
  }

  @Override
  public Optional<String> reportHtml(String runId) {
    Path file = ctx.spec().stateDir().resolve("reports").resolve(runId + ".html");
    try {
      return Optional.of(Files.readString(HtmlReport.write(ctx.runStore(), runId, project(), file)));
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read report %s: %s", file, e.getMessage());
    }
  }

  @Override
  public List<StreamStatus> streams() {
    if (ctx.spec().streams().isEmpty()) {
      return List.of();
    }
    java.util.Map<String, io.millrace.server.console.StreamLag> lags = StreamLags.read(ctx.spec());
    return recorded().stream().map(s -> s.withLag(lags.get(s.job()))).toList();
  }

  /** Each job's figures of its latest run, from the run store. */
  private List<StreamStatus> recorded() {
    List<StreamStatus> out = new ArrayList<>();
    for (StreamJobSpec job : ctx.spec().streams().values()) {
      // μ: the best rate of recent runs (a throttled replay shows a lower bound); λ: the latest
      Double mu = ctx.runStore().values(job.name(), "", "service_rate_eps", 20).stream().max(Double::compare).orElse(null);
      Double lambda = last(ctx.runStore().values(job.name(), "", "arrival_rate_eps", 1));
      Double dead = last(ctx.runStore().values(job.name(), "", "dead_lettered", 1));
      Double in = last(ctx.runStore().values(job.name(), "", "events_in", 1));
      Double p50 = last(ctx.runStore().values(job.name(), "", "latency_p50_ms", 1));
      Double p99 = last(ctx.runStore().values(job.name(), "", "latency_p99_ms", 1));
      if (mu == null || lambda == null || mu <= 0) {
        out.add(new StreamStatus(job.name(), job.topic(), lambda, mu, dead, null, null, null, null, in, p50, p99));
        continue;
      }
      Queueing q = new Queueing(lambda, mu);
      out.add(new StreamStatus(job.name(), job.topic(), lambda, mu, dead, q.utilization(),
          q.stable() ? q.meanQueueLength() : null, q.stable() ? q.meanWaitSeconds() * 1000 : null, q.stable(), in, p50, p99));
    }
    return out;
  }

  private static Double last(List<Double> values) {
    return values.isEmpty() ? null : values.get(values.size() - 1);
  }

  @Override
  public List<io.millrace.server.console.AlertRule> alertRules() {
    return AlertTexts.rules(ctx.spec().alerts());
  }

  @Override
  public List<io.millrace.api.alert.AlertEvent> alertEvents(int limit) {
    return ctx.runStore().alertEvents(project(), limit);
  }

  @Override
  public void audit(AuditRecord record) {
    ctx.runStore().saveAudit(record);
  }

  @Override
  public List<AuditRecord> audit(int limit) {
    return ctx.runStore().audit(project(), limit);
  }

  @Override
  public ConsoleActions actions() {
    return actions;
  }
}

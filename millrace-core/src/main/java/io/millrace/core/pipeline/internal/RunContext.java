package io.millrace.core.pipeline.internal;

import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.spi.BoundSuite;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QualityChecker;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.Warehouse;
import io.millrace.core.plan.NodeKind;
import io.millrace.core.plan.Plan;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Everything the nodes of one run share: the run id, the components, rendered model SQL, bound
 * suites, and the check records collected for the summary. Thread-safe.
 */
public final class RunContext {
  public final String runId;
  public final Plan plan;
  final Engine engine;
  final Warehouse warehouse;
  final QualityChecker checker;
  final RunStore store;
  /** Attempt, check and metric records, written to {@link #store} in batches. */
  final RunWrites writes;
  /** Time per phase, summed over threads. */
  public final PhaseTimes times = new PhaseTimes();
  /** Heavy engine work of all nodes goes through these slots. */
  final EngineSlots engineSlots = new EngineSlots(EngineSlots.defaultSlots(), times);
  /** Tag of APPEND commits: same interval, same tag (idempotent re-runs); null without interval. */
  final String intervalTag;
  private final Map<String, String> sql;
  private final Map<String, String> commitProperties;
  private final Map<String, List<BoundSuite>> suites = new ConcurrentHashMap<>();
  private final Queue<CheckRecord> checks = new ConcurrentLinkedQueue<>();
  private final Queue<String> loaded = new ConcurrentLinkedQueue<>();
  private final Map<String, Long> priorities = new ConcurrentHashMap<>();
  private final Map<String, Lock> exportLocks = new ConcurrentHashMap<>();
  /** Per table written incrementally by this run: a Parquet file of exactly the rows it added. */
  private final Map<String, Path> added = new ConcurrentHashMap<>();
  /** Files kept for the run's exports that no table references: deleted when the run ends. */
  private final Queue<Path> scratch = new ConcurrentLinkedQueue<>();
  private final Map<String, PlanNode> nodes = new HashMap<>();
  /** Per node, the nodes reading it. */
  private final Map<String, List<PlanNode>> downstream = new HashMap<>();
  /** Nodes that succeeded in this run, or were skipped with their tables in place. */
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private volatile io.millrace.api.spi.MlTasks mlTasks;
  /** Views defined in the engine during this run; guarded by itself. */
  private final Set<String> definedViews = new HashSet<>();

  /**
   * Renders every model's SQL with {@code vars} and binds every suite whose table schema is known,
   * so a wrong variable or suite fails the run before any data moves.
   *
   * @param intervalTag null for runs without a data interval
   */
  public RunContext(String runId, Plan plan, Engine engine, Warehouse warehouse, QualityChecker checker,
                    RunStore store, Map<String, String> vars, String intervalTag) {
    this.runId = runId;
    this.plan = plan;
    this.engine = engine;
    this.warehouse = warehouse;
    this.checker = checker;
    this.store = store;
    this.writes = new RunWrites(store);
    this.intervalTag = intervalTag;
    Map<String, String> rendered = new HashMap<>();
    plan.nodes().forEach(n -> nodes.put(n.name(), n));
    for (PlanNode n : plan.nodes()) {
      n.upstream().forEach(u -> downstream.computeIfAbsent(u, k -> new ArrayList<>()).add(n));
    }
    for (PlanNode n : plan.nodes()) {
      if (n.kind() == NodeKind.MODEL) {
        rendered.put(n.name(), SqlTemplate.render(n.model().sql(), vars,
            "model '" + n.name() + "' (" + n.model().file() + ")"));
      }
    }
    this.sql = Map.copyOf(rendered);
    Map<String, String> props = new HashMap<>();
    props.put("millrace.run-id", runId);
    if (intervalTag != null) {
      props.put("millrace.interval", intervalTag);
    }
    this.commitProperties = Map.copyOf(props);
    suites.putAll(plan.suites());   // bound at plan time to the same schemas: not again
    for (PlanNode n : plan.nodes()) {
      if (n.schema() != null) {
        suites(n, n.schema());
      }
    }
  }

  /** The model's SQL with run variables substituted. */
  public String sql(String model) {
    return sql.get(model);
  }

  Map<String, String> commitProperties() {
    return commitProperties;
  }

  /**
   * Defines the views among {@code tables}, and the views they read, in the engine's shared catalog,
   * each once per run, upstream first. Views are defined when first read (by a table model, an
   * export or the view's own checks), not when their node runs: DuckDB binds a view's whole ancestry
   * of views when it is created, so in a deep DAG of views defining every view up front costs far
   * more than the views ever read.
   */
  void defineViews(Collection<String> tables, EngineSession session) {
    synchronized (definedViews) {
      for (String t : tables) {
        defineView(t, session);
      }
    }
  }

  /** Forgets a view this run dropped (its checks failed), so a later read defines it again. */
  void forgetView(String name) {
    synchronized (definedViews) {
      definedViews.remove(name);
    }
  }

  private void defineView(String name, EngineSession session) {
    PlanNode n = nodes.get(name);
    if (n == null || !Resume.isView(n) || definedViews.contains(name)) {
      return;
    }
    for (String up : n.upstream()) {
      defineView(up, session);
    }
    session.registerView(name, sql(name));
    definedViews.add(name);
  }

  /**
   * Tag for APPEND commits and exports that must not duplicate rows when this run's node is retried
   * or its interval re-run.
   */
  String appendTag() {
    return intervalTag != null ? intervalTag : "run:" + runId;
  }

  /** The node's suites bound to {@code schema} (bound once per run and node). */
  List<BoundSuite> suites(PlanNode node, TableSchema schema) {
    List<CheckSpec> specs = checkSpecs(node);
    if (checker == null || specs.isEmpty()) {
      return List.of();
    }
    return suites.computeIfAbsent(node.name(), k -> {
      List<BoundSuite> bound = new ArrayList<>();
      for (CheckSpec spec : specs) {
        bound.add(checker.bind(spec, node.name(), schema));
      }
      return List.copyOf(bound);
    });
  }

  /**
   * Keeps a loaded source table in the engine until the run ends: downstream reads it in memory
   * through the view named after the source.
   */
  void keepLoaded(String view, String table) {
    loaded.add(view);
    loaded.add(table);
  }

  /** Drops the source views and tables kept for the run. Never throws: the run's outcome is known. */
  public void dropLoadedSources() {
    if (loaded.isEmpty()) {
      return;
    }
    try (EngineSession s = engine.session()) {
      for (String t : loaded) {
        s.drop(t);
      }
    } catch (RuntimeException e) {
      System.getLogger(RunContext.class.getName()).log(System.Logger.Level.WARNING,
          "Cannot drop loaded source tables " + loaded + ": " + e.getMessage(), e);
    }
    loaded.clear();
  }

  /**
   * Records the rows this run added to an incremental table (appended, or upserted by key), for
   * its APPEND exports. Full refreshes record nothing: all their rows are new.
   *
   * @param scratchFile true when the file is not part of the table and must be deleted at the end
   */
  void recordAdded(String table, Path file, boolean scratchFile) {
    added.put(table, file);
    if (scratchFile) {
      scratch.add(file);
    }
  }

  /** The rows this run added to {@code table}, when it was written incrementally. */
  Optional<Path> added(String table) {
    return Optional.ofNullable(added.get(table));
  }

  /** Deletes the scratch files kept for exports. Never throws: the run's outcome is known. */
  public void deleteScratchFiles() {
    for (Path p = scratch.poll(); p != null; p = scratch.poll()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        System.getLogger(RunContext.class.getName()).log(System.Logger.Level.WARNING,
            "Cannot delete scratch file " + p + ": " + e.getMessage(), e);
      }
    }
  }

  /** The lock serializing exports to {@code target} within this run. */
  Lock exportLock(String target) {
    return exportLocks.computeIfAbsent(target, t -> new ReentrantLock());
  }

  /** Node priorities (the heaviest chain below each), used to order engine work. */
  void priorities(Map<String, Long> bottomLevels) {
    priorities.putAll(bottomLevels);
  }

  long priority(String node) {
    return priorities.getOrDefault(node, 0L);
  }

  /**
   * Runs {@code node}'s heavy engine work holding an engine slot; on release the slot is held for
   * the successor this node unblocks, if any ({@link EngineSlots}).
   */
  <T> T engineWork(String node, String phase, Supplier<T> work) {
    return engineSlots.run(priority(node), phase, work, () -> successorPriority(node));
  }

  /** Records that {@code node} succeeded (or was skipped with its table in place) in this run. */
  void done(String node) {
    done.add(node);
  }

  /**
   * The highest priority among the nodes needing engine slots that {@code node}'s success alone
   * will make ready (every other upstream done), or {@link EngineSlots#NO_HOLD}.
   */
  long successorPriority(String node) {
    long best = EngineSlots.NO_HOLD;
    for (PlanNode d : downstream.getOrDefault(node, List.of())) {
      if (usesEngineSlots(d) && !done.contains(d.name())
          && d.upstream().stream().allMatch(u -> u.equals(node) || done.contains(u))) {
        best = Math.max(best, priority(d.name()));
      }
    }
    return best;
  }

  private static boolean usesEngineSlots(PlanNode n) {
    return switch (n.kind()) {
      case MODEL -> n.model().materialized() != Materialization.VIEW || !n.model().checks().isEmpty();
      case SOURCE, TRAINING_SET -> true;
      case EXPORT, STREAM, TRAIN -> false;
    };
  }

  /** Writes the buffered attempt, check and metric records to the run store. */
  public void flushWrites() {
    writes.flush();
  }

  void recordCheck(CheckRecord record) {
    checks.add(record);
  }

  public List<CheckRecord> checks() {
    return List.copyOf(checks);
  }

  private static List<CheckSpec> checkSpecs(PlanNode node) {
    return switch (node.kind()) {
      case SOURCE -> node.source().checks();
      case MODEL -> node.model().checks();
      case EXPORT, STREAM, TRAIN, TRAINING_SET -> List.of();
    };
  }

  /** The trainer for TRAIN nodes, or null. */
  public io.millrace.api.spi.MlTasks mlTasks() {
    return mlTasks;
  }

  /** Sets the trainer for TRAIN nodes; refuses a plan with train nodes to run without one. */
  public void useMlTasks(io.millrace.api.spi.MlTasks ml, Set<String> skip) {
    TrainNode.requireTrainer(plan, ml, skip);
    this.mlTasks = ml;
  }
}

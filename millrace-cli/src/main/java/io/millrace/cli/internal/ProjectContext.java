package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.GenerateSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineProvider;
import io.millrace.api.spi.QualityChecker;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.Warehouse;
import io.millrace.core.project.ProjectLoader;
import io.millrace.core.store.AbandonedRuns;
import io.millrace.core.store.JdbcRunStore;
import io.millrace.core.store.ProjectIdentity;
import io.millrace.duckdb.DataGenerator;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.quality.DefaultQualityChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A loaded project with the components it runs on, opened lazily and closed together. This is the
 * one place that picks the implementations of the SPIs.
 */
public final class ProjectContext implements AutoCloseable {
  private final ProjectSpec spec;
  private Engine engine;
  private String engineType;
  private Warehouse warehouse;
  private CompletableFuture<Warehouse> opening;
  private RunLock runLock;
  private RunStore runStore;
  private final List<Path> extraFolders = new ArrayList<>();

  private ProjectContext(ProjectSpec spec) {
    this.spec = spec;
  }

  /** Loads a project; generates its sample data first when it declares some and files are absent. */
  public static ProjectContext open(Path dir, Map<String, String> vars) {
    ProjectSpec spec = ProjectLoader.load(dir, vars);
    ProjectContext context = new ProjectContext(spec);
    context.planCacheFor(spec.engine().type());
    context.generateMissingData();
    return context;
  }

  /**
   * Loads a project to inspect its state (runs, reports, tables): exports are not read, so the
   * environment variables only they use need not be set, and no sample data is generated.
   */
  public static ProjectContext inspect(Path dir, Map<String, String> vars) {
    return new ProjectContext(ProjectLoader.loadWithoutExports(dir, vars));
  }

  public ProjectSpec spec() {
    return spec;
  }

  /**
   * The project's engine, limited to the project's files: SQL it runs (models, suites, {@code sql})
   * reads and writes only under the project folder, the warehouse, {@code .millrace/}, the folders of
   * file sources and file exports, and folders {@link #allow}ed before; the limit cannot be lifted
   * by SQL.
   */
  public synchronized Engine engine() {
    if (engine == null) {
      // the engine named by engine.type (or --engine), found on the class path; spills (sorts, joins,
      // aggregates beyond engine.memory) go under .millrace/spill
      EngineSpec es = engineSpec();
      engine = EngineProvider.find(es.type()).open(es, readableFolders(), spec.stateDir().resolve("spill"));
    }
    return engine;
  }

  /**
   * Runs this project on another engine type than its {@code engine.type} ({@code --engine}); null
   * keeps the project's. Before {@link #engine}.
   */
  public synchronized ProjectContext withEngine(String type) {
    if (engine != null) {
      throw new IllegalStateException("withEngine() after the engine was opened");
    }
    engineType = type == null || type.isBlank() ? null : type.trim();
    planCacheFor(engineSpec().type());
    return this;
  }

  /**
   * The plan cache ({@code .millrace/plan-cache.json}) holds schemas as one engine bound them: when
   * the project is planned on another engine type than last time ({@code --engine}), it is dropped,
   * so every model is parsed and analysed by the engine that runs it.
   */
  private void planCacheFor(String type) {
    Path marker = spec.stateDir().resolve("plan-cache.engine");
    try {
      String last = Files.exists(marker) ? Files.readString(marker).trim() : "duckdb";
      if (!last.equals(type)) {
        Files.deleteIfExists(spec.stateDir().resolve("plan-cache.json"));
      }
      if (!last.equals(type) || (!Files.exists(marker) && !type.equals("duckdb"))) {
        Files.createDirectories(spec.stateDir());
        Files.writeString(marker, type + "\n");
      }
    } catch (java.io.IOException e) {
      // no marker: the cache is keyed by SQL and upstream schemas, and a stale entry fails at run time
    }
  }

  /** The engine settings in effect: the project's, with {@code --engine}'s type when given. */
  public EngineSpec engineSpec() {
    EngineSpec es = spec.engine();
    return engineType == null || engineType.equals(es.type()) ? es : es.withType(engineType);
  }

  /** Lets the engine read {@code file} (a command's input outside the project); before {@link #engine}. */
  public synchronized void allow(Path file) {
    if (engine != null) {
      throw new IllegalStateException("allow() after the engine was opened");
    }
    extraFolders.add(file.toAbsolutePath().getParent());
  }

  private List<Path> readableFolders() {
    List<Path> dirs = new ArrayList<>(List.of(spec.root(), spec.warehouse(), spec.stateDir()));
    for (SourceSpec s : spec.sources().values()) {
      if (s.path() != null) {
        dirs.add(s.path().toAbsolutePath().getParent());
      }
    }
    for (ExportSpec e : spec.exports()) {
      if (e.format() != ExportSpec.Format.POSTGRES && e.target() != null) {
        dirs.add(spec.root().resolve(e.target()).toAbsolutePath().getParent());
      }
    }
    dirs.addAll(extraFolders);
    return dirs;
  }

  public synchronized Warehouse warehouse() {
    if (warehouse == null) {
      warehouse = opening != null ? joinOpening() : IcebergWarehouse.open(spec.warehouseCatalog(), spec.retention());
    }
    return warehouse;
  }

  /**
   * Takes the project's run lock until {@link #close} (see {@link RunLock}).
   *
   * @throws io.millrace.api.MillraceException EXTERNAL (exit 3) when another process runs the project
   */
  public synchronized ProjectContext lockForRun() {
    try {
      runLock = RunLock.acquire(spec.name(), spec.stateDir());
      runLock.deadHolder().ifPresent(pid -> {
        List<String> runs = AbandonedRuns.close(runStore(), spec.name(),
            "abandoned: the process running it (pid " + pid + ") ended without finishing it");
        if (!runs.isEmpty()) {
          Console.err("millrace: marked run(s) " + String.join(", ", runs) + " as failed (abandoned by process "
              + pid + ", which ended without finishing)");
        }
      });
      return this;
    } catch (RuntimeException e) {
      close();   // this context is not returned to the caller
      throw e;
    }
  }

  private Warehouse joinOpening() {
    try {
      return opening.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re
          : MillraceException.internal(e.getCause(), "Cannot open warehouse %s", spec.warehouse());
    }
  }

  /**
   * Starts opening the warehouse on another thread: Iceberg and Hadoop take a second or more to
   * initialize in a fresh JVM, which then overlaps with loading the engine and binding the plan.
   */
  public synchronized ProjectContext openWarehouseInBackground() {
    if (warehouse == null && opening == null) {
      opening = CompletableFuture.supplyAsync(() -> IcebergWarehouse.open(spec.warehouseCatalog(), spec.retention()));
    }
    return this;
  }

  public synchronized RunStore runStore() {
    if (runStore == null) {
      runStore = JdbcRunStore.open(spec.runStoreUrl(), ProjectIdentity.of(spec.stateDir()));
    }
    return runStore;
  }

  public QualityChecker checker() {
    return new DefaultQualityChecker();
  }

  private void generateMissingData() {
    GenerateSpec gen = spec.generate();
    if (gen == null || spec.sources().values().stream().noneMatch(ProjectContext::missingFile)) {
      return;
    }
    Console.err("millrace: generating sample data (" + gen.dataset() + ") into " + spec.root().relativize(gen.out()));
    long t0 = System.nanoTime();
    DataGenerator.generate(gen);
    Console.err(String.format("millrace: generated in %.1f s", (System.nanoTime() - t0) / 1e9));
  }

  private static boolean missingFile(SourceSpec s) {
    return s.format() != SourceFormat.JDBC && s.path() != null && !Files.exists(s.path());
  }

  @Override
  public void close() {
    if (runLock != null) {
      runLock.close();
      runLock = null;
    }
    if (engine != null) {
      engine.close();
    }
    if (warehouse == null && opening != null) {
      warehouse = opening.exceptionally(e -> null).join();
    }
    if (warehouse != null) {
      warehouse.close();
    }
    if (runStore != null) {
      runStore.close();
    }
  }
}

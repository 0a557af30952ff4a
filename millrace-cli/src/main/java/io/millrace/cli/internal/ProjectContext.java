package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.GenerateSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.QualityChecker;
import io.millrace.api.spi.RunStore;
import io.millrace.api.spi.Warehouse;
import io.millrace.core.project.ProjectLoader;
import io.millrace.core.store.JdbcRunStore;
import io.millrace.duckdb.DataGenerator;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.quality.DefaultQualityChecker;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private Warehouse warehouse;
  private CompletableFuture<Warehouse> opening;
  private RunLock runLock;
  private RunStore runStore;

  private ProjectContext(ProjectSpec spec) {
    this.spec = spec;
  }

  /** Loads a project; generates its sample data first when it declares some and files are absent. */
  public static ProjectContext open(Path dir, Map<String, String> vars) {
    ProjectSpec spec = ProjectLoader.load(dir, vars);
    ProjectContext context = new ProjectContext(spec);
    context.generateMissingData();
    return context;
  }

  public ProjectSpec spec() {
    return spec;
  }

  public synchronized Engine engine() {
    if (engine == null) {
      // spills (sorts, joins, aggregates beyond engine.memory) go under .millrace/, not the working folder
      engine = DuckDbEngine.open(spec.engine(), null, spec.stateDir() == null ? null : spec.stateDir().resolve("spill"));
    }
    return engine;
  }

  public synchronized Warehouse warehouse() {
    if (warehouse == null) {
      warehouse = opening != null ? joinOpening() : IcebergWarehouse.open(spec.warehouse());
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
      opening = CompletableFuture.supplyAsync(() -> IcebergWarehouse.open(spec.warehouse()));
    }
    return this;
  }

  public synchronized RunStore runStore() {
    if (runStore == null) {
      runStore = JdbcRunStore.open(spec.runStoreUrl());
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

package io.millrace.cli.internal;

import io.millrace.api.ErrorKind;
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
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  private FileChannel lockChannel;
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
      engine = DuckDbEngine.open(spec.engine(), null);
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
   * Takes the project's run lock ({@code .millrace/run.lock}) until {@link #close}: two processes
   * running one project would race on its tables (a merge reads the current rows, then replaces
   * them), so the second one stops at once instead.
   *
   * @throws io.millrace.api.MillraceException EXTERNAL (retryable, exit 3) when another process holds it
   */
  public synchronized ProjectContext lockForRun() {
    Path file = spec.stateDir().resolve("run.lock");
    try {
      Files.createDirectories(file.getParent());
      lockChannel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        close();   // this context is not returned to the caller
        throw new MillraceException(ErrorKind.EXTERNAL, String.format(
            "Cannot run project '%s': another millrace process is running it (lock %s); wait for it to finish",
            spec.name(), file));
      }
      return this;
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot lock project '%s' (%s): %s", spec.name(), file,
          e.getMessage());
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
    if (lockChannel != null) {
      try {
        lockChannel.close();  // releases the run lock
      } catch (IOException e) {
        Console.err("warning: cannot release the run lock: " + e.getMessage());
      }
      lockChannel = null;
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

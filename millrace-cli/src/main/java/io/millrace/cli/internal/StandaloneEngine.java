package io.millrace.cli.internal;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineProvider;
import io.millrace.api.spi.EngineSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The project's engine when there is a project, else an in-memory engine owned by this object. */
public final class StandaloneEngine implements AutoCloseable {
  private final Engine engine;
  private final boolean owned;

  private StandaloneEngine(Engine engine, boolean owned) {
    this.engine = engine;
    this.owned = owned;
  }

  /**
   * An engine that may read {@code input} when it names a file (else only the project's files, or
   * none): user-supplied SQL in suites runs on it, so file access is limited as for projects.
   */
  public static StandaloneEngine of(ProjectContext project, String input) {
    return of(project, input, null);
  }

  /** As {@link #of(ProjectContext, String)} on the engine type {@code engineType} (null: the project's, else DuckDB). */
  public static StandaloneEngine of(ProjectContext project, String input, String engineType) {
    Path file = input == null ? null : Path.of(input).toAbsolutePath();
    boolean isFile = file != null && Files.isRegularFile(file);
    if (project != null) {
      project.withEngine(engineType);
      if (isFile) {
        project.allow(file);
      }
      return new StandaloneEngine(project.engine(), false);
    }
    EngineSpec spec = engineType == null ? EngineSpec.DEFAULT : EngineSpec.DEFAULT.withType(engineType);
    Path spill = Path.of(System.getProperty("java.io.tmpdir"), "millrace-spill-" + ProcessHandle.current().pid());
    List<Path> dirs = new ArrayList<>(List.of(spill));
    if (isFile) {
      dirs.add(file.getParent());
    }
    return new StandaloneEngine(EngineProvider.find(spec.type()).open(spec, dirs, spill), true);
  }

  public EngineSession session() {
    return engine.session();
  }

  @Override
  public void close() {
    if (owned) {
      engine.close();
    }
  }
}

package io.millrace.cli.internal;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineSession;
import io.millrace.duckdb.DuckDbEngine;

/** The project's engine when there is a project, else an in-memory engine owned by this object. */
public final class StandaloneEngine implements AutoCloseable {
  private final Engine engine;
  private final boolean owned;

  private StandaloneEngine(Engine engine, boolean owned) {
    this.engine = engine;
    this.owned = owned;
  }

  public static StandaloneEngine of(ProjectContext project) {
    return project != null ? new StandaloneEngine(project.engine(), false)
        : new StandaloneEngine(DuckDbEngine.open(EngineSpec.DEFAULT, null), true);
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

package io.millrace.duckdb;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineProvider;
import java.nio.file.Path;
import java.util.List;

/** Registers the embedded DuckDB engine as {@code duckdb} (found with {@link java.util.ServiceLoader}). */
public final class DuckDbEngineProvider implements EngineProvider {
  @Override
  public String type() {
    return "duckdb";
  }

  /** An in-memory database; with {@code files}, SQL may touch only those folders (and spills go to {@code scratch}). */
  @Override
  public Engine open(EngineSpec spec, List<Path> files, Path scratch) {
    DuckDbEngine duck = DuckDbEngine.open(spec, null);
    if (files.isEmpty()) {
      return duck;
    }
    try {
      duck.restrictFiles(files, scratch);
    } catch (RuntimeException e) {
      duck.close();
      throw e;
    }
    return duck;
  }
}

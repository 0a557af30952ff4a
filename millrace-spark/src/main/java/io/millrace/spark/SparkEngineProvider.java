package io.millrace.spark;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineProvider;
import java.nio.file.Path;
import java.util.List;

/** Registers the Spark engine as {@code spark} (found with {@link java.util.ServiceLoader}). */
public final class SparkEngineProvider implements EngineProvider {
  @Override
  public String type() {
    return "spark";
  }

  /** Spark cannot limit the files SQL reads: {@code files} is not enforced (see docs/spark.md). */
  @Override
  public Engine open(EngineSpec spec, List<Path> files, Path scratch) {
    return SparkEngine.open(spec, scratch);
  }
}

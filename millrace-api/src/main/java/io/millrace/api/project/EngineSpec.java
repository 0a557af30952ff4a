package io.millrace.api.project;

import java.util.Map;

/**
 * Engine settings ({@code engine:} in {@code millrace.yaml}).
 *
 * @param type engine name ({@code duckdb} or {@code spark}); engines are found by this name with
 *     {@link io.millrace.api.spi.EngineProvider}
 * @param threads engine worker threads (0 = engine default, all cores)
 * @param memoryLimit engine memory limit as the engine reads it (e.g. {@code 4GB}); null = default
 * @param master Spark's master URL ({@code local[2]}, {@code spark://host:7077}, ...); null for
 *     engines without one (Spark then uses {@link #DEFAULT_SPARK_MASTER})
 * @param conf engine configuration passed through as is (Spark: {@code spark.*} settings)
 */
public record EngineSpec(String type, int threads, String memoryLimit, String master, Map<String, String> conf) {
  public static final EngineSpec DEFAULT = new EngineSpec("duckdb", 0, null);
  public static final String DEFAULT_SPARK_MASTER = "local[2]";

  public EngineSpec {
    conf = conf == null ? Map.of() : Map.copyOf(conf);
  }

  /** Settings without a master URL or configuration (DuckDB's). */
  public EngineSpec(String type, int threads, String memoryLimit) {
    this(type, threads, memoryLimit, null, Map.of());
  }

  /** The same settings for another engine type ({@code --engine}); Spark's master keeps its default. */
  public EngineSpec withType(String newType) {
    return new EngineSpec(newType, threads, memoryLimit, master, conf);
  }

  /** The master URL to use: the configured one, else {@link #DEFAULT_SPARK_MASTER}. */
  public String masterOrDefault() {
    return master == null || master.isBlank() ? DEFAULT_SPARK_MASTER : master;
  }
}

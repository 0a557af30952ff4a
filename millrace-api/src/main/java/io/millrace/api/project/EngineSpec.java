package io.millrace.api.project;

/**
 * Engine settings.
 *
 * @param type engine name ({@code duckdb})
 * @param threads engine worker threads (0 = engine default, all cores)
 * @param memoryLimit engine memory limit as the engine reads it (e.g. {@code 4GB}); null = default
 */
public record EngineSpec(String type, int threads, String memoryLimit) {
  public static final EngineSpec DEFAULT = new EngineSpec("duckdb", 0, null);
}

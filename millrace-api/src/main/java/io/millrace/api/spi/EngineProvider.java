package io.millrace.api.spi;

import io.millrace.api.MillraceException;
import io.millrace.api.project.EngineSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens engines of one type ({@code duckdb}, {@code spark}). Implementations register themselves in
 * {@code META-INF/services/io.millrace.api.spi.EngineProvider}; {@link #find} picks one by
 * {@link EngineSpec#type()}, so the CLI never names an engine class.
 */
public interface EngineProvider {
  /** The name used in {@code engine: {type: ...}} and {@code --engine}. */
  String type();

  /**
   * Opens an engine.
   *
   * @param spec the engine settings
   * @param files folders SQL run on the engine may read and write; engines that can limit file
   *     access do (empty: no limit)
   * @param scratch a folder for the engine's spill and temporary files (created when needed); null
   *     for the engine's default
   */
  Engine open(EngineSpec spec, List<Path> files, Path scratch);

  /** Engine types with a known module, for messages when one is not on the class path. */
  Map<String, String> KNOWN = Map.of(
      "duckdb", "millrace-duckdb (part of the CLI)",
      "spark", "millrace-spark: run `./millrace ... --engine spark`, which builds it and puts Spark on the class path "
          + "(or build it with `mvn -pl millrace-spark -am package` and add millrace-spark/target/lib/* to the class path)");

  /** The providers on the class path, by type. */
  static Map<String, EngineProvider> available() {
    Map<String, EngineProvider> out = new TreeMap<>();
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader())) {
      out.putIfAbsent(p.type(), p);
    }
    return out;
  }

  /**
   * The provider of {@code type}.
   *
   * @throws MillraceException USER naming the available types when none is, or how to get a known
   *     engine whose module is not on the class path
   */
  static EngineProvider find(String type) {
    Map<String, EngineProvider> all = available();
    EngineProvider p = all.get(type);
    if (p != null) {
      return p;
    }
    if (KNOWN.containsKey(type)) {
      throw MillraceException.user("Cannot open engine '%s': its module is not on the class path. It comes with %s "
          + "(available now: %s)", type, KNOWN.get(type), String.join(", ", all.keySet()));
    }
    throw MillraceException.user("Cannot open engine '%s': unknown engine type (available: %s)", type,
        String.join(", ", all.keySet()));
  }
}

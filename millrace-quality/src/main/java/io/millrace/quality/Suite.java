package io.millrace.quality;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An expectation suite as loaded from a file (not yet bound to a table). Immutable.
 *
 * @param name {@code expectation_suite_name}/{@code name}, or the file name without extension
 * @param file the file it was read from (for error messages); may be a synthetic path
 * @param expectations in file order
 * @param meta suite metadata copied into validation results
 */
public record Suite(String name, Path file, List<ExpectationConfig> expectations, Map<String, Object> meta) {
  public Suite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    expectations = List.copyOf(expectations);
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta == null ? Map.of() : meta));
  }

  /** A suite built in code. */
  public static Suite of(String name, List<ExpectationConfig> expectations) {
    return new Suite(name, Path.of(name + ".yaml"), expectations, Map.of());
  }
}

package io.millrace.api.project;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Sample data a project generates on first run when its source files are absent
 * ({@code generate: {dataset: recsys, out: data, users: 1000}} in {@code millrace.yaml}).
 *
 * @param dataset generator name ({@code recsys} or {@code sales})
 * @param out resolved output folder (recsys) or file (sales)
 * @param options generator options as written ({@code users}, {@code rows}, {@code seed}, ...)
 */
public record GenerateSpec(String dataset, Path out, Map<String, String> options) {
  public GenerateSpec {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(out, "out");
    options = Map.copyOf(options);
  }
}

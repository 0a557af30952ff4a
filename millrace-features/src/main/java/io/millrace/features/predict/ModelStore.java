package io.millrace.features.predict;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Model artifacts on disk: {@code <root>/<predictor>/<version>/} with versions {@code v1}, {@code v2},
 * ... (the project's {@code .millrace/models/} by default). A version folder appears complete or not at
 * all: training writes into a hidden folder and renames it. Stateless.
 */
public record ModelStore(Path root) {
  /** The project's store: {@code <stateDir>/models}. */
  public static ModelStore of(io.millrace.api.project.ProjectSpec project) {
    return new ModelStore(project.stateDir().resolve("models"));
  }

  /** Versions of a predictor, oldest first. */
  public List<String> versions(String predictor) {
    Path dir = root.resolve(predictor);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("v\\d+"))
          .sorted(Comparator.comparingLong(n -> Long.parseLong(n.substring(1)))).toList();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list %s: %s", dir, e.getMessage());
    }
  }

  public Optional<String> latest(String predictor) {
    List<String> v = versions(predictor);
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  /** The version after the latest ({@code v1} for the first). */
  public String next(String predictor) {
    return latest(predictor).map(v -> "v" + (Long.parseLong(v.substring(1)) + 1)).orElse("v1");
  }

  /**
   * The folder of a version, or of the latest when {@code version} is null.
   *
   * @throws MillraceException USER when the predictor has no trained version, or not that one
   */
  public Path dir(String predictor, String version) {
    List<String> all = versions(predictor);
    if (all.isEmpty()) {
      throw MillraceException.user("Cannot find a model of predictor '%s': it has not been trained (run `millrace train "
          + "--predictor %s`)", predictor, predictor);
    }
    String v = version == null ? all.get(all.size() - 1) : version.startsWith("v") ? version : "v" + version;
    if (!all.contains(v)) {
      throw MillraceException.user("Cannot find version '%s' of predictor '%s' (versions: %s)", version, predictor,
          String.join(", ", all));
    }
    return root.resolve(predictor).resolve(v);
  }
}

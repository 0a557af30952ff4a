package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The {@code *.yaml} and {@code *.yml} files of a project folder (streams/, features/, predictors/), by name. */
final class YamlFiles {
  private YamlFiles() {}

  /** Empty when the folder does not exist. */
  static List<Path> in(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list %s: %s", dir, e.getMessage());
    }
  }
}

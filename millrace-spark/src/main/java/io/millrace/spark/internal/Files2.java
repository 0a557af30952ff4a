package io.millrace.spark.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

final class Files2 {
  private Files2() {}

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // best effort
    }
  }
}

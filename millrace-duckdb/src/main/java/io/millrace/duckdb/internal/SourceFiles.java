package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by the file readers. */
final class SourceFiles {
  private SourceFiles() {}

  /** The source's path, which must name a readable file. */
  static Path existing(SourceSpec source) {
    Path path = source.path();
    if (path == null) {
      throw MillraceException.user("Cannot read source '%s': no path given for format %s",
          source.name(), source.format());
    }
    if (!Files.isRegularFile(path)) {
      throw MillraceException.user("Cannot read source '%s' from %s: file not found", source.name(),
          path.toAbsolutePath());
    }
    if (!Files.isReadable(path)) {
      throw MillraceException.user("Cannot read source '%s' from %s: file is not readable",
          source.name(), path.toAbsolutePath());
    }
    return path.toAbsolutePath();
  }

  static MillraceException error(SourceSpec source, Path path, String reason, Object... args) {
    return MillraceException.user("Cannot read source '%s' from %s: %s", source.name(), path,
        String.format(reason, args));
  }
}

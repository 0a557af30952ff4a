package io.millrace.core.lineage.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Appends events as JSON lines to one file (created with its folder). Thread-safe. */
public final class FileSink implements EventSink {
  private final Path file;

  public FileSink(Path file) {
    this.file = file;
  }

  @Override
  public synchronized void send(List<String> events) {
    if (events.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    events.forEach(e -> b.append(e).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write lineage events to %s: %s", file, e.getMessage());
    }
  }
}

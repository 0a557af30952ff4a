package io.millrace.core.lineage.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * Appends events as JSON lines to one file (created with its folder). Thread-safe. The file stays open
 * between events (each send is one write, so it is current) until {@link #flush()}; it is opened again
 * when the path no longer names it (its events pruned by another process meanwhile).
 */
public final class FileSink implements EventSink {
  private final Path file;
  private OutputStream out;
  private Object openedKey;

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
      if (out != null && !Objects.equals(openedKey, key())) {
        flush();
      }
      if (out == null) {
        Files.createDirectories(file.getParent());
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        openedKey = key();
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      flush();
      throw MillraceException.external(e, "Cannot write lineage events to %s: %s", file, e.getMessage());
    }
  }

  /** Closes the file; the next event opens it again. */
  @Override
  public synchronized void flush() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        System.getLogger(FileSink.class.getName()).log(System.Logger.Level.WARNING,
            "Cannot close lineage events file " + file + ": " + e.getMessage());
      }
      out = null;
    }
  }

  private Object key() throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}

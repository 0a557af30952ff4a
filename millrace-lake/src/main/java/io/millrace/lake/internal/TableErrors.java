package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns an Iceberg failure on a table's read path into one clear error naming the table, the file
 * and the way out. A corrupt or missing local file (unparsable {@code vN.metadata.json}, a manifest
 * that is gone) is the user's to repair (USER, exit 2, not retried); an I/O failure that is not about
 * the content (permissions aside: storage unreachable, disk errors) may pass (EXTERNAL, retried).
 */
final class TableErrors {
  private TableErrors() {}

  static MillraceException unreadable(String table, LocalCatalog catalog, RuntimeException e) {
    String file = TableRecovery.latestMetadata(catalog.folder().resolve(table)).map(Path::toString)
        .orElse(catalog.folder().resolve(table).resolve("metadata").toString());
    String reason = rootMessage(e);
    if (isStorageFailure(e)) {
      return MillraceException.external(e, "Cannot read table '%s' (metadata %s): %s", table, file, reason);
    }
    return MillraceException.user("Cannot read table '%s': its metadata %s or a file it lists is corrupt or "
        + "missing (%s). Other tables are not affected. Roll the table back to its last good metadata "
        + "version with `millrace tables PROJECT --recover %s`, or drop it with `millrace tables PROJECT "
        + "--drop %s` and run the project again to rebuild it", table, file, reason, table, table);
  }

  /** An I/O failure that is not a missing file nor unparsable content. */
  private static boolean isStorageFailure(Throwable e) {
    boolean io = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      if (t instanceof FileNotFoundException || t instanceof NoSuchFileException
          || type.startsWith("com.fasterxml.jackson") || type.contains("avro")
          || type.equals("org.apache.iceberg.exceptions.NotFoundException")
          || t instanceof IllegalArgumentException || t instanceof NullPointerException
          || t instanceof java.io.EOFException) {
        return false;
      }
      io |= t instanceof IOException || t instanceof UncheckedIOException;
    }
    return io;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String own = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
    String deep = Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
    return root == e || own.contains(deep) ? own : own + ": " + deep.lines().findFirst().orElse(deep);
  }
}

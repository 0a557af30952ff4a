package io.millrace.core.lineage.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention of the JSON-lines event files ({@code events.jsonl}, {@code spool.jsonl}): events whose
 * {@code eventTime} is before a cutoff are dropped. Events are appended in time order, so the first
 * line says whether anything is to drop: a file within retention costs one line's read. A file that
 * is pruned is rewritten beside itself and moved over it atomically.
 */
public final class EventFiles {
  private static final Pattern TIME = Pattern.compile("\"eventTime\"\\s*:\\s*\"([^\"]+)\"");

  private EventFiles() {}

  /**
   * Drops the events of {@code file} older than {@code cutoff} (lines without a readable time are kept).
   *
   * @return events dropped
   */
  public static int prune(Path file, Instant cutoff) throws IOException {
    if (!Files.isRegularFile(file)) {
      return 0;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = in.readLine();
      if (first == null || !before(first, cutoff)) {
        return 0;
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".prune");
    int dropped = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (before(line, cutoff)) {
          dropped++;
        } else {
          out.write(line);
          out.write('\n');
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return dropped;
  }

  private static boolean before(String line, Instant cutoff) {
    Matcher m = TIME.matcher(line);
    if (!m.find()) {
      return false;
    }
    try {
      return java.time.OffsetDateTime.parse(m.group(1)).toInstant().isBefore(cutoff);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}

package io.millrace.core.logs;

import io.millrace.api.project.ProjectSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * How long what runs leave under {@code .millrace/} is kept: node logs ({@code logs/<run>/}) and
 * lineage event files ({@code lineage/events.jsonl}, {@code lineage/spool.jsonl}). From
 * {@code log_retention: {keep_days: 30, keep_runs: 50}} in {@code millrace.yaml} (the default), in the
 * style of {@code warehouse_retention}: a run's logs are deleted once the run is older than
 * {@code keepAge} and is not among the newest {@code keepRuns} runs with logs; lineage events older
 * than {@code keepAge} are dropped from the files (undelivered events too: a lineage server down for
 * longer will not get them).
 *
 * @param keepAge logs and events younger than this are kept (positive)
 * @param keepRuns the logs of at least this many newest runs are kept (at least 1)
 */
public record LogRetention(Duration keepAge, int keepRuns) {
  /** Thirty days, and at least the last fifty runs' logs. */
  public static final LogRetention DEFAULT = new LogRetention(Duration.ofDays(30), 50);
  private static final System.Logger LOG = System.getLogger(LogRetention.class.getName());
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** Settings read with each project, by project folder (kept here rather than in the shared ProjectSpec). */
  private static final Map<Path, LogRetention> READ = new ConcurrentHashMap<>();

  public LogRetention {
    Objects.requireNonNull(keepAge, "keepAge");
    if (keepAge.isNegative() || keepAge.isZero()) {
      throw new IllegalArgumentException("keepAge must be positive: " + keepAge);
    }
    if (keepRuns < 1) {
      throw new IllegalArgumentException("keepRuns must be at least 1: " + keepRuns);
    }
  }

  /** Called by the project reader with the {@code log_retention:} settings of the project in {@code root}. */
  public static void remember(Path root, LogRetention retention) {
    READ.put(root.toAbsolutePath().normalize(), retention);
  }

  /** The settings of a loaded project; {@link #DEFAULT} when it has none. */
  public static LogRetention of(ProjectSpec project) {
    return READ.getOrDefault(project.root().toAbsolutePath().normalize(), DEFAULT);
  }

  /**
   * Deletes the node logs of runs past retention under {@code stateDir/logs}, never those of
   * {@code keepRun} (the run starting). Never throws: a folder that cannot be deleted is logged.
   *
   * @return the run folders deleted
   */
  public int pruneNodeLogs(Path stateDir, String keepRun, Instant now) {
    Path logs = stateDir.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return 0;
    }
    List<Path> runs;
    try (Stream<Path> s = Files.list(logs)) {
      runs = new ArrayList<>(s.filter(Files::isDirectory).toList());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot list node logs in " + logs + ": " + e.getMessage());
      return 0;
    }
    runs.sort(Comparator.comparing(LogRetention::startedAt).reversed());   // newest first
    Instant cutoff = now.minus(keepAge);
    int deleted = 0;
    for (int i = keepRuns; i < runs.size(); i++) {
      Path run = runs.get(i);
      if (run.getFileName().toString().equals(keepRun) || !startedAt(run).isBefore(cutoff)) {
        continue;
      }
      try {
        deleteTree(run);
        deleted++;
      } catch (IOException | UncheckedIOException e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot delete old node logs " + run + ": " + e.getMessage());
      }
    }
    return deleted;
  }

  /** A run folder's start: from its run id ({@code 20250101T120000123Z-3f2a}), else its modification time. */
  static Instant startedAt(Path run) {
    String name = run.getFileName().toString();
    int dash = name.indexOf('-');
    try {
      return Instant.from(RUN_ID.parse(dash < 0 ? name : name.substring(0, dash)));
    } catch (DateTimeParseException e) {
      try {
        return Files.getLastModifiedTime(run).toInstant();
      } catch (IOException io) {
        return Instant.EPOCH;
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

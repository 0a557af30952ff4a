package io.millrace.core.plan.internal;

import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.SourceFormat;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Node weights for the critical path (the plan's, and the run's priorities): a node's median past
 * duration (ms) when it has run before, otherwise a cost estimate from the bytes flowing through it.
 *
 * <p>Design note: with no history every node used to weigh 1, so nodes of equal depth tied and the
 * engine slot went to whichever became ready first (on the sales-etl example, {@code daily_summary}
 * ran before {@code sales_data}, whose SQLite export is the longest chain). The estimate only has to
 * rank chains, not predict times: a source costs its file size, a table model the sum of what it
 * reads, and its output is taken as large as its largest input, or a tenth of it when the SQL
 * aggregates ({@code GROUP BY} / {@code DISTINCT}, a textual test); a view costs nothing itself (its
 * readers pay); an export costs its table's size times a factor by kind (row-at-a-time database
 * inserts are several times slower than writing a file). The unit is about a millisecond on a
 * 2-core machine, so a node added to a project that has history still ranks sensibly beside the
 * others' measured durations. The estimates rank chains; they are not shown as times.
 */
public final class NodeCosts {
  /** Bytes the engine reads per ms when loading a source (about 40 MB/s incl. checks and commit). */
  static final long SOURCE_BYTES_PER_MS = 40_000;
  /** Bytes a table model reads per ms. */
  static final long MODEL_BYTES_PER_MS = 100_000;
  /** Bytes per ms exported to a file (Parquet, CSV). */
  static final long FILE_EXPORT_BYTES_PER_MS = 100_000;
  /** Bytes per ms exported to a database (SQLite, PostgreSQL: one bound value at a time). */
  static final long DB_EXPORT_BYTES_PER_MS = 25_000;
  /** Size assumed for a source whose size cannot be read (JDBC, a glob, a missing file): 10 MB. */
  static final long UNKNOWN_SOURCE_BYTES = 10_000_000;

  private static final Pattern AGGREGATES =
      Pattern.compile("\\bgroup\\s+by\\b|\\bselect\\s+distinct\\b", Pattern.CASE_INSENSITIVE);

  private NodeCosts() {}

  /**
   * Each node's weight: its past duration when it has one, its estimate otherwise.
   *
   * @param nodes in topological order
   * @param past median past duration in ms of the nodes that have run before (from the run store)
   * @return in the order of {@code nodes}
   */
  public static Map<String, Long> weights(List<PlanNode> nodes, Map<String, Long> past) {
    Map<String, Long> estimates = past.keySet().containsAll(names(nodes)) ? Map.of() : estimates(nodes);
    Map<String, Long> out = new LinkedHashMap<>();
    for (PlanNode n : nodes) {
      Long w = past.get(n.name());
      out.put(n.name(), w != null ? Math.max(0, w) : estimates.get(n.name()));
    }
    return out;
  }

  private static List<String> names(List<PlanNode> nodes) {
    return nodes.stream().map(PlanNode::name).toList();
  }

  /** Estimated cost of each node (about ms; at least 1), nodes in topological order. */
  static Map<String, Long> estimates(List<PlanNode> nodes) {
    Map<String, Long> outBytes = new HashMap<>();
    Map<String, Long> cost = new HashMap<>();
    for (PlanNode n : nodes) {
      long in = 0;
      long largest = 0;
      for (String up : n.upstream()) {
        long b = outBytes.getOrDefault(up, 0L);
        in += b;
        largest = Math.max(largest, b);
      }
      long out;
      long ms;
      switch (n.kind()) {
        case SOURCE -> {
          out = sourceBytes(n);
          ms = out / SOURCE_BYTES_PER_MS;
        }
        case EXPORT -> {
          out = 0;
          ms = in / exportBytesPerMs(n.export());
        }
        case MODEL -> {
          boolean view = n.model() != null && n.model().materialized() == Materialization.VIEW;
          boolean aggregates = n.model() != null && AGGREGATES.matcher(n.model().sql()).find();
          out = aggregates ? largest / 10 : largest;
          ms = view ? 0 : in / MODEL_BYTES_PER_MS;
        }
        case STREAM -> {
          out = UNKNOWN_SOURCE_BYTES;
          ms = 0;
        }
        default -> {   // TRAIN, TRAINING_SET: read their inputs like a table model
          out = largest;
          ms = in / MODEL_BYTES_PER_MS;
        }
      }
      outBytes.put(n.name(), out);
      cost.put(n.name(), Math.max(1, ms));
    }
    return cost;
  }

  private static long exportBytesPerMs(ExportSpec export) {
    if (export == null) {
      return FILE_EXPORT_BYTES_PER_MS;
    }
    return switch (export.format()) {
      case SQLITE, POSTGRES -> DB_EXPORT_BYTES_PER_MS;
      case PARQUET, CSV -> FILE_EXPORT_BYTES_PER_MS;
    };
  }

  private static long sourceBytes(PlanNode n) {
    if (n.source() == null || n.source().format() == SourceFormat.JDBC || n.source().path() == null) {
      return UNKNOWN_SOURCE_BYTES;
    }
    Path p = n.source().path();
    try {
      if (Files.isRegularFile(p)) {
        return Files.size(p);
      }
      if (Files.isDirectory(p)) {
        long sum = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(p)) {
          for (Path f : files) {
            sum += Files.isRegularFile(f) ? Files.size(f) : 0;
          }
        }
        return sum;
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      // only a priority: an unreadable size is no error here, the load itself will report it
    }
    return UNKNOWN_SOURCE_BYTES;
  }
}

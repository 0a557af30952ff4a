package io.millrace.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.ExpectationResult;
import io.millrace.quality.RecordValidator;
import io.millrace.quality.Suite;
import io.millrace.quality.SuiteLoader;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.ValidationResult;
import io.millrace.quality.Validator;
import io.millrace.stream.internal.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * A stream job's relation-level expectations (uniqueness, z-scores, means, row counts, and the
 * verdict of row-level expectations with {@code mostly}), judged per tumbling window of event time:
 * each window's events are validated as one relation by the quality module's batch {@link
 * Validator} on the engine, so a window's verdict is exactly the batch verdict on the same rows.
 *
 * <p>The relation is every event that parsed (valid ones and those dead-lettered by row-level
 * checks), as batch judges a staged relation before quarantining. The window is the checks'
 * {@code window} (default 1 minute), the same for every suite of a job; a window is judged once,
 * when stream time passes its end plus the job's grace. Thread-safe; {@link #evaluate} uses the
 * session it is given.
 */
public final class WindowChecks {
  /** The window when the checks declare none. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  private final StreamJobSpec job;
  private final List<Suite> suites;
  private final Duration window;
  private final Supplier<EngineSession> engine;
  private final Path scratch;

  private WindowChecks(StreamJobSpec job, List<Suite> suites, Duration window, Supplier<EngineSession> engine,
                       Path scratch) {
    this.job = job;
    this.suites = List.copyOf(suites);
    this.window = window;
    this.engine = engine;
    this.scratch = scratch;
  }

  /**
   * The job's relation-level expectations, or null when its suites have none.
   *
   * @param engine sessions to evaluate windows on (one per stream task)
   * @param scratch where a window's events are written for the engine to read (a folder the engine
   *     may read); null for the system's temporary folder
   * @throws MillraceException USER when suites declare different windows, or do not fit the job's fields
   */
  public static WindowChecks of(StreamJobSpec job, Supplier<EngineSession> engine, Path scratch) {
    List<Suite> suites = new ArrayList<>();
    Duration window = null;
    CheckSpec first = null;
    for (CheckSpec c : job.checks()) {
      Suite suite = new SuiteLoader().load(c.suite());
      List<ExpectationConfig> rel = RecordValidator.compile(suite, schema(job)).relationLevel();
      if (rel.isEmpty()) {
        continue;
      }
      Duration w = c.window() == null ? DEFAULT_WINDOW : c.window();
      if (window != null && !window.equals(w)) {
        throw MillraceException.user("Cannot check windows of stream job '%s': suites %s and %s declare different "
            + "windows (%s, %s); use one window per job", job.name(), first.suite().getFileName(), c.suite().getFileName(),
            window, w);
      }
      window = w;
      first = first == null ? c : first;
      suites.add(new Suite(suite.name(), suite.file(), rel, suite.meta()));
    }
    return suites.isEmpty() ? null : new WindowChecks(job, suites, window, engine, scratch);
  }

  /** Whether the job's suites hold relation-level expectations (it then writes window checks). */
  public static boolean declared(StreamJobSpec job) {
    return of(job, () -> null, null) != null;
  }

  /** The topic of window-check results. */
  public static String topic(StreamJobSpec job) {
    return job.name() + ".window_checks";
  }

  /** The warehouse table of window-check results. */
  public static String table(StreamJobSpec job) {
    return job.name() + "_window_checks";
  }

  /** The columns of {@code <job>_window_checks}. */
  public static Map<String, LogicalType> columns() {
    Map<String, LogicalType> c = new LinkedHashMap<>();
    c.put("window_start", LogicalType.TIMESTAMPTZ);
    c.put("window_end", LogicalType.TIMESTAMPTZ);
    c.put("suite", LogicalType.VARCHAR);
    c.put("expectation", LogicalType.VARCHAR);
    c.put("success", LogicalType.BOOLEAN);
    c.put("observed_value", LogicalType.VARCHAR);
    c.put("unexpected_percent", LogicalType.DOUBLE);
    c.put("events", LogicalType.BIGINT);
    c.put("result", LogicalType.VARCHAR);
    return c;
  }

  public Duration window() {
    return window;
  }

  public Supplier<EngineSession> engine() {
    return engine;
  }

  /** The suites, each holding only its relation-level expectations. */
  public List<Suite> suites() {
    return suites;
  }

  /**
   * Judges one window's events: one result row per expectation (see {@link #columns}).
   *
   * @param rows the window's parsed events (typed records)
   * @throws MillraceException from the engine when the rows cannot be read
   */
  public List<ObjectNode> evaluate(EngineSession session, long startMillis, long endMillis, List<Map<String, Object>> rows) {
    Path file;
    try {
      String prefix = "window-" + job.name() + "-";
      if (scratch == null) {
        file = Files.createTempFile(prefix, ".jsonl");
      } else {
        Files.createDirectories(scratch);
        file = Files.createTempFile(scratch, prefix, ".jsonl");
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (Map<String, Object> r : rows) {
          out.write(Json.MAPPER.writeValueAsString(Json.plain(r)));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot write the events of a window of stream job '%s': %s", job.name(),
          e.getMessage());
    }
    try {
      List<ObjectNode> out = new ArrayList<>();
      for (Suite s : suites) {
        ValidationResult r = new Validator().validate(s, session, relation(file), ValidationOptions.DEFAULT);
        for (ExpectationResult e : r.results()) {
          out.add(row(s, e, startMillis, endMillis, rows.size()));
        }
      }
      return out;
    } finally {
      file.toFile().delete();
    }
  }

  /** The window's events as a relation the engine reads, typed as the job's fields. */
  public String relation(Path jsonl) {
    StringJoiner cols = new StringJoiner(", ");
    for (Column c : schema(job).columns()) {
      cols.add(SqlText.string(c.name()) + ": " + SqlText.string(c.sql()));
    }
    return "read_json(" + SqlText.string(jsonl.toString()) + ", format = 'newline_delimited', columns = {" + cols + "})";
  }

  private static ObjectNode row(Suite s, ExpectationResult e, long start, long end, int events) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("window_start", Instant.ofEpochMilli(start).toString());
    n.put("window_end", Instant.ofEpochMilli(end).toString());
    n.put("suite", s.name());
    n.put("expectation", e.name());
    n.put("success", e.success());
    Object observed = e.result().containsKey("observed_value") ? e.result().get("observed_value")
        : e.exception() != null ? "error: " + e.exception().message() : null;
    n.put("observed_value", observed == null ? null : String.valueOf(observed));
    if (e.result().get("unexpected_percent") instanceof Number p) {
      n.put("unexpected_percent", p.doubleValue());
    } else {
      n.putNull("unexpected_percent");
    }
    n.put("events", events);
    try {
      n.put("result", Json.MAPPER.writeValueAsString(e.result()));
    } catch (IOException ex) {
      n.put("result", String.valueOf(e.result()));
    }
    return n;
  }

  static TableSchema schema(StreamJobSpec job) {
    List<Column> cols = new ArrayList<>();
    for (StreamField f : job.fields()) {
      cols.add(new Column(f.name(), f.type()));
    }
    return new TableSchema(cols);
  }
}

package io.millrace.stream;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.RecordFailure;
import io.millrace.quality.RecordValidator;
import io.millrace.quality.Suite;
import io.millrace.quality.SuiteLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stream job's suites as an {@link EventCheck}: each suite compiled by the quality module's
 * {@link RecordValidator} against the job's typed fields, with exactly the batch semantics. A suite
 * attached with {@code severity: warn} does not dead-letter.
 *
 * <p>Relation-level expectations (uniqueness, z-scores, means, table shape) cannot be judged on one
 * event: they are judged per event-time window ({@link WindowChecks}, given an engine). A row-level
 * expectation with {@code mostly} is both: each failing event is dead-lettered (as batch quarantine
 * removes each failing row), and whether the share of passing events reaches {@code mostly} is
 * judged per window over every parsed event, as batch judges the staged relation.
 */
public final class SuiteChecks {
  private SuiteChecks() {}

  /**
   * @throws MillraceException USER naming the suite file and expectation when a suite does not fit
   *     the job's fields or holds a relation-level expectation
   */
  public static EventCheck of(StreamJobSpec job) {
    return of(job, null);
  }

  /**
   * @param engine sessions for judging relation-level expectations per window; null refuses them
   * @throws MillraceException USER naming the suite file and expectation when a suite does not fit
   *     the job's fields, or holds a relation-level expectation and there is no engine
   */
  public static EventCheck of(StreamJobSpec job, java.util.function.Supplier<io.millrace.api.spi.EngineSession> engine) {
    return of(job, engine, null);
  }

  /**
   * @param scratch where window checks write a window's events for the engine to read (null: the
   *     system's temporary folder); see {@link WindowChecks#of}
   */
  public static EventCheck of(StreamJobSpec job, java.util.function.Supplier<io.millrace.api.spi.EngineSession> engine,
                              java.nio.file.Path scratch) {
    List<Column> cols = new ArrayList<>();
    for (StreamField f : job.fields()) {
      cols.add(new Column(f.name(), f.type()));
    }
    TableSchema schema = new TableSchema(cols);
    List<RecordValidator> validators = new ArrayList<>();
    SuiteLoader loader = new SuiteLoader();
    for (CheckSpec c : job.checks()) {
      if (c.severity() == CheckSpec.Severity.WARN) {
        continue;
      }
      Suite suite = loader.load(c.suite());
      RecordValidator v = RecordValidator.compile(suite, schema);
      if (!v.relationLevel().isEmpty() && engine == null) {
        ExpectationConfig e = v.relationLevel().get(0);
        throw MillraceException.user("Cannot check events of stream job '%s' with suite %s: %s needs the whole relation "
            + "and cannot be judged per event (%d such expectation(s)); put it on the %s table in a batch pipeline",
            job.name(), c.suite().getFileName(), e.type(), v.relationLevel().size(), job.eventsTable());
      }
      validators.add(v);
      List<ExpectationConfig> perEvent = withoutMostly(v.relationLevel(), schema);
      if (!perEvent.isEmpty()) {
        validators.add(RecordValidator.compile(new Suite(suite.name(), suite.file(), perEvent, suite.meta()), schema));
      }
    }
    WindowChecks windows = engine == null ? null : WindowChecks.of(job, engine, scratch);
    if (validators.isEmpty() && windows == null) {
      return EventCheck.NONE;
    }
    return new EventCheck() {
      @Override
      public List<String> failures(Map<String, Object> record) {
        return SuiteChecks.failures(validators, record);
      }

      @Override
      public WindowChecks windowChecks() {
        return windows;
      }
    };
  }

  /** The row-level expectations with {@code mostly} among {@code relationLevel}, without it (judged per event). */
  private static List<ExpectationConfig> withoutMostly(List<ExpectationConfig> relationLevel, TableSchema schema) {
    List<ExpectationConfig> out = new ArrayList<>();
    for (ExpectationConfig e : relationLevel) {
      if (!e.kwargs().containsKey("mostly")) {
        continue;
      }
      Map<String, Object> kwargs = new java.util.LinkedHashMap<>(e.kwargs());
      kwargs.remove("mostly");
      ExpectationConfig strict = new ExpectationConfig(e.type(), kwargs, e.meta(), e.severity(), e.onFail());
      if (RecordValidator.compile(Suite.of("mostly", List.of(strict)), schema).relationLevel().isEmpty()) {
        out.add(strict);
      }
    }
    return out;
  }

  private static List<String> failures(List<RecordValidator> validators, Map<String, Object> record) {
    List<String> out = List.of();
    for (RecordValidator v : validators) {
      List<RecordFailure> f = v.check(record);
      if (!f.isEmpty()) {
        out = out.isEmpty() ? new ArrayList<>() : out;
        for (RecordFailure r : f) {
          out.add(r.expectationType() + "(" + r.column() + "): " + r.reason());
        }
      }
    }
    return out;
  }
}

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
 * {@link RecordValidator} against the job's typed fields, with exactly the batch semantics.
 * Relation-level expectations (uniqueness, {@code mostly}, z-scores, table shape) cannot be judged
 * on one event and are refused here, at plan time, naming the suite and expectation. A suite
 * attached with {@code severity: warn} does not dead-letter.
 */
public final class SuiteChecks {
  private SuiteChecks() {}

  /**
   * @throws MillraceException USER naming the suite file and expectation when a suite does not fit
   *     the job's fields or holds a relation-level expectation
   */
  public static EventCheck of(StreamJobSpec job) {
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
      if (!v.relationLevel().isEmpty()) {
        ExpectationConfig e = v.relationLevel().get(0);
        throw MillraceException.user("Cannot check events of stream job '%s' with suite %s: %s needs the whole relation "
            + "and cannot be judged per event (%d such expectation(s)); put it on the %s table in a batch pipeline",
            job.name(), c.suite().getFileName(), e.type(), v.relationLevel().size(), job.eventsTable());
      }
      validators.add(v);
    }
    if (validators.isEmpty()) {
      return EventCheck.NONE;
    }
    return record -> failures(validators, record);
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

package io.millrace.api.project;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A quality suite attached to a source or model.
 *
 * @param suite the suite file (YAML or Great Expectations JSON)
 * @param severity ERROR fails the node and keeps its output uncommitted; WARN records and continues
 * @param onFail FAIL (gate by severity) or QUARANTINE (row-level failures move to {@code <table>__quarantine})
 * @param window stream jobs only: the tumbling event-time window over which the suite's
 *     relation-level expectations are judged; null for the default (1 minute)
 */
public record CheckSpec(Path suite, Severity severity, OnFail onFail, java.time.Duration window) {
  public enum Severity { ERROR, WARN }

  public enum OnFail { FAIL, QUARANTINE }

  public CheckSpec {
    Objects.requireNonNull(suite, "suite");
    severity = severity == null ? Severity.ERROR : severity;
    onFail = onFail == null ? OnFail.FAIL : onFail;
    if (window != null && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("window " + window + " must be positive");
    }
  }

  public CheckSpec(Path suite, Severity severity, OnFail onFail) {
    this(suite, severity, onFail, null);
  }
}

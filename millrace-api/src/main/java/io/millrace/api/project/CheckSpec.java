package io.millrace.api.project;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A quality suite attached to a source or model.
 *
 * @param suite the suite file (YAML or Great Expectations JSON)
 * @param severity ERROR fails the node and keeps its output uncommitted; WARN records and continues
 * @param onFail FAIL (gate by severity) or QUARANTINE (row-level failures move to {@code <table>__quarantine})
 */
public record CheckSpec(Path suite, Severity severity, OnFail onFail) {
  public enum Severity { ERROR, WARN }

  public enum OnFail { FAIL, QUARANTINE }

  public CheckSpec {
    Objects.requireNonNull(suite, "suite");
    severity = severity == null ? Severity.ERROR : severity;
    onFail = onFail == null ? OnFail.FAIL : onFail;
  }
}

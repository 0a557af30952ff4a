package io.millrace.quality;

import io.millrace.api.MillraceException;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One expectation of a suite, as written: Great Expectations' type and kwargs, plus Millrace's
 * optional {@code severity} and {@code on_fail}.
 *
 * @param type expectation type, e.g. {@code expect_column_values_to_not_be_null}
 * @param kwargs keyword arguments as parsed from YAML/JSON (values: String, Number, Boolean, List,
 *     Map or null); insertion order kept
 * @param meta free-form metadata copied into results
 * @param severity ERROR or WARN; null means the attachment's default
 * @param onFail FAIL or QUARANTINE (row-level only); null means the attachment's default
 */
public record ExpectationConfig(String type, Map<String, Object> kwargs, Map<String, Object> meta,
                                Severity severity, OnFail onFail) {
  public ExpectationConfig {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw MillraceException.user("Cannot declare an expectation with a blank type");
    }
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs));
    meta = Collections.unmodifiableMap(new LinkedHashMap<>(meta == null ? Map.of() : meta));
  }

  /** An expectation with kwargs only. */
  public static ExpectationConfig of(String type, Map<String, Object> kwargs) {
    return new ExpectationConfig(type, kwargs, Map.of(), null, null);
  }

  /** The {@code column} kwarg, or null. */
  public String column() {
    Object c = kwargs.get("column");
    return c == null ? null : c.toString();
  }
}

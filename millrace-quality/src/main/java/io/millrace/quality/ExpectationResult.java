package io.millrace.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one expectation, in Great Expectations' shape.
 *
 * @param config the expectation as written
 * @param name display name, e.g. {@code expect_column_values_to_not_be_null(price)}
 * @param success verdict (false when an exception was raised)
 * @param result GE's {@code result} map ({@code observed_value} or {@code element_count},
 *     {@code unexpected_count}, {@code partial_unexpected_list}, ...), sized by {@code result_format}
 * @param exception null, or what went wrong while evaluating it
 */
public record ExpectationResult(ExpectationConfig config, String name, boolean success, Map<String, Object> result,
                                ExceptionInfo exception) {
  /** GE's {@code exception_info}. */
  public record ExceptionInfo(String message, String traceback) {}

  public ExpectationResult {
    Objects.requireNonNull(config, "config");
    result = Collections.unmodifiableMap(new LinkedHashMap<>(result));
  }

  /** This result as GE's JSON object. */
  public Map<String, Object> toMap() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("type", config.type());
    cfg.put("expectation_type", config.type());
    cfg.put("kwargs", config.kwargs());
    cfg.put("meta", config.meta());
    if (config.severity() != null) {
      cfg.put("severity", config.severity().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (config.onFail() != null) {
      cfg.put("on_fail", config.onFail().name().toLowerCase(java.util.Locale.ROOT));
    }
    Map<String, Object> ex = new LinkedHashMap<>();
    ex.put("raised_exception", exception != null);
    ex.put("exception_message", exception == null ? null : exception.message());
    ex.put("exception_traceback", exception == null ? null : exception.traceback());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", success);
    m.put("expectation_config", cfg);
    m.put("result", result);
    m.put("meta", config.meta());
    m.put("exception_info", ex);
    return m;
  }
}

package io.millrace.quality.internal;

import java.util.Locale;
import java.util.Map;

/**
 * GE's {@code result_format}: a level and how many unexpected values to sample.
 *
 * @param level BOOLEAN_ONLY, BASIC, SUMMARY or COMPLETE
 * @param partialCount cap of {@code partial_unexpected_list} (default 20)
 */
public record ResultFormat(String level, int partialCount) {
  public static final ResultFormat SUMMARY = new ResultFormat("SUMMARY", 20);

  public ResultFormat {
    if (!java.util.List.of("BOOLEAN_ONLY", "BASIC", "SUMMARY", "COMPLETE").contains(level)) {
      throw new BindError("result_format '" + level + "' must be BOOLEAN_ONLY, BASIC, SUMMARY or COMPLETE");
    }
    if (partialCount < 0) {
      throw new BindError("partial_unexpected_count " + partialCount + " must be >= 0");
    }
  }

  /** Parses a kwarg value (string or {result_format, partial_unexpected_count}); null gives {@code dflt}. */
  public static ResultFormat parse(Object v, ResultFormat dflt) {
    if (v == null) {
      return dflt;
    }
    if (v instanceof Map<?, ?> m) {
      Object level = m.get("result_format");
      Object n = m.get("partial_unexpected_count");
      return new ResultFormat(level == null ? dflt.level : level.toString().toUpperCase(Locale.ROOT),
          n instanceof Number num ? num.intValue() : 20);
    }
    return new ResultFormat(v.toString().toUpperCase(Locale.ROOT), 20);
  }

  public boolean booleanOnly() {
    return level.equals("BOOLEAN_ONLY");
  }

  public boolean atLeastSummary() {
    return level.equals("SUMMARY") || level.equals("COMPLETE");
  }

  public boolean complete() {
    return level.equals("COMPLETE");
  }
}

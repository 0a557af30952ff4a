package io.millrace.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.millrace.api.MillraceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of validating one relation with one suite, in Great Expectations' suite-result shape.
 *
 * @param suite suite name
 * @param results one per expectation, in suite order
 * @param meta suite meta plus run facts ({@code queries}: engine queries issued, {@code duration_ms})
 */
public record ValidationResult(String suite, List<ExpectationResult> results, Map<String, Object> meta) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ValidationResult {
    results = List.copyOf(results);
    meta = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
  }

  /** True when every expectation succeeded. */
  public boolean success() {
    return results.stream().allMatch(ExpectationResult::success);
  }

  public int successful() {
    return (int) results.stream().filter(ExpectationResult::success).count();
  }

  /** Successful / evaluated x 100 (100 for an empty suite). */
  public double successPercent() {
    return results.isEmpty() ? 100.0 : 100.0 * successful() / results.size();
  }

  /** GE's suite result as a map. */
  public Map<String, Object> toMap() {
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("evaluated_expectations", results.size());
    stats.put("successful_expectations", successful());
    stats.put("unsuccessful_expectations", results.size() - successful());
    stats.put("success_percent", successPercent());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("success", success());
    m.put("statistics", stats);
    m.put("results", results.stream().map(ExpectationResult::toMap).toList());
    Map<String, Object> fullMeta = new LinkedHashMap<>();
    fullMeta.put("expectation_suite_name", suite);
    fullMeta.putAll(meta);
    m.put("meta", fullMeta);
    return m;
  }

  /** GE's suite result as pretty JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw MillraceException.internal(e, "Cannot render validation result of suite %s: %s", suite, e.getMessage());
    }
  }

  /** One line per expectation: ✓/✗, type, column, observed value, unexpected count and percent. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    int width = results.stream().mapToInt(r -> r.config().type().length()).max().orElse(10);
    for (ExpectationResult r : results) {
      Map<String, Object> res = r.result();
      String label = r.name().startsWith(r.config().type()) ? r.name().substring(r.config().type().length()) : "";
      label = label.startsWith("(") ? label.substring(1, label.length() - 1) : label;
      String observed = res.containsKey("observed_value") ? String.valueOf(res.get("observed_value")) : "";
      String unexpected = res.containsKey("unexpected_count")
          ? res.get("unexpected_count") + " (" + fmt(res.get("unexpected_percent")) + "%)" : "";
      if (r.exception() != null) {
        observed = "error (below)";
      }
      sb.append(String.format("%s %-" + width + "s  %-20s  %-24s  %s%n", r.success() ? "✓" : "✗",
          r.config().type(), label, truncate(observed, 24), unexpected));
      if (r.exception() != null) {
        // The whole reason, wrapped: a cut error message hides what to fix.
        wrap("error: " + r.exception().message(), 96).forEach(l -> sb.append("    ").append(l).append('\n'));
      }
    }
    sb.append(String.format("%d/%d expectations passed (%.1f%%)%n", successful(), results.size(), successPercent()));
    return sb.toString();
  }

  private static String fmt(Object pct) {
    return pct instanceof Number n ? String.format("%.2f", n.doubleValue()) : "-";
  }

  /** Lines of at most {@code width} characters, broken at spaces where possible; nothing dropped. */
  static java.util.List<String> wrap(String text, int width) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    for (String para : text.split("\n", -1)) {
      String rest = para;
      while (rest.length() > width) {
        int cut = rest.lastIndexOf(' ', width);
        cut = cut <= 0 ? width : cut;
        lines.add(rest.substring(0, cut));
        rest = rest.substring(cut).stripLeading();
      }
      lines.add(rest);
    }
    return lines;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}

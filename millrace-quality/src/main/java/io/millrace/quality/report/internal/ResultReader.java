package io.millrace.quality.report.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.MillraceException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the Great Expectations validation-result JSON a check stored. Accepts both
 * {@code expectation_type} (GE 0.x) and {@code type} (GE 1.x) and either shape of
 * {@code exception_info} (one object, or a map of them).
 */
public final class ResultReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SAMPLES = 20;
  private static final int MAX_TEXT = 300;

  private ResultReader() {}

  /**
   * The results, failures first (stable otherwise).
   *
   * @throws MillraceException INTERNAL when the JSON cannot be parsed
   */
  public static List<ExpectationResult> read(String table, String suite, String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json == null ? "{}" : json);
    } catch (JsonProcessingException e) {
      throw MillraceException.internal(e, "Cannot read check result of table '%s', suite '%s': %s", table, suite,
          e.getOriginalMessage());
    }
    List<ExpectationResult> out = new ArrayList<>();
    for (JsonNode r : root.path("results")) {
      out.add(result(r));
    }
    out.sort((a, b) -> Boolean.compare(a.success(), b.success()));
    return out;
  }

  private static ExpectationResult result(JsonNode r) {
    JsonNode config = r.path("expectation_config");
    String type = config.hasNonNull("expectation_type") ? config.get("expectation_type").asText()
        : config.path("type").asText("?");
    JsonNode kwargs = config.path("kwargs");
    String column = kwargs.path("column").isValueNode() ? kwargs.path("column").asText() : "";
    String kwargText = "";
    if (kwargs.isObject()) {
      ObjectNode rest = ((ObjectNode) kwargs).deepCopy();
      rest.remove(List.of("column", "result_format", "batch_id"));
      kwargText = rest.isEmpty() ? "" : Html.cut(rest.toString(), MAX_TEXT);
    }
    JsonNode result = r.path("result");
    List<String> samples = new ArrayList<>();
    for (JsonNode s : result.path("partial_unexpected_list")) {
      if (samples.size() == MAX_SAMPLES) {
        break;
      }
      samples.add(Html.cut(text(s), MAX_TEXT));
    }
    return new ExpectationResult(r.path("success").asBoolean(false), type, kwargText, column,
        result.has("observed_value") ? Html.cut(text(result.get("observed_value")), MAX_TEXT) : "",
        result.path("element_count").asLong(-1), result.path("unexpected_count").asLong(-1),
        result.path("unexpected_percent").isNumber() ? result.get("unexpected_percent").asDouble() : Double.NaN,
        samples, exception(r.path("exception_info")));
  }

  private static String exception(JsonNode info) {
    if (info.path("raised_exception").asBoolean(false)) {
      return info.path("exception_message").asText("exception raised");
    }
    // GE 1.x may key exception infos by metric id
    for (Iterator<Map.Entry<String, JsonNode>> it = info.fields(); it.hasNext(); ) {
      JsonNode nested = it.next().getValue();
      if (nested.isObject() && nested.path("raised_exception").asBoolean(false)) {
        return nested.path("exception_message").asText("exception raised");
      }
    }
    return null;
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : n.toString();
  }
}

package io.millrace.quality.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.millrace.api.LogicalType;
import io.millrace.quality.internal.rowexpr.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * True when a JSON text is valid and matches a schema of the subset {@link JsonSchemaSql} renders
 * ({@code type, properties, required, enum}); false otherwise, including for invalid JSON and
 * NULL. Evaluated in Java with the engine's reading of JSON types: a number with a fraction or an
 * exponent is a {@code number}, never an {@code integer}.
 */
final class JsonSchemaMatch implements Node {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private final Node text;
  private final Map<?, ?> schema;

  JsonSchemaMatch(Node text, Map<?, ?> schema) {
    this.text = text;
    this.schema = schema;
  }

  @Override
  public Object eval(Map<String, ?> row) {
    Object v = text.eval(row);
    if (v == null) {
      return false; // as the SQL's coalesce
    }
    JsonNode doc;
    try {
      doc = JSON.readTree(v.toString());
    } catch (JsonProcessingException e) {
      return false;
    }
    return doc != null && !doc.isMissingNode() && matches(doc, schema);
  }

  private static boolean matches(JsonNode n, Map<?, ?> s) {
    for (Map.Entry<?, ?> e : s.entrySet()) {
      Object v = e.getValue();
      boolean ok = switch (String.valueOf(e.getKey())) {
        case "type" -> (v instanceof List<?> l ? l : List.of(v)).stream().anyMatch(t -> isType(n, String.valueOf(t)));
        case "required" -> n.isObject() && ((List<?>) v).stream().allMatch(r -> n.has(String.valueOf(r)));
        case "properties" -> ((Map<?, ?>) v).entrySet().stream().allMatch(p -> !n.isObject()
            || !n.has(String.valueOf(p.getKey())) || matches(n.get(String.valueOf(p.getKey())), (Map<?, ?>) p.getValue()));
        case "enum" -> ((List<?>) v).stream().anyMatch(x -> n.toString().equals(
            x instanceof String str ? JSON.getNodeFactory().textNode(str).toString() : String.valueOf(x)));
        default -> true; // annotations
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isType(JsonNode n, String t) {
    return switch (t) {
      case "string" -> n.isTextual();
      case "integer" -> n.isIntegralNumber();
      case "number" -> n.isNumber();
      case "boolean" -> n.isBoolean();
      case "object" -> n.isObject();
      case "array" -> n.isArray();
      case "null" -> n.isNull();
      default -> false;
    };
  }

  @Override
  public String sql() {
    String x = text.sql();
    return "coalesce(json_valid(" + x + ") AND " + JsonSchemaSql.condition(x, "$", schema) + ", FALSE)";
  }

  @Override
  public LogicalType type() {
    return LogicalType.BOOLEAN;
  }

  @Override
  public void columns(Set<String> out) {
    text.columns(out);
  }
}

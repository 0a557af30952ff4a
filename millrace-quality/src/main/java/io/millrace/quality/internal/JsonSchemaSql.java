package io.millrace.quality.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a JSON Schema subset to DuckDB JSON functions, so validation stays inside the scan:
 * {@code type} (string, integer, number, boolean, object, array, null), {@code properties},
 * {@code required}, {@code enum}. Other keywords are rejected at bind time rather than ignored.
 */
final class JsonSchemaSql {
  private static final java.util.Set<String> SUPPORTED = java.util.Set.of("type", "properties", "required",
      "enum", "$schema", "title", "description", "additionalProperties");

  private JsonSchemaSql() {}

  static String condition(String col, String path, Map<?, ?> schema) {
    List<String> parts = new ArrayList<>();
    parts.add("TRUE");
    for (Map.Entry<?, ?> e : schema.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!SUPPORTED.contains(key)) {
        throw new BindError("json_schema keyword '" + key + "' is not supported (supported: " + SUPPORTED + ")");
      }
      Object v = e.getValue();
      switch (key) {
        case "type" -> parts.add(typeCondition(col, path, v));
        case "required" -> {
          for (Object r : (List<?>) v) {
            parts.add("json_exists(" + col + ", " + Sql.str(path + "." + quoteKey(String.valueOf(r))) + ")");
          }
        }
        case "properties" -> {
          for (Map.Entry<?, ?> p : ((Map<?, ?>) v).entrySet()) {
            String sub = path + "." + quoteKey(String.valueOf(p.getKey()));
            String inner = condition(col, sub, (Map<?, ?>) p.getValue());
            parts.add("(NOT json_exists(" + col + ", " + Sql.str(sub) + ") OR (" + inner + "))");
          }
        }
        case "enum" -> {
          List<String> vals = new ArrayList<>();
          for (Object o : (List<?>) v) {
            vals.add(Sql.str(o instanceof String s ? "\"" + s + "\"" : String.valueOf(o)));
          }
          parts.add("CAST(json_extract(" + col + ", " + Sql.str(path) + ") AS VARCHAR) IN ("
              + String.join(", ", vals) + ")");
        }
        default -> { } // annotations
      }
    }
    return "(" + String.join(" AND ", parts) + ")";
  }

  private static String quoteKey(String k) {
    return "\"" + k.replace("\"", "\\\"") + "\"";
  }

  private static String typeCondition(String col, String path, Object type) {
    List<?> types = type instanceof List<?> l ? l : List.of(type);
    List<String> ors = new ArrayList<>();
    for (Object t : types) {
      String jt = "json_type(" + col + ", " + Sql.str(path) + ")";
      ors.add(switch (String.valueOf(t)) {
        case "string" -> jt + " = 'VARCHAR'";
        case "integer" -> jt + " IN ('BIGINT', 'UBIGINT')";
        case "number" -> jt + " IN ('BIGINT', 'UBIGINT', 'DOUBLE')";
        case "boolean" -> jt + " = 'BOOLEAN'";
        case "object" -> jt + " = 'OBJECT'";
        case "array" -> jt + " = 'ARRAY'";
        case "null" -> jt + " = 'NULL'";
        default -> throw new BindError("json_schema type '" + t + "' is not a JSON Schema type");
      });
    }
    return "(" + String.join(" OR ", ors) + ")";
  }
}

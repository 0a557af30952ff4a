package io.millrace.duckdb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the tables a statement references from DuckDB's parse tree ({@code json_serialize_sql}).
 * Every {@code BASE_TABLE} node is a reference; names defined by any {@code cte_map} of the statement
 * are not tables. CTE names are matched case-insensitively, as DuckDB resolves them. Anything but
 * exactly one SELECT (none, several, or another kind of statement) is refused with a sentence the
 * caller prefixes with the file it came from.
 */
public final class TableReferences {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableReferences() {}

  /**
   * @param parseTree the JSON {@code json_serialize_sql} returned
   * @param sql the statement, for error messages
   */
  public static Set<String> of(String parseTree, String sql) {
    JsonNode root = parse(parseTree);
    check(root, sql);
    Set<String> tables = new LinkedHashSet<>();
    Set<String> ctes = new HashSet<>();
    walk(root, tables, ctes);
    tables.removeIf(t -> ctes.contains(t.toLowerCase(Locale.ROOT)));
    return tables;
  }

  /** Refuses a tree that is a parser error, or not exactly one SELECT. */
  static void check(JsonNode root, String sql) {
    if (root.path("error").asBoolean(false)) {
      String message = root.path("error_message").asText("unknown parser error");
      if (message.startsWith("Only SELECT statements")) {  // DuckDB serializes SELECTs only
        throw MillraceException.user("it holds a statement other than SELECT; a model is exactly one SELECT");
      }
      throw MillraceException.user("Cannot parse SQL: %s (in: %s)", message, abbreviate(sql));
    }
    int statements = root.path("statements").size();
    if (statements != 1) {
      throw MillraceException.user("it holds %s; a model is exactly one SELECT",
          statements == 0 ? "no statement" : statements + " statements");
    }
  }

  /** Whether the parse tree is of queries only (DuckDB serializes nothing else). */
  public static boolean isQuery(String parseTree) {
    JsonNode root = parse(parseTree);
    return !root.path("error").asBoolean(false) && root.path("statements").size() > 0;
  }

  private static void walk(JsonNode node, Set<String> tables, Set<String> ctes) {
    if (node.isObject()) {
      if ("BASE_TABLE".equals(node.path("type").asText()) && node.has("table_name")) {
        tables.add(qualified(node));
      }
      JsonNode cteMap = node.path("cte_map").path("map");
      for (JsonNode entry : cteMap) {
        ctes.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
      }
      node.elements().forEachRemaining(child -> walk(child, tables, ctes));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> walk(child, tables, ctes));
    }
  }

  /** The name as written: {@code schema.table} when qualified, else {@code table}. */
  private static String qualified(JsonNode node) {
    StringBuilder name = new StringBuilder();
    for (String part : new String[] {"catalog_name", "schema_name"}) {
      String p = node.path(part).asText("");
      if (!p.isEmpty()) {
        name.append(p).append('.');
      }
    }
    return name.append(node.path("table_name").asText()).toString();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read DuckDB's parse tree: %s", e.getMessage());
    }
  }

  static String abbreviate(String sql) {
    String s = sql.strip().replaceAll("\\s+", " ");
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}

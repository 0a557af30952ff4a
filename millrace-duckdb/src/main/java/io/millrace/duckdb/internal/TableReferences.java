package io.millrace.duckdb.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the tables a statement references from DuckDB's parse tree ({@code json_serialize_sql}),
 * streamed rather than built into a tree.
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
    Set<String> tables = new LinkedHashSet<>();
    Set<String> ctes = new HashSet<>();
    Root root = scan(parseTree, tables, ctes);
    if (root.error || root.statements != 1) {
      check(parse(parseTree), sql);   // the tree read again, for the refusal's sentence
    }
    tables.removeIf(t -> ctes.contains(t.toLowerCase(Locale.ROOT)));
    return tables;
  }

  /** What the root object of a parse tree says: an error, and how many statements. */
  private static final class Root {
    boolean error;
    int statements;
  }

  /** One open object or array of the tree while it is streamed. */
  private static final class Frame {
    final String field;   // the field whose value this container is; null in an array
    final boolean array;
    String type;
    String table;
    String schema;
    String catalog;

    Frame(String field, boolean array) {
      this.field = field;
      this.array = array;
    }
  }

  /**
   * Streams the tree once, without building it (a parse tree is about 2 KB of JSON for a trivial
   * model; a tree of nodes costs more than the parse): every object of type {@code BASE_TABLE}
   * with a {@code table_name} is a reference; every {@code cte_map.map[].key} a CTE name.
   */
  private static Root scan(String json, Set<String> tables, Set<String> ctes) {
    Root root = new Root();
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    try (JsonParser p = JSON.getFactory().createParser(json)) {
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> field = p.currentName();
          case START_OBJECT, START_ARRAY -> {
            Frame parent = stack.peek();
            if (parent != null && parent.array && stack.size() == 2 && "statements".equals(parent.field)) {
              root.statements++;
            }
            stack.push(new Frame(parent == null || parent.array ? null : field, t == JsonToken.START_ARRAY));
            field = null;
          }
          case END_OBJECT -> {
            Frame f = stack.pop();
            if ("BASE_TABLE".equals(f.type) && f.table != null) {
              tables.add(qualified(f.catalog, f.schema, f.table));
            }
          }
          case END_ARRAY -> stack.pop();
          default -> value(p, t, field, stack, root, ctes);
        }
      }
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read DuckDB's parse tree: %s", e.getMessage());
    }
    return root;
  }

  private static void value(JsonParser p, JsonToken t, String field, ArrayDeque<Frame> stack, Root root,
                            Set<String> ctes) throws IOException {
    Frame f = stack.peek();
    if (f == null || f.array || field == null) {
      if (f != null && f.array && stack.size() == 2 && "statements".equals(f.field)) {
        root.statements++;   // a scalar statement: counted as the tree would
      }
      return;
    }
    if (stack.size() == 1 && field.equals("error")) {
      root.error = t == JsonToken.VALUE_TRUE;
      return;
    }
    if (t != JsonToken.VALUE_STRING) {
      return;
    }
    switch (field) {
      case "type" -> f.type = p.getText();
      case "table_name" -> f.table = p.getText();
      case "schema_name" -> f.schema = p.getText();
      case "catalog_name" -> f.catalog = p.getText();
      case "key" -> {
        if (f.field == null && inCteMap(stack)) {
          ctes.add(p.getText().toLowerCase(Locale.ROOT));
        }
      }
      default -> { }
    }
  }

  /** Whether the top object is an entry of a {@code cte_map}'s {@code map} array. */
  private static boolean inCteMap(ArrayDeque<Frame> stack) {
    var it = stack.iterator();
    it.next();
    Frame array = it.hasNext() ? it.next() : null;
    Frame map = it.hasNext() ? it.next() : null;
    return array != null && array.array && "map".equals(array.field) && map != null && "cte_map".equals(map.field);
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

  /** The name as written: {@code schema.table} when qualified, else {@code table}. */
  private static String qualified(String catalog, String schema, String table) {
    StringBuilder name = new StringBuilder();
    for (String part : new String[] {catalog, schema}) {
      if (part != null && !part.isEmpty()) {
        name.append(part).append('.');
      }
    }
    return name.append(table).toString();
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

package io.millrace.duckdb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnInput;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.ColumnRef;
import io.millrace.api.lineage.LineageQuery;
import io.millrace.api.lineage.Transform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Column lineage of one SELECT from DuckDB's parse tree ({@code json_serialize_sql}).
 *
 * <p>Design note: every relation the statement builds (an input table, a CTE, a subquery, a join)
 * is a list of named columns, each carrying the <em>input-table</em> columns it comes from and how.
 * A column reference copies what its column carries; a function marks what it reads as
 * TRANSFORMATION, an aggregate (or window aggregate) as AGGREGATION, so a CTE's computed column stays
 * computed when an outer query selects it as is. Filters, join keys, grouping and sort keys are
 * collected per relation as INDIRECT inputs and flow outwards with it. Names resolve as DuckDB does
 * them: case-insensitively, qualified by a table alias, unqualified against every table in scope, then
 * the select list's own aliases, then the enclosing query (correlated subqueries). Anything the tree
 * does not let us follow (a table function, a table absent from the inputs, a recursive CTE) marks the
 * result incomplete instead of guessing. Not thread-safe: one reader per statement.
 */
public final class ColumnLineageReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** DuckDB aggregate functions (lower case); any other function transforms. */
  private static final Set<String> AGGREGATES = Set.of("sum", "count", "count_star", "avg", "mean", "min", "max",
      "median", "mode", "quantile", "quantile_cont", "quantile_disc", "approx_quantile", "approx_count_distinct",
      "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "string_agg", "group_concat",
      "list", "array_agg", "first", "last", "any_value", "arg_min", "arg_max", "argmin", "argmax", "min_by",
      "max_by", "bool_and", "bool_or", "bit_and", "bit_or", "bit_xor", "product", "corr", "covar_pop",
      "covar_samp", "entropy", "kurtosis", "skewness", "fsum", "sumkahan", "kahan_sum", "histogram",
      "regr_slope", "regr_intercept", "regr_r2", "regr_count", "mad", "favg", "geomean", "bitstring_agg");

  private final Map<String, Map.Entry<String, TableSchema>> inputs = new HashMap<>();
  private boolean complete = true;

  private ColumnLineageReader(Map<String, TableSchema> inputs) {
    inputs.forEach((name, schema) -> this.inputs.put(lower(name), Map.entry(name, schema)));
  }

  /**
   * @param parseTree what {@code json_serialize_sql} returned for {@code q.sql()}
   * @throws MillraceException USER when the statement did not parse or is not one SELECT
   */
  public static ColumnLineage read(String parseTree, LineageQuery q) {
    JsonNode root;
    try {
      root = JSON.readTree(parseTree);
    } catch (IOException e) {
      throw MillraceException.internal(e, "Cannot read DuckDB's parse tree: %s", e.getMessage());
    }
    TableReferences.check(root, q.sql());   // the same errors as planning's reference check
    ColumnLineageReader r = new ColumnLineageReader(q.inputs());
    Rel rel = r.node(root.path("statements").path(0).path("node"), Ctes.NONE, null);
    return r.lineage(rel, q.output());
  }

  private ColumnLineage lineage(Rel rel, TableSchema output) {
    boolean named = output != null && output.columns().size() == rel.cols.size();
    Map<String, List<ColumnInput>> fields = new LinkedHashMap<>();
    for (int i = 0; i < rel.cols.size(); i++) {
      Col c = rel.cols.get(i);
      String name = named ? output.columns().get(i).name() : c.name;
      List<ColumnInput> inputs = new ArrayList<>(c.src.indirect);
      c.src.direct.forEach((ref, t) -> inputs.add(new ColumnInput(ref, t)));
      fields.merge(name, inputs, (a, b) -> {
        List<ColumnInput> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      });
    }
    if (output != null && !named) {
      complete = false;
    }
    return new ColumnLineage(fields, new ArrayList<>(rel.indirect), complete);
  }

  // ---- query nodes ------------------------------------------------------------------------------

  private Rel node(JsonNode n, Ctes ctes, Scope outer) {
    Ctes inner = ctes;
    for (JsonNode entry : n.path("cte_map").path("map")) {
      inner = inner.with(lower(entry.path("key").asText()), node(entry.path("value").path("query_node"), inner, outer));
    }
    switch (n.path("type").asText()) {
      case "SELECT_NODE":
        return select(n, inner, outer);
      case "SET_OPERATION_NODE":
      case "RECURSIVE_CTE_NODE": {
        List<Rel> parts = new ArrayList<>();
        JsonNode children = n.has("children") ? n.get("children") : JSON.createArrayNode().add(n.path("left")).add(n.path("right"));
        for (JsonNode child : children) {
          parts.add(node(child, inner, outer));
        }
        return union(parts);
      }
      default:
        complete = false;
        return new Rel();
    }
  }

  private Rel union(List<Rel> parts) {
    Rel out = new Rel();
    Rel first = parts.get(0);
    for (Col c : first.cols) {
      out.cols.add(new Col(c.name, c.src.copy()));
    }
    for (Rel p : parts) {
      out.indirect.addAll(p.indirect);
      for (int i = 0; i < Math.min(p.cols.size(), out.cols.size()); i++) {
        if (p != first) {
          out.cols.get(i).src.add(p.cols.get(i).src, Transform.IDENTITY);
        }
      }
    }
    return out;
  }

  private Rel select(JsonNode n, Ctes ctes, Scope outer) {
    Scope scope = new Scope(outer);
    Rel out = new Rel();
    from(n.path("from_table"), ctes, scope, out.indirect);
    for (JsonNode e : n.path("select_list")) {
      if ("STAR".equals(e.path("class").asText()) && !e.path("columns").asBoolean(false)) {
        star(e, scope, out);
      } else {
        Src s = eval(e, scope, ctes);
        String name = e.path("alias").asText("");
        if (name.isEmpty()) {
          JsonNode names = e.path("column_names");
          name = "COLUMN_REF".equals(e.path("class").asText()) ? names.get(names.size() - 1).asText() : "col" + out.cols.size();
        }
        out.cols.add(new Col(name, s));
        scope.aliases.put(lower(name), s);
      }
    }
    indirect(n.path("where_clause"), Transform.FILTER, scope, ctes, out);
    indirect(n.path("having"), Transform.FILTER, scope, ctes, out);
    indirect(n.path("qualify"), Transform.FILTER, scope, ctes, out);
    for (JsonNode g : n.path("group_expressions")) {
      indirect(g, Transform.GROUP_BY, scope, ctes, out);
    }
    if ("FORCE_AGGREGATES".equals(n.path("aggregate_handling").asText())) {   // GROUP BY ALL
      for (Col c : out.cols) {
        if (!c.src.direct.containsValue(Transform.AGGREGATION)) {
          c.src.refs().forEach(r -> out.indirect.add(new ColumnInput(r, Transform.GROUP_BY)));
        }
      }
    }
    for (JsonNode m : n.path("modifiers")) {
      if ("ORDER_MODIFIER".equals(m.path("type").asText())) {
        for (JsonNode o : m.path("orders")) {
          JsonNode e = o.path("expression");
          if ("CONSTANT".equals(e.path("class").asText()) && e.path("literal").path("kind").asText().equals("INTEGER")) {
            int i = e.path("literal").path("text").asInt() - 1;
            if (i >= 0 && i < out.cols.size()) {
              out.cols.get(i).src.refs().forEach(r -> out.indirect.add(new ColumnInput(r, Transform.SORT)));
            }
          } else {
            indirect(e, Transform.SORT, scope, ctes, out);
          }
        }
      }
    }
    return out;
  }

  private void indirect(JsonNode e, Transform how, Scope scope, Ctes ctes, Rel out) {
    if (e.isObject() && e.has("class")) {
      eval(e, scope, ctes).refs().forEach(r -> out.indirect.add(new ColumnInput(r, how)));
    }
  }

  private void star(JsonNode e, Scope scope, Rel out) {
    String relation = lower(e.path("relation_name").asText(""));
    Set<String> exclude = new HashSet<>();
    for (JsonNode x : e.path("exclude_list")) {
      exclude.add(lower(x.isTextual() ? x.asText() : x.path("column_names").path(0).asText(x.toString())));
    }
    Set<String> emitted = new HashSet<>();
    for (Map.Entry<String, List<Col>> b : scope.bindings.entrySet()) {
      if (!relation.isEmpty() && !relation.equals(b.getKey())) {
        continue;
      }
      for (Col c : b.getValue()) {
        String name = lower(c.name);
        boolean usingDuplicate = relation.isEmpty() && scope.using.contains(name) && !emitted.add(name);
        if (!exclude.contains(name) && !usingDuplicate) {
          out.cols.add(new Col(c.name, c.src.copy()));
        }
      }
    }
  }

  // ---- FROM ------------------------------------------------------------------------------------

  private void from(JsonNode t, Ctes ctes, Scope scope, Set<ColumnInput> indirect) {
    switch (t.path("type").asText()) {
      case "BASE_TABLE" -> {
        String table = t.path("table_name").asText();
        String alias = t.path("alias").asText("").isEmpty() ? table : t.path("alias").asText();
        Rel cte = t.path("schema_name").asText("").isEmpty() ? ctes.get(lower(table)) : null;
        if (cte != null) {
          indirect.addAll(cte.indirect);
          bind(scope, alias, cte.cols, t);
        } else {
          bind(scope, alias, inputColumns(table), t);
        }
      }
      case "SUBQUERY" -> {
        Rel sub = node(t.path("subquery").path("node"), ctes, scope.parent);
        indirect.addAll(sub.indirect);
        bind(scope, t.path("alias").asText("unnamed_subquery"), sub.cols, t);
      }
      case "JOIN" -> {
        from(t.path("left"), ctes, scope, indirect);
        from(t.path("right"), ctes, scope, indirect);
        JsonNode condition = t.path("condition");
        if (condition.isObject() && condition.has("class")) {
          eval(condition, scope, ctes).refs().forEach(r -> indirect.add(new ColumnInput(r, Transform.JOIN)));
        }
        for (JsonNode u : t.path("using_columns")) {
          String name = lower(u.asText());
          scope.using.add(name);
          for (List<Col> cols : scope.bindings.values()) {
            cols.stream().filter(c -> lower(c.name).equals(name))
                .forEach(c -> c.src.refs().forEach(r -> indirect.add(new ColumnInput(r, Transform.JOIN))));
          }
        }
      }
      case "EMPTY", "" -> { }
      default -> complete = false;   // table functions, VALUES lists, PIVOT: not followed
    }
  }

  private List<Col> inputColumns(String table) {
    Map.Entry<String, TableSchema> in = inputs.get(lower(table));
    List<Col> cols = new ArrayList<>();
    if (in == null || in.getValue() == null) {
      complete = false;
      return cols;
    }
    for (Column c : in.getValue().columns()) {
      Src s = new Src();
      s.direct.put(new ColumnRef(in.getKey(), c.name()), Transform.IDENTITY);
      cols.add(new Col(c.name(), s));
    }
    return cols;
  }

  /** Binds a relation under an alias, renaming its columns when the alias lists names ({@code t(a, b)}). */
  private static void bind(Scope scope, String alias, List<Col> cols, JsonNode ref) {
    List<Col> bound = new ArrayList<>();
    JsonNode names = ref.path("column_name_alias");
    for (int i = 0; i < cols.size(); i++) {
      String name = i < names.size() ? names.get(i).asText() : cols.get(i).name;
      bound.add(new Col(name, cols.get(i).src.copy()));
    }
    scope.bindings.put(lower(alias), bound);
  }

  // ---- expressions -----------------------------------------------------------------------------

  private Src eval(JsonNode e, Scope scope, Ctes ctes) {
    String kind = e.path("class").asText();
    switch (kind) {
      case "COLUMN_REF": {
        Src s = resolve(e.path("column_names"), scope);
        return s == null ? new Src() : s.copy();
      }
      case "CONSTANT":
      case "PARAMETER":
      case "TYPE":
      case "DEFAULT":
        return new Src();
      case "CASE": {
        Src out = new Src();
        for (JsonNode check : e.path("case_checks")) {
          eval(check.path("when_expr"), scope, ctes).refs().forEach(r -> out.indirect.add(new ColumnInput(r, Transform.CONDITIONAL)));
          out.add(eval(check.path("then_expr"), scope, ctes), Transform.TRANSFORMATION);
        }
        if (e.path("else_expr").has("class")) {
          out.add(eval(e.path("else_expr"), scope, ctes), Transform.TRANSFORMATION);
        }
        return out;
      }
      case "SUBQUERY": {
        Rel sub = node(e.path("subquery").path("node"), ctes, scope);
        Src out = new Src();
        boolean scalar = "SCALAR".equals(e.path("subquery_type").asText());
        for (Col c : sub.cols) {
          if (scalar) {
            out.add(c.src, Transform.TRANSFORMATION);
          } else {
            c.src.refs().forEach(r -> out.indirect.add(new ColumnInput(r, Transform.CONDITIONAL)));
          }
        }
        sub.indirect.forEach(i -> out.indirect.add(new ColumnInput(i.source(), Transform.CONDITIONAL)));
        if (e.path("child").has("class")) {
          eval(e.path("child"), scope, ctes).refs().forEach(r -> out.indirect.add(new ColumnInput(r, Transform.CONDITIONAL)));
        }
        return out;
      }
      case "WINDOW": {
        Src out = new Src();
        for (JsonNode child : children(e, Set.of("partitions", "orders"))) {
          out.add(eval(child, scope, ctes), Transform.AGGREGATION);
        }
        List<JsonNode> keys = new ArrayList<>();
        e.path("partitions").forEach(keys::add);
        e.path("orders").forEach(o -> keys.add(o.path("expression")));
        for (JsonNode k : keys) {
          eval(k, scope, ctes).refs().forEach(r -> out.indirect.add(new ColumnInput(r, Transform.WINDOW)));
        }
        return out;
      }
      default: {
        boolean aggregate = "FUNCTION".equals(kind) && AGGREGATES.contains(lower(e.path("function_name").asText()));
        Src out = new Src();
        for (JsonNode child : children(e, Set.of())) {
          out.add(eval(child, scope, ctes), aggregate ? Transform.AGGREGATION : Transform.TRANSFORMATION);
        }
        return out;
      }
    }
  }

  /** The nearest expression nodes below {@code e} (those with a {@code class}), skipping some keys. */
  private static List<JsonNode> children(JsonNode e, Set<String> skip) {
    List<JsonNode> out = new ArrayList<>();
    e.fields().forEachRemaining(f -> {
      if (!skip.contains(f.getKey()) && !f.getKey().equals("type_expr")) {
        collect(f.getValue(), out);
      }
    });
    return out;
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isObject() && n.has("class")) {
      out.add(n);
    } else if (n.isContainerNode()) {
      n.elements().forEachRemaining(c -> collect(c, out));
    }
  }

  /** A column reference, as DuckDB binds it; null when nothing in scope has that name. */
  private static Src resolve(JsonNode names, Scope scope) {
    List<String> parts = new ArrayList<>();
    names.forEach(p -> parts.add(lower(p.asText())));
    for (Scope s = scope; s != null; s = s.parent) {
      for (int q = Math.min(parts.size() - 1, 2); q >= 0; q--) {   // [catalog.][schema.]table.column, or a struct field
        Src found = q == 0 ? s.unqualified(parts.get(0)) : s.qualified(parts.get(q - 1), parts.get(q));
        if (found != null) {
          return found;
        }
      }
      if (parts.size() == 1 && s.aliases.containsKey(parts.get(0))) {
        return s.aliases.get(parts.get(0));
      }
    }
    return null;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  // ---- values ----------------------------------------------------------------------------------

  /** The inputs one expression or column carries. */
  private static final class Src {
    final Map<ColumnRef, Transform> direct = new LinkedHashMap<>();
    final Set<ColumnInput> indirect = new LinkedHashSet<>();

    /** Adds {@code other}'s inputs, at least as strong as {@code how}. */
    void add(Src other, Transform how) {
      other.direct.forEach((ref, t) -> direct.merge(ref, t.max(how), Transform::max));
      indirect.addAll(other.indirect);
    }

    Set<ColumnRef> refs() {
      Set<ColumnRef> out = new LinkedHashSet<>(direct.keySet());
      indirect.forEach(i -> out.add(i.source()));
      return out;
    }

    Src copy() {
      Src s = new Src();
      s.direct.putAll(direct);
      s.indirect.addAll(indirect);
      return s;
    }
  }

  private record Col(String name, Src src) {}

  /** A relation: its columns in order, and the inputs that decide its rows. */
  private static final class Rel {
    final List<Col> cols = new ArrayList<>();
    final Set<ColumnInput> indirect = new LinkedHashSet<>();
  }

  /** The tables a SELECT binds (by lower-case alias), its select aliases and the enclosing query. */
  private static final class Scope {
    final Scope parent;
    final Map<String, List<Col>> bindings = new LinkedHashMap<>();
    final Map<String, Src> aliases = new HashMap<>();
    final Set<String> using = new HashSet<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Src qualified(String table, String column) {
      List<Col> cols = bindings.get(table);
      return cols == null ? null : find(cols, column);
    }

    Src unqualified(String column) {
      for (List<Col> cols : bindings.values()) {
        Src s = find(cols, column);
        if (s != null) {
          return s;
        }
      }
      return null;
    }

    private static Src find(List<Col> cols, String column) {
      for (Col c : cols) {
        if (lower(c.name).equals(column)) {
          return c.src;
        }
      }
      return null;
    }
  }

  /** CTE definitions visible at a point of the statement (inner ones shadow outer ones). */
  private record Ctes(Ctes parent, String name, Rel rel) {
    static final Ctes NONE = new Ctes(null, null, null);

    Ctes with(String n, Rel r) {
      return new Ctes(this, n, r);
    }

    Rel get(String n) {
      for (Ctes c = this; c != null && c.name != null; c = c.parent) {
        if (c.name.equals(n)) {
          return c.rel;
        }
      }
      return null;
    }
  }
}

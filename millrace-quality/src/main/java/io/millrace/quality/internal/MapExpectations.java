package io.millrace.quality.internal;

import io.millrace.quality.internal.rowexpr.Exprs;
import io.millrace.quality.internal.rowexpr.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Column map, column pair and multicolumn expectations, compiled to per-row SQL conditions. */
final class MapExpectations {
  private MapExpectations() {}

  // ---- building blocks -------------------------------------------------------------------------

  static Check.Map_ single(BindContext c, String col, String unexpected, CostClass cost) {
    return single(c, col, unexpected, cost, Sql.ident(col) + " IS NULL", new LinkedHashMap<>());
  }

  static Check.Map_ single(BindContext c, String col, String unexpected, CostClass cost, String missing,
                           Map<String, Object> extra) {
    return single(c, col, RowCheck.expr(c, unexpected), cost, missing, extra);
  }

  /** A row-local expectation on one column from its typed unexpected-row predicate. */
  static Check.Map_ single(BindContext c, String col, Node unexpected, CostClass cost, String missing,
                           Map<String, Object> extra) {
    RowCheck row = new RowCheck(c.domain(), RowCheck.expr(c, missing), unexpected, List.of(col));
    return new Check.Map_(col, row, "to_json(" + Sql.ident(col) + ")", List.of(col), cost, c.kwargs().mostly(),
        extra);
  }

  /** A condition needing a derived relation (window functions); counted in its own query. */
  static Check.Map_ derived(BindContext c, String col, String unexpected, String fromSql) {
    return new Check.Map_(col, c.rowCondition(), Sql.ident(col) + " IS NULL", unexpected,
        "to_json(" + Sql.ident(col) + ")", List.of(col), fromSql, null, CostClass.CHEAP, c.kwargs().mostly(),
        false, new LinkedHashMap<>());
  }

  private static String idx(BindContext c) {
    return c.indexExpr() == null ? "NULL" : c.indexExpr();
  }

  private static String order(BindContext c) {
    return c.indexExpr() == null ? "" : "ORDER BY " + c.indexExpr();
  }

  private static String stringCol(BindContext c, String key, String type) {
    String col = c.kwargs().column(key, c.schema());
    if (!c.schema().isString(col)) {
      throw new BindError("Values passed to " + type + " must be of type string: column '" + col
          + "' is " + c.schema().type(col));
    }
    return col;
  }

  // ---- column map --------------------------------------------------------------------------------

  static Check notNull(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    return single(c, col, Sql.ident(col) + " IS NULL", CostClass.CHEAP, "FALSE", new LinkedHashMap<>());
  }

  static Check beNull(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    return single(c, col, Sql.ident(col) + " IS NOT NULL", CostClass.CHEAP, "FALSE", new LinkedHashMap<>());
  }

  static Check between(BindContext c) {
    Kwargs k = c.kwargs();
    String col = k.column("column", c.schema());
    Object min = k.raw("min_value");
    Object max = k.raw("max_value");
    if (min == null && max == null) {
      throw new BindError("min_value and max_value cannot both be None");
    }
    String x = valueExpr(c, col);
    checkBoundType(c, col, min, "min_value");
    checkBoundType(c, col, max, "max_value");
    if (min instanceof Number a && max instanceof Number b && a.doubleValue() > b.doubleValue()) {
      throw new BindError("min_value " + min + " cannot be greater than max_value " + max);
    }
    List<String> bad = new ArrayList<>();
    if (min != null) {
      bad.add(x + (k.bool("strict_min", false) ? " <= " : " < ") + boundLiteral(c, min));
    }
    if (max != null) {
      bad.add(x + (k.bool("strict_max", false) ? " >= " : " > ") + boundLiteral(c, max));
    }
    return single(c, col, String.join(" OR ", bad), CostClass.CHEAP);
  }

  private static String valueExpr(BindContext c, String col) {
    return c.kwargs().bool("parse_strings_as_datetimes", false)
        ? "TRY_CAST(" + Sql.ident(col) + " AS TIMESTAMP)" : Sql.ident(col);
  }

  private static void checkBoundType(BindContext c, String col, Object bound, String name) {
    if (bound instanceof String s && c.schema().isNumeric(col)) {
      try {
        Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new BindError(name + " '" + s + "' is not a number but column '" + col + "' is "
            + c.schema().type(col));
      }
    }
  }

  private static String boundLiteral(BindContext c, Object bound) {
    if (bound instanceof String s && Values.toDateTime(s) != null && !c.schema().isString(c.kwargs().string("column"))) {
      return "TIMESTAMP " + Sql.str(Values.toDateTime(s).toString().replace('T', ' '));
    }
    return Sql.literal(bound);
  }

  static Check inSet(BindContext c, boolean negate) {
    Kwargs k = c.kwargs();
    String col = k.column("column", c.schema());
    List<?> set = k.list("value_set");
    if (set == null) {
      if (negate) {
        throw new BindError("value_set must be a list, got None");
      }
      return single(c, col, "FALSE", CostClass.CHEAP);
    }
    String x = valueExpr(c, col);
    String cond;
    if (set.isEmpty()) {
      cond = negate ? "FALSE" : "TRUE";
    } else {
      cond = (negate ? "" : "NOT ") + "coalesce(" + x + " IN " + Sql.list(set) + ", FALSE)";
    }
    return single(c, col, cond, CostClass.CHEAP);
  }

  static Check unique(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    return uniqueOver(c, List.of(col), Sql.ident(col) + " IS NULL");
  }

  static Check compoundUnique(BindContext c) {
    List<String> cols = c.kwargs().columns("column_list", c.schema());
    String missing = ignoreRowIf(c, cols, "all_values_are_missing");
    Check.Map_ m = uniqueOver(c, cols, missing);
    return new Check.Map_(m.label(), m.domain(), m.missing(), m.unexpected(), objectJson(cols), cols, m.from(),
        m.countSql(), m.cost(), m.mostly(), false, m.extra(), m.guardSql(), m.bitmapKey(), null);
  }

  private static Check.Map_ uniqueOver(BindContext c, List<String> cols, String missing) {
    String keys = cols.stream().map(Sql::ident).collect(Collectors.joining(", "));
    String where = "(" + c.rowCondition() + ") AND NOT (" + missing + ")";
    String from = "(SELECT *, " + idx(c) + " AS __idx, count(*) OVER (PARTITION BY " + keys + ") AS __n FROM "
        + c.relation() + " WHERE " + where + ")";
    String count = "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + c.relation() + " WHERE "
        + where + " GROUP BY " + keys + " HAVING count(*) > 1)";
    // Most columns checked for uniqueness are unique: rows minus distinct keys (one hash pass, in
    // the distinct-count scan) proves it for about two thirds of the GROUP BY's cost, which then
    // runs only when there are duplicates to count.
    boolean plain = cols.size() == 1 && where.equals("(TRUE) AND NOT (" + missing + ")")
        && missing.equals(Sql.ident(cols.get(0)) + " IS NULL");
    String guard = plain
        ? "count(" + keys + ") - count(DISTINCT " + keys + ")"    // NULLs are what count() skips
        : "count(*) FILTER (WHERE " + where + ") - count(DISTINCT row(" + keys + ")) FILTER (WHERE " + where + ")";
    String bitmapKey = plain && c.schema().isInteger(cols.get(0)) ? cols.get(0) : null;
    return new Check.Map_(String.join(",", cols), c.rowCondition(), missing, "__n > 1",
        "to_json(" + Sql.ident(cols.get(0)) + ")", cols, from, count, CostClass.DISTINCT, c.kwargs().mostly(),
        false, new LinkedHashMap<>(), guard, bitmapKey, null);
  }

  static Check monotonic(BindContext c, boolean increasing) {
    String col = c.kwargs().column("column", c.schema());
    boolean strictly = c.kwargs().bool("strictly", false);
    String x = valueExpr(c, col);
    String from = "(SELECT *, " + idx(c) + " AS __idx, lag(" + x + ") OVER (" + order(c) + ") AS __prev FROM "
        + c.relation() + " WHERE (" + c.rowCondition() + ") AND " + Sql.ident(col) + " IS NOT NULL)";
    String op = increasing ? (strictly ? "<=" : "<") : (strictly ? ">=" : ">");
    return derived(c, col, "__prev IS NOT NULL AND " + x + " " + op + " __prev", from);
  }

  static Check lengthsBetween(BindContext c) {
    Kwargs k = c.kwargs();
    String col = lengthCol(c);
    Integer min = k.integer("min_value");
    Integer max = k.integer("max_value");
    if (min == null && max == null) {
      throw new BindError("min_value and max_value cannot both be None");
    }
    List<String> bad = new ArrayList<>();
    String len = "length(" + Sql.ident(col) + ")";
    if (min != null) {
      bad.add(len + (k.bool("strict_min", false) ? " <= " : " < ") + min);
    }
    if (max != null) {
      bad.add(len + (k.bool("strict_max", false) ? " >= " : " > ") + max);
    }
    return single(c, col, String.join(" OR ", bad), CostClass.CHEAP);
  }

  static Check lengthsEqual(BindContext c) {
    String col = lengthCol(c);
    Integer v = c.kwargs().integer("value");
    if (v == null) {
      throw new BindError("missing required kwarg 'value'");
    }
    return single(c, col, "length(" + Sql.ident(col) + ") <> " + v, CostClass.CHEAP);
  }

  private static String lengthCol(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    if (!c.schema().isString(col)) {
      throw new BindError("Cannot compute value lengths of column '" + col + "' of type "
          + c.schema().type(col) + ": No function matches the given name and argument types.");
    }
    return col;
  }

  static Check regex(BindContext c, boolean negate) {
    String col = c.kwargs().column("column", c.schema());
    String re = c.kwargs().requiredString("regex");
    String m = "regexp_matches(" + text(c, col) + ", " + Sql.str(re) + ")";
    return single(c, col, negate ? m : "NOT " + m, CostClass.STRING);
  }

  static Check regexList(BindContext c, boolean negate) {
    String col = c.kwargs().column("column", c.schema());
    List<?> list = c.kwargs().list("regex_list");
    if (list == null || list.isEmpty()) {
      throw new BindError("regex_list must be a non-empty list");
    }
    List<String> ms = list.stream()
        .map(r -> "regexp_matches(" + text(c, col) + ", " + Sql.str(String.valueOf(r)) + ")").toList();
    return single(c, col, listCondition(c, ms, negate), CostClass.STRING);
  }

  static Check like(BindContext c, boolean negate) {
    String col = c.kwargs().column("column", c.schema());
    String p = c.kwargs().requiredString("like_pattern");
    String m = text(c, col) + " LIKE " + Sql.str(p);
    return single(c, col, negate ? m : "NOT (" + m + ")", CostClass.STRING);
  }

  static Check likeList(BindContext c, boolean negate) {
    String col = c.kwargs().column("column", c.schema());
    List<?> list = c.kwargs().list("like_pattern_list");
    if (list == null || list.isEmpty()) {
      throw new BindError("like_pattern_list must be a non-empty list");
    }
    List<String> ms = list.stream().map(p -> "(" + text(c, col) + " LIKE " + Sql.str(String.valueOf(p)) + ")")
        .toList();
    return single(c, col, listCondition(c, ms, negate), CostClass.STRING);
  }

  /** Unexpected: for match, not (any|all) matches; for negated, any matches. */
  private static String listCondition(BindContext c, List<String> matches, boolean negate) {
    if (negate) {
      return "(" + String.join(" OR ", matches) + ")";
    }
    String on = c.kwargs().string("match_on");
    String joiner = on == null || on.equals("any") ? " OR " : " AND ";
    if (on != null && !on.equals("any") && !on.equals("all")) {
      throw new BindError("match_on '" + on + "' must be 'any' or 'all'");
    }
    return "NOT (" + String.join(joiner, matches) + ")";
  }

  private static String text(BindContext c, String col) {
    return c.schema().isString(col) ? Sql.ident(col) : "CAST(" + Sql.ident(col) + " AS VARCHAR)";
  }

  static Check jsonParseable(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    String cond = c.schema().isString(col) ? "NOT json_valid(" + Sql.ident(col) + ")" : "TRUE";
    return single(c, col, cond, CostClass.STRING);
  }

  static Check jsonSchema(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    Object schema = c.kwargs().raw("json_schema");
    if (!(schema instanceof Map<?, ?> m)) {
      throw new BindError("json_schema must be a JSON object");
    }
    JsonSchemaSql.condition(Sql.ident(col), "$", m); // refuses unsupported keywords
    Node matches = new JsonSchemaMatch(RowCheck.expr(c, Sql.ident(col)), m);
    return single(c, col, Exprs.not(matches), CostClass.STRING, Sql.ident(col) + " IS NULL",
        new LinkedHashMap<>());
  }

  static Check strftime(BindContext c) {
    String col = stringCol(c, "column", "expect_column_values_to_match_strftime_format");
    String fmt = c.kwargs().requiredString("strftime_format");
    Strftime.check(fmt);
    return single(c, col, "try_strptime(" + Sql.ident(col) + ", " + Sql.str(fmt) + ") IS NULL", CostClass.STRING);
  }

  static Check dateutil(BindContext c) {
    String col = stringCol(c, "column", "expect_column_values_to_be_dateutil_parseable");
    String x = Sql.ident(col);
    String parsed = "coalesce(TRY_CAST(" + x + " AS TIMESTAMP), try_strptime(" + x + ", "
        + "['%m/%d/%Y', '%d/%m/%Y', '%m/%d/%y', '%m-%d-%Y', '%Y/%m/%d', '%b %d %Y', '%d %b %Y', '%B %d %Y', "
        + "'%b %d %Y %H:%M:%S', '%m/%d/%Y %H:%M:%S', '%Y-%m-%dT%H:%M:%S%z', '%Y%m%d', '%Y-%m']))";
    return single(c, col, parsed + " IS NULL", CostClass.STRING);
  }

  static Check zScores(BindContext c) {
    String col = c.kwargs().column("column", c.schema());
    if (!c.schema().isNumeric(col)) {
      throw new BindError("column '" + col + "' of type " + c.schema().type(col) + " is not numeric");
    }
    Double threshold = c.kwargs().number("threshold");
    if (threshold == null) {
      throw new BindError("missing required kwarg 'threshold'");
    }
    boolean both = c.kwargs().bool("double_sided", true);
    String x = Sql.ident(col);
    String stats = "(SELECT avg(" + x + ") AS mu, stddev_samp(" + x + ") AS sd FROM " + c.relation() + ")";
    String z = "((" + x + " - (SELECT mu FROM " + stats + ")) / (SELECT sd FROM " + stats + "))";
    String cond = (both ? "abs(" + z + ")" : z) + " >= " + Sql.literal(threshold);
    // A z-score needs the mean and deviation of the whole relation: not row-local (neither
    // quarantinable nor judged on one record); streams compute it per window.
    return new Check.Map_(col, c.rowCondition(), x + " IS NULL", cond, "to_json(" + x + ")", List.of(col), null,
        null, CostClass.TWO_PASS, c.kwargs().mostly(), false, new LinkedHashMap<>());
  }

  static Check ofType(BindContext c, boolean list) {
    String col = c.kwargs().column("column", c.schema());
    String actual = c.schema().type(col);
    boolean ok;
    Map<String, Object> extra = new LinkedHashMap<>();
    if (list) {
      List<?> types = c.kwargs().list("type_list");
      ok = types == null || types.stream().anyMatch(t -> TypeNames.matches(String.valueOf(t), c.schema().base(col)));
      extra.put("observed_value", actual);
    } else {
      String t = c.kwargs().requiredString("type_");
      ok = TypeNames.matches(t, c.schema().base(col));
      extra.put("observed_value", TypeNames.observedName(t, c.schema().base(col), actual));
    }
    return single(c, col, ok ? "FALSE" : "TRUE", CostClass.CHEAP, Sql.ident(col) + " IS NULL", extra);
  }

  // ---- column pair -------------------------------------------------------------------------------

  private static String pairMissing(BindContext c, String a, String b) {
    String mode = c.kwargs().string("ignore_row_if");
    String na = Sql.ident(a) + " IS NULL";
    String nb = Sql.ident(b) + " IS NULL";
    return switch (mode == null ? "both_values_are_missing" : mode) {
      case "both_values_are_missing" -> "(" + na + " AND " + nb + ")";
      case "either_value_is_missing" -> "(" + na + " OR " + nb + ")";
      case "neither" -> "FALSE";
      default -> throw new BindError("ignore_row_if '" + mode + "' must be both_values_are_missing, "
          + "either_value_is_missing or neither");
    };
  }

  private static Check pair(BindContext c, String a, String b, String unexpected) {
    RowCheck row = new RowCheck(c.domain(), RowCheck.expr(c, pairMissing(c, a, b)), RowCheck.expr(c, unexpected),
        List.of(a, b));
    return new Check.Map_(a + "," + b, row, "json_array(" + Sql.ident(a) + ", " + Sql.ident(b) + ")", List.of(a, b),
        CostClass.CHEAP, c.kwargs().mostly(), new LinkedHashMap<>());
  }

  static Check pairEqual(BindContext c) {
    String a = c.kwargs().column("column_A", c.schema());
    String b = c.kwargs().column("column_B", c.schema());
    boolean mixed = !c.schema().base(a).equals(c.schema().base(b))
        && (c.schema().isString(a) || c.schema().isString(b));
    return pair(c, a, b, mixed
        ? "CAST(" + Sql.ident(a) + " AS VARCHAR) IS DISTINCT FROM CAST(" + Sql.ident(b) + " AS VARCHAR)"
        : Sql.ident(a) + " IS DISTINCT FROM " + Sql.ident(b));
  }

  static Check pairGreater(BindContext c) {
    String a = c.kwargs().column("column_A", c.schema());
    String b = c.kwargs().column("column_B", c.schema());
    String op = c.kwargs().bool("or_equal", false) ? " >= " : " > ";
    return pair(c, a, b, "NOT coalesce(" + Sql.ident(a) + op + Sql.ident(b) + ", FALSE)");
  }

  static Check pairInSet(BindContext c) {
    String a = c.kwargs().column("column_A", c.schema());
    String b = c.kwargs().column("column_B", c.schema());
    List<?> pairs = c.kwargs().list("value_pairs_set");
    if (pairs == null) {
      throw new BindError("missing required kwarg 'value_pairs_set'");
    }
    List<String> ors = new ArrayList<>();
    for (Object p : pairs) {
      if (!(p instanceof List<?> l) || l.size() != 2) {
        throw new BindError("value_pairs_set element " + p + " is not a pair");
      }
      ors.add("(" + Sql.ident(a) + " = " + Sql.literal(l.get(0)) + " AND " + Sql.ident(b) + " = "
          + Sql.literal(l.get(1)) + ")");
    }
    String in = ors.isEmpty() ? "FALSE" : String.join(" OR ", ors);
    return pair(c, a, b, "NOT coalesce(" + in + ", FALSE)");
  }

  // ---- multicolumn -------------------------------------------------------------------------------

  private static String ignoreRowIf(BindContext c, List<String> cols, String dflt) {
    String mode = c.kwargs().string("ignore_row_if");
    String joiner = switch (mode == null ? dflt : mode) {
      case "all_values_are_missing" -> " AND ";
      case "any_value_is_missing" -> " OR ";
      case "never" -> null;
      default -> throw new BindError("ignore_row_if '" + mode + "' must be all_values_are_missing, "
          + "any_value_is_missing or never");
    };
    if (joiner == null) {
      return "FALSE";
    }
    return cols.stream().map(x -> Sql.ident(x) + " IS NULL").collect(Collectors.joining(joiner, "(", ")"));
  }

  private static String objectJson(List<String> cols) {
    return cols.stream().map(x -> Sql.str(x) + ", " + Sql.ident(x))
        .collect(Collectors.joining(", ", "json_object(", ")"));
  }

  private static Check multi(BindContext c, List<String> cols, String unexpected) {
    RowCheck row = new RowCheck(c.domain(), RowCheck.expr(c, ignoreRowIf(c, cols, "all_values_are_missing")),
        RowCheck.expr(c, unexpected), cols);
    return new Check.Map_(String.join(",", cols), row, objectJson(cols), cols, CostClass.CHEAP, c.kwargs().mostly(),
        new LinkedHashMap<>());
  }

  static Check multicolumnSum(BindContext c) {
    List<String> cols = c.kwargs().columns("column_list", c.schema());
    Double total = c.kwargs().number("sum_total");
    if (total == null) {
      throw new BindError("missing required kwarg 'sum_total'");
    }
    String sum = cols.stream().map(x -> "coalesce(" + Sql.ident(x) + ", 0)").collect(Collectors.joining(" + "));
    return multi(c, cols, "(" + sum + ") <> " + Sql.literal(total));
  }

  static Check uniqueWithinRecord(BindContext c) {
    List<String> cols = c.kwargs().columns("column_list", c.schema());
    List<String> eq = new ArrayList<>();
    for (int i = 0; i < cols.size(); i++) {
      for (int j = i + 1; j < cols.size(); j++) {
        eq.add("coalesce(" + Sql.ident(cols.get(i)) + " = " + Sql.ident(cols.get(j)) + ", FALSE)");
      }
    }
    return multi(c, cols, eq.isEmpty() ? "FALSE" : "(" + String.join(" OR ", eq) + ")");
  }
}

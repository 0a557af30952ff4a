package io.millrace.core.pipeline.internal;

import io.millrace.api.MillraceException;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${name}} placeholders in model SQL with run variables. Values are inserted as
 * written (quote them in SQL: {@code TIMESTAMP '${data_interval_start}'}). An undefined name is a
 * USER error, found before any data moves.
 */
public final class SqlTemplate {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)}");

  private SqlTemplate() {}

  /**
   * @param where what holds the SQL, for the error message (e.g. {@code model 'orders' (models/orders.sql)})
   */
  public static String render(String sql, Map<String, String> vars, String where) {
    Matcher m = VAR.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length());
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        throw MillraceException.user("Cannot substitute ${%s} in %s: variable '%s' is not defined (defined: %s)",
            m.group(1), where, m.group(1), new TreeSet<>(vars.keySet()));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}

package io.millrace.core.plan.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.Suggestions;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders model SQL for plan-time checks: project variables as at run time, and stand-ins for the
 * run variables. Run variables are inserted as written at run time, unquoted ISO text (the SQL
 * quotes them: {@code TIMESTAMP '${data_interval_start}'}), so the stand-ins have the same shape.
 */
public final class PlanSql {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
  /** Stand-ins for the variables a run defines. */
  public static final Map<String, String> RUN_VARS = Map.of(
      "data_interval_start", "2000-01-01T00:00:00",
      "data_interval_end", "2000-01-02T00:00:00",
      "run_id", "20000101T000000000Z-plan");

  private PlanSql() {}

  /**
   * @throws MillraceException USER naming the model file, the line and the unknown variable
   */
  public static String render(ModelSpec model, Map<String, String> projectVars) {
    Map<String, String> vars = new HashMap<>(projectVars);
    vars.putAll(RUN_VARS);
    String sql = model.sql();
    Matcher m = VAR.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length());
    while (m.find()) {
      String value = vars.get(m.group(1));
      if (value == null) {
        int line = 1 + (int) sql.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        String hint = Suggestions.closest(m.group(1), vars.keySet()).map(s -> "; did you mean '" + s + "'?")
            .orElse("");
        throw MillraceException.user("Cannot plan model '%s' (models/%s.sql:%d): unknown variable '${%s}' "
            + "(defined: %s)%s", model.name(), model.name(), line, m.group(1),
            String.join(", ", new TreeSet<>(vars.keySet())), hint);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}

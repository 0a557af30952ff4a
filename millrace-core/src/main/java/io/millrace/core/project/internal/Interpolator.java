package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${name}} (project variables), {@code ${env:NAME}} and
 * {@code ${env:NAME:-default}} (environment) in strings. Variables may refer to other variables and
 * to the environment; a variable defined in terms of itself is an error.
 */
public final class Interpolator {
  private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

  private final Map<String, String> raw;
  private final Map<String, String> whereDefined;
  private final Function<String, String> env;
  private final Map<String, String> resolved = new LinkedHashMap<>();
  private final Deque<String> resolving = new ArrayDeque<>();

  /**
   * @param raw variables as written (defaults overridden by {@code --var}), placeholders restored
   * @param whereDefined a location per variable for messages ({@code millrace.yaml:3:3}, {@code --var x})
   * @param env the environment (System::getenv outside tests)
   */
  public Interpolator(Map<String, String> raw, Map<String, String> whereDefined,
                      Function<String, String> env) {
    this.raw = new LinkedHashMap<>(raw);
    this.whereDefined = whereDefined;
    this.env = env;
  }

  /** Every variable with its references substituted, in declaration order. */
  public Map<String, String> resolvedVars() {
    for (String name : raw.keySet()) {
      variable(name, whereDefined.getOrDefault(name, "--var " + name));
    }
    return new LinkedHashMap<>(resolved);
  }

  /**
   * @param where location for messages
   * @throws MillraceException USER naming the location and the unknown variable or unset
   *     environment variable
   */
  public String apply(String text, String where) {
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(lookup(m.group(1).trim(), where)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(String ref, String where) {
    if (ref.startsWith("env:")) {
      String spec = ref.substring(4);
      int dflt = spec.indexOf(":-");
      String name = dflt < 0 ? spec : spec.substring(0, dflt);
      String value = env.apply(name);
      if (value != null) {
        return value;
      }
      if (dflt >= 0) {
        return spec.substring(dflt + 2);
      }
      throw MillraceException.user("Cannot load %s: environment variable '%s' is not set (give a "
          + "default with ${env:%s:-value})", where, name, name);
    }
    return variable(ref, where);
  }

  private String variable(String name, String where) {
    String done = resolved.get(name);
    if (done != null) {
      return done;
    }
    String value = raw.get(name);
    if (value == null) {
      String suggestion = Suggestions.closest(name, raw.keySet()).map(s -> "; did you mean '" + s + "'?")
          .orElse("");
      throw MillraceException.user("Cannot load %s: unknown variable '${%s}' (known: %s)%s", where, name,
          raw.isEmpty() ? "none; declare it under vars: or pass --var " + name + "=..."
              : String.join(", ", new TreeSet<>(raw.keySet())), suggestion);
    }
    if (resolving.contains(name)) {
      throw MillraceException.user("Cannot load %s: variable '%s' refers to itself (%s -> %s)",
          whereDefined.getOrDefault(name, where), name, String.join(" -> ", resolving), name);
    }
    resolving.addLast(name);
    try {
      String v = apply(value, whereDefined.getOrDefault(name, where));
      resolved.put(name, v);
      return v;
    } finally {
      resolving.removeLast();
    }
  }
}

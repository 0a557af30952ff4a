package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.Suggestions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
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
 *
 * <p>Variables are expanded only when something uses them (a string of millrace.yaml, a model), so
 * an unused variable reading an unset environment variable costs nothing; references between
 * variables are still checked up front (unknown names, cycles) without expanding anything. A
 * string may not expand beyond {@link #MAX_EXPANDED} characters: nine variables each repeating the
 * previous ten times would otherwise need gigabytes.
 */
public final class Interpolator {
  private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");
  /** Largest expansion of one string, in characters (1 MiB of text). */
  public static final int MAX_EXPANDED = 1 << 20;

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

  /**
   * Checks that every variable refers only to known variables and none to itself, without
   * expanding any.
   *
   * @throws MillraceException USER naming the variable's location and the unknown name or the cycle
   */
  public void checkReferences() {
    Set<String> checked = new HashSet<>();
    for (String name : raw.keySet()) {
      follow(name, new ArrayDeque<>(), checked);
    }
  }

  /** Depth-first over the references; each variable is followed once (a bomb has many paths). */
  private void follow(String name, Deque<String> path, Set<String> checked) {
    if (checked.contains(name)) {
      return;
    }
    String where = whereDefined.getOrDefault(name, "--var " + name);
    if (path.contains(name)) {
      throw MillraceException.user("Cannot load %s: variable '%s' refers to itself (%s -> %s)", where, name,
          String.join(" -> ", path), name);
    }
    path.addLast(name);
    Matcher m = REF.matcher(raw.get(name));
    while (m.find()) {
      String ref = m.group(1).trim();
      if (!ref.startsWith("env:")) {
        if (!raw.containsKey(ref)) {
          variable(ref, where);  // throws: unknown variable, with suggestions
        }
        follow(ref, path, checked);
      }
    }
    path.removeLast();
    checked.add(name);
  }

  /**
   * The variables expanded so far plus {@code names} (those that exist) and every plain variable
   * (one without references, so nothing to expand), in declaration order.
   *
   * @param names variables a consumer will substitute (e.g. those the models use)
   */
  public Map<String, String> resolvedVars(Iterable<String> names) {
    for (String name : names) {
      if (raw.containsKey(name)) {
        variable(name, whereDefined.getOrDefault(name, "--var " + name));
      }
    }
    raw.forEach((name, value) -> {
      if (!value.contains("${")) {
        resolved.putIfAbsent(name, value);
      }
    });
    Map<String, String> ordered = new LinkedHashMap<>();
    raw.keySet().stream().filter(resolved::containsKey).forEach(n -> ordered.put(n, resolved.get(n)));
    return ordered;
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
      checkSize(out.length(), where);
    }
    m.appendTail(out);
    checkSize(out.length(), where);
    return out.toString();
  }

  /**
   * Values read from the environment are where deployments keep passwords: they are masked in
   * every output from now on — all that are at least 8 characters long, and any whose variable's
   * name says it holds a secret (PASSWORD, PASS, PWD, SECRET, TOKEN, KEY, CREDENTIAL, AUTH).
   * Shorter values of other variables (a port, a flag) would mask unrelated numbers and words.
   */
  private static void registerSecret(String name, String value) {
    if (value.length() >= 8 || SECRET_NAME.matcher(name).find()) {
      Secrets.register(value);
    }
  }

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i)pass|pwd|secret|token|key|credential|auth");

  private static void checkSize(int length, String where) {
    if (length > MAX_EXPANDED) {
      throw MillraceException.user("Cannot load %s: variables expand it to more than %,d characters "
          + "(a variable repeating another many times?); keep expanded values under that size", where,
          MAX_EXPANDED);
    }
  }

  private String lookup(String ref, String where) {
    if (ref.startsWith("env:")) {
      String spec = ref.substring(4);
      int dflt = spec.indexOf(":-");
      String name = dflt < 0 ? spec : spec.substring(0, dflt);
      String value = env.apply(name);
      if (value != null) {
        registerSecret(name, value);
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

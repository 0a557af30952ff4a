package io.millrace.core.plan.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of a project by case-insensitive name, as SQL resolves them: {@code Sales} in a model
 * reads the source declared as {@code sales}. Two tables whose names differ only in case are an error.
 */
public final class Names {
  private final String project;
  private final Map<String, String> canonical = new LinkedHashMap<>();
  private final Map<String, String> origin = new LinkedHashMap<>();

  public Names(ProjectSpec p) {
    this.project = p.name();
    p.sources().keySet().forEach(s -> add(s, "source '" + s + "' (millrace.yaml)"));
    for (ModelSpec m : p.models().values()) {
      add(m.name(), "model '" + m.name() + "' (models/" + m.name() + ".sql)");
    }
  }

  private void add(String name, String what) {
    String key = name.toLowerCase(Locale.ROOT);
    String earlier = origin.get(key);
    if (earlier != null) {
      throw MillraceException.user("Cannot plan project '%s': the name '%s' is used twice, by %s and by %s; "
          + "table names must be unique (case-insensitive)", project, name, earlier, what);
    }
    canonical.put(key, name);
    origin.put(key, what);
  }

  /** The declared spelling of a name as written in SQL, if it names a table of the project. */
  public Optional<String> resolve(String written) {
    String name = written.contains(".") ? written.substring(written.lastIndexOf('.') + 1) : written;
    return Optional.ofNullable(canonical.get(name.toLowerCase(Locale.ROOT)));
  }

  /** "(known: a, b, c; did you mean 'x'?)" for messages. */
  public String known(String written) {
    List<String> names = List.copyOf(canonical.values());
    String hint = Suggestions.closest(written, names).map(s -> "; did you mean '" + s + "'?").orElse("");
    return "(known: " + (names.isEmpty() ? "none" : String.join(", ", names)) + hint + ")";
  }
}

package io.millrace.core.plan.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.Suggestions;
import io.millrace.api.stream.StreamJobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tables of a project by case-insensitive name, as SQL resolves them: {@code Sales} in a model
 * reads the source declared as {@code sales}. Two tables whose names differ only in case are an error.
 * The tables stream jobs write ({@link StreamJobSpec#tables()}) are names of the project too: models
 * may read them, and no source or model may take them.
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
    p.features().trainingSets().values().forEach(t -> add(t.name(), "training set '" + t.name() + "' ("
        + t.location() + ")"));
    for (StreamJobSpec j : p.streams().values()) {
      j.tables().forEach(t -> addStreamTable(t, j));
    }
  }

  private void addStreamTable(String table, StreamJobSpec job) {
    String key = table.toLowerCase(Locale.ROOT);
    String earlier = origin.get(key);
    if (earlier != null) {
      throw MillraceException.user("Cannot plan %s: the name '%s' is reserved for a table that stream job '%s' "
          + "writes (%s writes %s); rename one of them", earlier, table, job.name(), file(job),
          String.join(", ", job.tables()));
    }
    canonical.put(key, table);
    origin.put(key, "stream table '" + table + "' (stream job '" + job.name() + "', " + file(job) + ")");
  }

  /** {@code streams/<file>}, as the job's errors name it. */
  private static String file(StreamJobSpec job) {
    return "streams/" + (job.file() == null ? job.name() + ".yaml" : job.file().getFileName().toString());
  }

  /**
   * What a system table of this name holds, if the name is reserved: {@code <t>__rejects} (a
   * source's rejected lines), {@code <t>__quarantine} (a table's quarantined rows) and names
   * starting with {@code __} (working tables of a run). A user table of such a name would be
   * overwritten by, or overwrite, the system table. Case-insensitive, as SQL names are.
   */
  public static Optional<String> reservedFor(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("__")) {
      return Optional.of("Millrace's working tables");
    }
    for (String[] suffix : SYSTEM_SUFFIXES) {
      if (lower.endsWith(suffix[0]) && lower.length() > suffix[0].length()) {
        String owner = name.substring(0, name.length() - suffix[0].length());
        return Optional.of(suffix[1] + " '" + owner + "'");
      }
    }
    return Optional.empty();
  }

  private static final String[][] SYSTEM_SUFFIXES = {
      {"__rejects", "the rejected lines of source"}, {"__quarantine", "the quarantined rows of table"}};

  private void add(String name, String what) {
    reservedFor(name).ifPresent(role -> {
      throw MillraceException.user("Cannot plan %s: the name '%s' is reserved for %s; names ending in "
          + "__rejects or __quarantine, or starting with __, are system tables", what, name, role);
    });
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

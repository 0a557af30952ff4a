package io.millrace.core.project;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.internal.ProjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads a project folder ({@code millrace.yaml} + {@code models/*.sql}) into a {@link ProjectSpec}.
 *
 * <p>Every error about the user's files is a USER {@link MillraceException} naming
 * {@code millrace.yaml:line:column} (or the model file) and the offending key or value; unknown keys
 * get a "did you mean". Variables: {@code vars:} defaults, replaced by {@code --var} overrides;
 * {@code ${name}} is substituted in every string of the YAML (model SQL keeps its placeholders until
 * a run binds them); {@code ${env:NAME}} and {@code ${env:NAME:-default}} read the environment.
 * Relative paths are resolved against the project folder. Stateless and thread-safe.
 */
public final class ProjectLoader {
  private ProjectLoader() {}

  /** Loads with the process environment. */
  public static ProjectSpec load(Path dir, Map<String, String> varOverrides) {
    return load(dir, varOverrides, System::getenv);
  }

  /**
   * Loads without reading {@code exports:}: for commands that only inspect the project's state
   * (runs, report, tables), which must work where the environment variables only exports use are
   * not set. The returned spec has no exports.
   */
  public static ProjectSpec loadWithoutExports(Path dir, Map<String, String> varOverrides) {
    return load(dir, varOverrides, System::getenv, false);
  }

  /** {@link #load(Path, Map, Function, boolean)} with exports. */
  public static ProjectSpec load(Path dir, Map<String, String> varOverrides, Function<String, String> env) {
    return load(dir, varOverrides, env, true);
  }

  /**
   * @param dir the project folder
   * @param varOverrides {@code --var k=v} values (win over {@code vars:})
   * @param env environment lookup (returns null when a variable is not set)
   * @param withExports false to leave {@code exports:} unread (see {@link #loadWithoutExports})
   * @throws MillraceException USER when the folder, the file or its content is wrong
   */
  public static ProjectSpec load(Path dir, Map<String, String> varOverrides, Function<String, String> env,
                                 boolean withExports) {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw MillraceException.user("Cannot load project %s: no such folder", root);
    }
    Path file = root.resolve("millrace.yaml");
    if (!Files.isRegularFile(file)) {
      throw MillraceException.user("Cannot load project %s: no millrace.yaml in it", root);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot load project %s: cannot read millrace.yaml: %s", root,
          e.getMessage());
    }
    return ProjectReader.read(root, text, varOverrides, env, withExports);
  }
}

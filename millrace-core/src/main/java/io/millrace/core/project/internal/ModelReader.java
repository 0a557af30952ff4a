package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads models: every {@code models/*.sql} file is one, in file-name order; {@code models:} in
 * {@code millrace.yaml} only adds settings, and settings without a SQL file are an error.
 */
final class ModelReader {
  private static final String[] KEYS;

  static {
    List<String> keys = new ArrayList<>(List.of("materialized", "unique_key", "checks"));
    keys.addAll(List.of(RetryReader.KEYS));
    KEYS = keys.toArray(String[]::new);
  }

  private ModelReader() {}

  static Map<String, ModelSpec> read(Path root, YNode settings, RetryPolicy pipelineRetry) {
    Map<String, Path> files = sqlFiles(root.resolve("models"));
    Map<String, YNode> bySettings = settings == null ? Map.of() : settings.entries();
    for (Map.Entry<String, YNode> e : bySettings.entrySet()) {
      if (!files.containsKey(e.getKey())) {
        String hint = Suggestions.closest(e.getKey(), files.keySet()).map(s -> "; did you mean '" + s + "'?")
            .orElse("");
        throw e.getValue().error("model '%s' has settings but no SQL file models/%s.sql (models: %s)%s",
            e.getKey(), e.getKey(), files.isEmpty() ? "none" : String.join(", ", files.keySet()), hint);
      }
    }
    Map<String, ModelSpec> out = new LinkedHashMap<>();
    for (Map.Entry<String, Path> f : files.entrySet()) {
      out.put(f.getKey(), model(f.getKey(), f.getValue(), bySettings.get(f.getKey()), pipelineRetry));
    }
    return out;
  }

  private static ModelSpec model(String name, Path file, YNode node, RetryPolicy base) {
    String sql = readSql(file);
    if (sql.isBlank()) {
      throw MillraceException.user("Cannot load model '%s' (models/%s.sql): the file is empty", name, name);
    }
    if (node == null) {
      return new ModelSpec(name, file, sql, Materialization.TABLE, List.of(), base, List.of());
    }
    Map<String, YNode> f = node.fields(KEYS);
    Materialization m = f.containsKey("materialized") ? f.get("materialized").oneOf(Materialization.class)
        : Materialization.TABLE;
    List<String> key = f.containsKey("unique_key") ? f.get("unique_key").texts() : List.of();
    if (!key.isEmpty() && m != Materialization.INCREMENTAL) {
      throw f.get("unique_key").error("%s applies only to incremental models; '%s' is %s",
          f.get("unique_key").path(), name, m.name().toLowerCase());
    }
    RetryPolicy retry = RetryReader.read(f, base, node);
    List<CheckSpec> checks = ChecksReader.read(f.get("checks"));
    if (m == Materialization.VIEW && !checks.isEmpty()) {
      throw f.get("checks").error("%s: view '%s' stores nothing to check; attach checks to a table model",
          f.get("checks").path(), name);
    }
    return new ModelSpec(name, file, sql, m, key, retry, checks);
  }

  private static Map<String, Path> sqlFiles(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".sql") && Files.isRegularFile(p)).forEach(p -> {
        String file = p.getFileName().toString();
        String name = file.substring(0, file.length() - 4);
        if (!ProjectReader.NAME.matcher(name).matches()) {
          throw MillraceException.user("Cannot load model models/%s: the name '%s' must be letters, digits "
              + "and _ and start with a letter or _", file, name);
        }
        out.put(name, p.toAbsolutePath().normalize());
      });
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list models in %s: %s", dir, e.getMessage());
    }
    return out;
  }

  private static String readSql(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read model %s: %s", file, e.getMessage());
    }
  }
}

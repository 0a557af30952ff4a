package io.millrace.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads expectation suites: Great Expectations JSON unchanged (0.x {@code expectation_suite_name} /
 * {@code expectation_type}, 1.x {@code name} / {@code type}) and Millrace YAML, where an expectation
 * is either the long form ({@code type, kwargs, meta, severity, on_fail}) or the shorthand
 * {@code - expect_x: {kwargs}} with optional {@code severity}/{@code on_fail}/{@code meta} beside it.
 *
 * <p>Only the shape is checked here; types and kwargs are checked when the suite is bound to a
 * table. Thread-safe.
 */
public final class SuiteLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> ITEM_KEYS = Set.of("type", "expectation_type", "kwargs", "meta",
      "severity", "on_fail", "id", "notes", "description", "rendered_content", "expectation_context");
  private static final Set<String> SHORTHAND_EXTRAS = Set.of("meta", "severity", "on_fail", "notes", "id");

  /**
   * Loads a suite file ({@code .json} as JSON, anything else as YAML).
   *
   * @throws MillraceException USER naming the file (and the expectation) when it is missing or malformed
   */
  public Suite load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new MillraceException(ErrorKind.USER, "Cannot load suite " + file + ": file not found", e);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot load suite %s: %s", file, e.getMessage());
    }
    return parse(text, file);
  }

  /** Parses suite text; {@code file} names the source in errors and decides JSON vs YAML. */
  public Suite parse(String text, Path file) {
    Object root;
    try {
      boolean json = file.toString().toLowerCase(Locale.ROOT).endsWith(".json");
      root = (json ? JSON : YAML).readValue(text, Object.class);
    } catch (IOException e) {
      throw new MillraceException(ErrorKind.USER,
          "Cannot load suite " + file + ": not valid " + (file.toString().endsWith(".json") ? "JSON" : "YAML")
              + ": " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw MillraceException.user("Cannot load suite %s: expected a mapping with 'expectations'", file);
    }
    String name = str(map.get("expectation_suite_name"));
    if (name == null) {
      name = str(map.get("name"));
    }
    if (name == null) {
      String f = file.getFileName().toString();
      name = f.contains(".") ? f.substring(0, f.lastIndexOf('.')) : f;
    }
    Object exps = map.get("expectations");
    if (exps == null) {
      exps = List.of();
    }
    if (!(exps instanceof List<?> list)) {
      throw MillraceException.user("Cannot load suite %s: 'expectations' must be a list", file);
    }
    List<ExpectationConfig> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(item(file, i + 1, list.get(i)));
    }
    return new Suite(name, file, out, asMap(map.get("meta")));
  }

  private static ExpectationConfig item(Path file, int index, Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw MillraceException.user("Cannot load suite %s: expectation #%d is not a mapping", file, index);
    }
    String type = str(m.get("type"));
    if (type == null) {
      type = str(m.get("expectation_type"));
    }
    Object kwargs;
    if (type != null) {
      for (Object k : m.keySet()) {
        if (!ITEM_KEYS.contains(String.valueOf(k))) {
          throw MillraceException.user("Cannot load suite %s: expectation #%d (%s): unknown key '%s'",
              file, index, type, k);
        }
      }
      kwargs = m.get("kwargs");
    } else {
      List<String> candidates = new ArrayList<>();
      for (Object k : m.keySet()) {
        if (!SHORTHAND_EXTRAS.contains(String.valueOf(k))) {
          candidates.add(String.valueOf(k));
        }
      }
      if (candidates.size() != 1) {
        throw MillraceException.user("Cannot load suite %s: expectation #%d: expected one expectation type "
            + "key (or 'type:'), found %s", file, index, candidates);
      }
      type = candidates.get(0);
      kwargs = m.get(type);
    }
    if (kwargs != null && !(kwargs instanceof Map)) {
      throw MillraceException.user("Cannot load suite %s: expectation #%d (%s): kwargs must be a mapping",
          file, index, type);
    }
    return new ExpectationConfig(type, asMap(kwargs), asMap(m.get("meta")),
        enumValue(Severity.class, m.get("severity"), file, index, type, "severity"),
        enumValue(OnFail.class, m.get("on_fail"), file, index, type, "on_fail"));
  }

  private static <E extends Enum<E>> E enumValue(Class<E> cls, Object v, Path file, int index,
                                                 String type, String key) {
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(cls, v.toString().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw MillraceException.user("Cannot load suite %s: expectation #%d (%s): %s '%s' is not one of %s",
          file, index, type, key, v, java.util.Arrays.toString(cls.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    if (!(o instanceof Map<?, ?> m)) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) m).forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}

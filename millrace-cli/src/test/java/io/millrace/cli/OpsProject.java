package io.millrace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-model project for the operations tests: {@code orders} (10 rows, half of {@code name} null, a
 * warning check on it), failing at run time with {@code --var v=abc}. {@code alerts} is appended to
 * millrace.yaml as is.
 */
final class OpsProject {
  private OpsProject() {}

  static Path create(Path dir, String alerts) throws IOException {
    Path p = dir.resolve("ops");
    Files.createDirectories(p.resolve("models"));
    Files.createDirectories(p.resolve("checks"));
    Files.writeString(p.resolve("millrace.yaml"), "name: ops\nvars: {v: \"1\", port: \"0\"}\nmodels:\n"
        + "  orders: {checks: checks/orders.yaml}\n" + alerts);
    Files.writeString(p.resolve("models/orders.sql"), "select i as id, case when i % 2 = 0 then null else 'n' || i "
        + "end as name, cast('${v}' as integer) as v from range(10) t(i)\n");
    Files.writeString(p.resolve("checks/orders.yaml"), "name: orders\nexpectations:\n"
        + "  - expect_column_values_to_not_be_null: {column: name}\n    severity: warn\n");
    return p;
  }

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * Parses Prometheus text format samples into {@code name{k="v",...}} (labels sorted) → value, so tests
   * look metrics up independently of label order.
   */
  static Map<String, Double> samples(String text) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.matches()) {
        throw new AssertionError("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.put(key(m.group(1), labels), Double.parseDouble(m.group(4)));
    }
    return out;
  }

  /** The lookup key of a sample: {@code key("m", "a", "1", "b", "2")} is {@code m{a="1",b="2"}}. */
  static String key(String name, String... labels) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return key(name, m);
  }

  private static String key(String name, Map<String, String> labels) {
    StringBuilder b = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
    return b.append('}').toString();
  }
}

package io.millrace.core.project.internal;

import io.millrace.api.project.CheckSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code checks:} attachment: a suite path, a list of paths, or a list of
 * {@code {suite, severity, on_fail, window}} mappings ({@code window}: stream jobs only). Suite files must exist.
 */
final class ChecksReader {
  private ChecksReader() {}

  static List<CheckSpec> read(YNode checks) {
    if (checks == null) {
      return List.of();
    }
    List<CheckSpec> out = new ArrayList<>();
    for (YNode item : checks.isList() ? checks.list() : List.of(checks)) {
      out.add(item.isMap() ? attachment(item) : new CheckSpec(suite(item), null, null));
    }
    return out;
  }

  private static CheckSpec attachment(YNode item) {
    Map<String, YNode> f = item.fields("suite", "severity", "on_fail", "window");
    YNode suite = f.get("suite");
    if (suite == null) {
      throw item.error("%s needs 'suite' (the suite file)", item.path());
    }
    CheckSpec.Severity severity = f.containsKey("severity") ? f.get("severity").oneOf(CheckSpec.Severity.class) : null;
    CheckSpec.OnFail onFail = f.containsKey("on_fail") ? f.get("on_fail").oneOf(CheckSpec.OnFail.class) : null;
    java.time.Duration window = f.containsKey("window") ? f.get("window").duration() : null;
    if (window != null && (window.isZero() || window.isNegative())) {
      throw f.get("window").error("%s: window must be positive", f.get("window").path());
    }
    return new CheckSpec(suite(suite), severity, onFail, window);
  }

  private static Path suite(YNode node) {
    Path p = node.file();
    if (!Files.isRegularFile(p)) {
      throw node.error("%s: suite file %s does not exist", node.path(), p);
    }
    return p;
  }
}

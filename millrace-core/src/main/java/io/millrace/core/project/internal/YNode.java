package io.millrace.core.project.internal;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import io.millrace.core.project.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its location and its path in the document ({@code models.daily.retries}), and
 * typed reads whose errors name both. Scalars are read with variables substituted.
 */
public final class YNode {
  /** What every node of one document shares: file label, project folder, variables. */
  public static final class Context {
    final String file;
    final Path root;
    Interpolator vars;

    public Context(String file, Path root) {
      this.file = file;
      this.root = root;
    }
  }

  private final Node node;
  private final String path;
  private final Context ctx;

  public YNode(Node node, String path, Context ctx) {
    this.node = node;
    this.path = path;
    this.ctx = ctx;
  }

  /** {@code millrace.yaml:line:column}, 1-based. */
  public String location() {
    return ctx.file + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
  }

  public String path() {
    return path;
  }

  /** A USER error "Cannot load millrace.yaml:L:C: reason". */
  public MillraceException error(String format, Object... args) {
    return MillraceException.user("Cannot load %s: %s", location(), String.format(format, args));
  }

  /** Runs a parse step, prefixing its USER error with this node's location. */
  public <T> T at(Supplier<T> step) {
    try {
      return step.get();
    } catch (MillraceException e) {
      if (e.kind() != ErrorKind.USER || e.getMessage().startsWith("Cannot load " + ctx.file)) {
        throw e;
      }
      throw new MillraceException(ErrorKind.USER, "Cannot load " + location() + ": " + path + ": "
          + e.getMessage(), e);
    }
  }

  public boolean isNull() {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  /** Entries of a mapping in file order; null values are left out (a key with no value is absent). */
  public Map<String, YNode> entries() {
    if (!(node instanceof MappingNode m)) {
      throw error("%s must be a mapping (key: value), found %s", path, kind());
    }
    Map<String, YNode> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YNode(t.getKeyNode(), path, ctx).error("keys of %s must be plain names", path);
      }
      String key = YamlDoc.restore(k.getValue());
      YNode value = new YNode(t.getValueNode(), path.isEmpty() ? key : path + "." + key, ctx);
      if (out.containsKey(key)) {
        throw new YNode(k, path, ctx).error("duplicate key '%s' in %s", key, path.isEmpty() ? "the file" : path);
      }
      if (!value.isNull()) {
        out.put(key, value);
      }
    }
    return out;
  }

  /** Like {@link #entries()}, rejecting keys not in {@code allowed} with a "did you mean". */
  public Map<String, YNode> fields(String... allowed) {
    Map<String, YNode> out = entries();
    Set<String> valid = Set.of(allowed);
    for (NodeTuple t : ((MappingNode) node).getValue()) {
      String key = YamlDoc.restore(((ScalarNode) t.getKeyNode()).getValue());
      if (!valid.contains(key)) {
        String hint = Suggestions.closest(key, valid).map(s -> "did you mean '" + s + "'?")
            .orElse("valid keys: " + String.join(", ", allowed));
        throw new YNode(t.getKeyNode(), path, ctx).error("unknown key '%s' in %s; %s", key,
            path.isEmpty() ? "the top level" : path, hint);
      }
    }
    return out;
  }

  public List<YNode> list() {
    if (!(node instanceof SequenceNode s)) {
      throw error("%s must be a list, found %s", path, kind());
    }
    List<YNode> out = new ArrayList<>();
    for (int i = 0; i < s.getValue().size(); i++) {
      out.add(new YNode(s.getValue().get(i), path + "[" + i + "]", ctx));
    }
    return out;
  }

  /** The raw scalar as written, {@code ${...}} kept (for variables themselves). */
  public String rawText() {
    if (!(node instanceof ScalarNode s)) {
      throw error("%s must be a single value, found %s", path, kind());
    }
    return YamlDoc.restore(s.getValue());
  }

  /** The scalar with variables substituted. */
  public String text() {
    String raw = rawText();
    return ctx.vars == null ? raw : ctx.vars.apply(raw, location());
  }

  /** One string or a list of strings. */
  public List<String> texts() {
    return isList() ? list().stream().map(YNode::text).toList() : List.of(text());
  }

  public int integer(int min) {
    String t = text().trim();
    int v;
    try {
      v = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw error("%s must be a whole number, found '%s'", path, t);
    }
    if (v < min) {
      throw error("%s must be >= %d, found %d", path, min, v);
    }
    return v;
  }

  public double number(double min) {
    String t = text().trim();
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw error("%s must be a number, found '%s'", path, t);
    }
    if (!(v >= min) || Double.isInfinite(v)) {
      throw error("%s must be a number >= %s, found %s", path, min, t);
    }
    return v;
  }

  public boolean bool() {
    String t = text().trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "true": case "yes": case "on": return true;
      case "false": case "no": case "off": return false;
      default: throw error("%s must be true or false, found '%s'", path, t);
    }
  }

  public Duration duration() {
    return at(() -> Durations.parse(text()));
  }

  /** A path resolved against the project folder (absolute paths stay as they are). */
  public Path file() {
    String t = text().trim();
    if (t.isEmpty()) {
      throw error("%s must be a path, found an empty value", path);
    }
    return ctx.root.resolve(t).normalize();
  }

  /** One of an enum's constants, case-insensitive; the error lists the valid words. */
  public <E extends Enum<E>> E oneOf(Class<E> type) {
    String t = text().trim();
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(t)) {
        return e;
      }
    }
    List<String> words = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
        .toList();
    String hint = Suggestions.closest(t, words).map(s -> "; did you mean '" + s + "'?").orElse("");
    throw error("%s must be one of %s, found '%s'%s", path, String.join(", ", words), t, hint);
  }

  Context context() {
    return ctx;
  }

  private String kind() {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    return node instanceof SequenceNode ? "a list" : "'" + YamlDoc.restore(((ScalarNode) node).getValue()) + "'";
  }
}

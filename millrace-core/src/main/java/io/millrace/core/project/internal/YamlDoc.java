package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses {@code millrace.yaml} into SnakeYAML nodes, which keep their line and column.
 *
 * <p>Design note: {@code ${var}} is not valid inside a YAML flow mapping ({@code {out: ${input}}}
 * reads {@code {} as a nested mapping). Before parsing, every {@code ${...}} is rewritten to
 * private-use characters of the same length, so columns in messages stay exact, and restored by
 * {@link #restore} when a value is read.
 */
public final class YamlDoc {
  private static final String OPEN = "\uE000\uE001";
  private static final String CLOSE = "\uE002";

  private YamlDoc() {}

  /**
   * @return the document's root node, or null for an empty document
   * @throws MillraceException USER with file:line:column and the parser's problem
   */
  public static Node parse(String text, String file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try {
      return yaml.compose(new StringReader(protect(text)));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
      String problem = restore(String.valueOf(e.getProblem()));
      String context = e.getContext() == null ? "" : " (" + restore(e.getContext()) + ")";
      throw new MillraceException(io.millrace.api.ErrorKind.USER,
          "Cannot load " + where + ": invalid YAML: " + problem + context, e);
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new MillraceException(io.millrace.api.ErrorKind.USER,
          "Cannot load " + file + ": invalid YAML: " + restore(e.getMessage()), e);
    }
  }

  /** Puts back the {@code ${...}} a scalar held in the source text. */
  public static String restore(String value) {
    return value.replace(OPEN, "${").replace(CLOSE, "}");
  }

  static String protect(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("${", i);
      int close = open < 0 ? -1 : text.indexOf('}', open + 2);
      int eol = open < 0 ? -1 : text.indexOf('\n', open);
      if (open < 0 || close < 0 || (eol >= 0 && eol < close)) {
        out.append(text, i, open < 0 ? text.length() : open + 2);
        i = open < 0 ? text.length() : open + 2;
        continue;
      }
      out.append(text, i, open).append(OPEN).append(text, open + 2, close).append(CLOSE);
      i = close + 1;
    }
    return out.toString();
  }
}

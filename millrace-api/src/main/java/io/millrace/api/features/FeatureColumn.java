package io.millrace.api.features;

import io.millrace.api.MillraceException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One feature of a view: a column of the view's source, or a SQL scalar expression over the
 * source's columns ({@code {f3: "f1 * 2"}}).
 *
 * @param name the feature name (a SQL identifier)
 * @param expression the engine's SQL expression, or null when the feature is the column {@code name}
 */
public record FeatureColumn(String name, String expression) {
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public FeatureColumn {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw MillraceException.user("Cannot declare feature '%s': a name must be letters, digits and _ and start with a letter or _", name);
    }
    if (expression != null && expression.isBlank()) {
      throw MillraceException.user("Cannot declare feature '%s': its expression is empty", name);
    }
  }

  /** The source column this feature reads as is, or null for an expression. */
  public String column() {
    return expression == null ? name : null;
  }
}

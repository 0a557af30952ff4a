package io.millrace.stream.features;

import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.Suggestions;
import io.millrace.api.stream.ScoringSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Set;

/** Builds the scorer a {@link ScoringSpec} asks for. */
public final class Scorers {
  private static final Set<LogicalType> SCORABLE =
      Set.of(LogicalType.BOOLEAN, LogicalType.INTEGER, LogicalType.BIGINT, LogicalType.DOUBLE);

  private Scorers() {}

  /**
   * The rules scorer, or the model plug-in named by {@code modelClass}, loaded from
   * {@code loader}: a public class implementing {@link Scorer} with a public constructor taking a
   * {@link ScoringSpec}, or else a public no-argument one.
   *
   * @param features every feature's type ({@link FeatureEngine#types()}); weights must name
   *     numeric or boolean features
   * @throws MillraceException USER naming an unknown or non-numeric feature, or a model class that
   *     cannot be found or built
   */
  public static Scorer create(ScoringSpec spec, Map<String, LogicalType> features, ClassLoader loader) {
    spec.weights().keySet().forEach(name -> {
      LogicalType type = features.get(name);
      if (type == null) {
        throw MillraceException.user("Cannot score with feature %s: no such feature%s", name,
            Suggestions.closest(name, features.keySet()).map(s -> " (did you mean " + s + "?)").orElse(""));
      }
      if (!SCORABLE.contains(type)) {
        throw MillraceException.user("Cannot score with feature %s: it is %s, not a number", name, type);
      }
    });
    return spec.modelClass() == null ? new RulesScorer(spec) : load(spec, loader);
  }

  private static Scorer load(ScoringSpec spec, ClassLoader loader) {
    String name = spec.modelClass();
    try {
      Class<?> c = Class.forName(name, true, loader);
      if (!Scorer.class.isAssignableFrom(c)) {
        throw MillraceException.user("Cannot use model class %s: it does not implement %s",
            name, Scorer.class.getName());
      }
      Constructor<?> withSpec = constructor(c, ScoringSpec.class);
      return (Scorer) (withSpec != null ? withSpec.newInstance(spec)
          : c.getConstructor().newInstance());
    } catch (ClassNotFoundException e) {
      throw new MillraceException(ErrorKind.USER,
          "Cannot use model class " + name + ": not found on the class path", e);
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new MillraceException(ErrorKind.USER, "Cannot use model class " + name
          + ": it needs a public constructor taking a ScoringSpec, or none", e);
    } catch (InvocationTargetException e) {
      throw new MillraceException(ErrorKind.USER,
          "Cannot use model class " + name + ": its constructor failed: " + e.getCause(), e.getCause());
    }
  }

  private static Constructor<?> constructor(Class<?> c, Class<?> parameter) {
    try {
      return c.getConstructor(parameter);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}

package io.millrace.quality.internal;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;

/**
 * A scipy.stats distribution named as in GE ({@code norm, beta, gamma, uniform, chi2, expon}) with
 * its parameters given as a dict or as scipy's positional tuple, turned into a commons-math
 * distribution with scipy's {@code loc}/{@code scale} shift: {@code F(x) = G((x - loc) / scale)}.
 *
 * <p>Dict keys follow GE: norm {@code mean, std_dev}; beta {@code alpha, beta[, loc, scale]}; gamma
 * {@code alpha[, loc, scale]}; uniform {@code min, max}; chi2 {@code df[, loc, scale]}; expon
 * {@code [loc, scale]}. Like GE, uniform's {@code min}/{@code max} are passed to scipy as
 * {@code loc}/{@code scale}, so the support is {@code [min, min + max]}.
 */
final class ScipyDistribution {
  private ScipyDistribution() {}

  /** Positional parameter names per distribution, in scipy's order. */
  private static final Map<String, List<String>> ARGS = Map.of(
      "norm", List.of("mean", "std_dev"),
      "beta", List.of("alpha", "beta", "loc", "scale"),
      "gamma", List.of("alpha", "loc", "scale"),
      "uniform", List.of("min", "max"),
      "chi2", List.of("df", "loc", "scale"),
      "expon", List.of("loc", "scale"));

  static boolean supported(String name) {
    return ARGS.containsKey(name);
  }

  /** The distribution's CDF, or a {@link BindError} naming the bad parameter. */
  static RealDistribution of(String name, Object params) {
    List<String> names = ARGS.get(name);
    if (names == null) {
      throw new BindError("distribution '" + name + "' is not supported (supported: " + ARGS.keySet() + ")");
    }
    double[] a = positional(name, names, params);
    return switch (name) {
      case "norm" -> new NormalDistribution(null, a[0], positive(a[1], "std_dev"), 1e-9);
      case "uniform" -> new UniformRealDistribution(null, a[0], a[0] + positive(a[1], "max (scale)"));
      case "beta" -> shifted(new BetaDistribution(null, positive(a[0], "alpha"), positive(a[1], "beta"), 1e-9),
          a[2], positive(a[3], "scale"));
      case "gamma" -> shifted(new GammaDistribution(null, positive(a[0], "alpha"), 1, 1e-9), a[1],
          positive(a[2], "scale"));
      case "chi2" -> shifted(new ChiSquaredDistribution(null, positive(a[0], "df"), 1e-9), a[1],
          positive(a[2], "scale"));
      default -> shifted(new ExponentialDistribution(null, 1, 1e-9), a[0], positive(a[1], "scale"));
    };
  }

  private static double[] positional(String dist, List<String> names, Object params) {
    double[] a = new double[names.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = names.get(i).equals("scale") ? 1 : 0;
    }
    if (params instanceof Map<?, ?> m) {
      for (int i = 0; i < a.length; i++) {
        Object v = m.get(names.get(i));
        boolean optional = names.get(i).equals("loc") || names.get(i).equals("scale");
        if (v == null && !optional) {
          throw new BindError("params for distribution '" + dist + "' must include '" + names.get(i) + "' (ValueError)");
        }
        if (v != null) {
          a[i] = number(v, names.get(i));
        }
      }
    } else if (params instanceof List<?> l) {
      int required = (int) names.stream().filter(n -> !n.equals("loc") && !n.equals("scale")).count();
      if (l.size() < required || l.size() > names.size()) {
        throw new BindError("params for distribution '" + dist + "' must be " + names + " (ValueError)");
      }
      for (int i = 0; i < l.size(); i++) {
        a[i] = number(l.get(i), names.get(i));
      }
    } else if (params != null || names.stream().anyMatch(n -> !n.equals("loc") && !n.equals("scale"))) {
      throw new BindError("params for distribution '" + dist + "' must be a dict or a list of " + names
          + " (ValueError)");
    }
    return a;
  }

  private static double number(Object v, String name) {
    if (!(v instanceof Number n)) {
      throw new BindError("parameter '" + name + "' value '" + v + "' is not a number (ValueError)");
    }
    return n.doubleValue();
  }

  private static double positive(double v, String name) {
    if (!(v > 0)) {
      throw new BindError("parameter '" + name + "' must be positive, got " + v + " (ValueError)");
    }
    return v;
  }

  private static RealDistribution shifted(RealDistribution base, double loc, double scale) {
    return loc == 0 && scale == 1 ? base : new ShiftedDistribution(base, loc, scale);
  }
}

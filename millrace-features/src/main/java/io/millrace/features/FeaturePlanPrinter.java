package io.millrace.features;

import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureServiceSpec;
import io.millrace.api.features.FeatureViewSpec;
import java.time.Duration;
import java.util.stream.Collectors;

/** The feature views and services section of {@code millrace plan}. */
public final class FeaturePlanPrinter {
  private FeaturePlanPrinter() {}

  /** Empty text when the project declares no features. */
  public static String print(FeatureDefinitions defs) {
    if (defs.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format("%nfeature views (%d):%n", defs.views().size()));
    for (FeatureViewSpec v : defs.views().values()) {
      out.append(String.format("  %s  entities %s  source %s  timestamp %s", v.name(), v.entities(), v.source(),
          v.timestamp()));
      if (v.created() != null) {
        out.append("  created ").append(v.created());
      }
      out.append("  ttl ").append(v.ttl() == null ? "none" : ttl(v.ttl()));
      out.append(v.online() ? "  online" : "").append(System.lineSeparator());
      out.append("    features: ").append(v.features().stream().map(FeaturePlanPrinter::feature)
          .collect(Collectors.joining(", "))).append(System.lineSeparator());
    }
    if (!defs.services().isEmpty()) {
      out.append(String.format("feature services (%d):%n", defs.services().size()));
      for (FeatureServiceSpec s : defs.services().values()) {
        out.append("  ").append(s.name()).append(": ").append(s.features().stream().map(FeatureRef::toString)
            .collect(Collectors.joining(", "))).append(System.lineSeparator());
      }
    }
    return out.toString();
  }

  private static String feature(FeatureColumn f) {
    return f.expression() == null ? f.name() : f.name() + " = " + f.expression();
  }

  /** {@code 3d}, {@code 36h}, {@code 90m}, {@code 45s}, else ISO-8601. */
  static String ttl(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toString();
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}

package io.millrace.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code features/*.yaml} loads with the project into typed records; mistakes name file and line. */
class FeatureDefinitionsLoadTest {
  @TempDir Path dir;

  private ProjectSpec load(String... files) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: f\n");
    Files.createDirectories(dir.resolve("features"));
    for (int i = 0; i < files.length; i++) {
      Files.writeString(dir.resolve("features/f" + i + ".yaml"), files[i]);
    }
    return ProjectLoader.load(dir, Map.of());
  }

  @Test
  void loadsViewsAndServicesInTheIssuesShape() throws Exception {
    ProjectSpec p = load("""
        views:
          user_stats:
            entities: [user_id]
            source: user_stat_rows
            timestamp: event_ts
            created: created_ts
            ttl: 3d
            features: [f1, f2, {f3: "f1 * 2"}]
            online: true
        services:
          churn: [user_stats:f1, user_stats:f2]
          all: [user_stats]
        """);
    FeatureViewSpec v = p.features().views().get("user_stats");
    assertThat(v.entities()).containsExactly("user_id");
    assertThat(v.ttl()).isEqualTo(Duration.ofDays(3));
    assertThat(v.created()).isEqualTo("created_ts");
    assertThat(v.online()).isTrue();
    assertThat(v.features().get(2).expression()).isEqualTo("f1 * 2");
    assertThat(v.location()).isEqualTo("features/f0.yaml:3:5");
    assertThat(p.features().service("all")).hasSize(3);
    assertThat(FeaturePlanPrinter.print(p.features())).contains("ttl 3d  online", "churn: user_stats:f1, user_stats:f2");
  }

  @Test
  void refusesMistakesNamingFileAndLine() throws Exception {
    String view = "views:\n  v:\n    entities: [k]\n    source: t\n    timestamp: ts\n    features: [a]\n";
    assertThatThrownBy(() -> load(view + "    tll: 1h\n")).isInstanceOf(MillraceException.class)
        .hasMessageContaining("features/f0.yaml:7:5").hasMessageContaining("did you mean 'ttl'");
    assertThatThrownBy(() -> load(view + "    ttl: soon\n")).hasMessageContaining("features/f0.yaml:7:10");
    assertThatThrownBy(() -> load(view + "    ttl: 0\n")).hasMessageContaining("ttl must be positive");
    assertThatThrownBy(() -> load(view.replace("    timestamp: ts\n", "")))
        .hasMessageContaining("features/f0.yaml:3:5").hasMessageContaining("needs 'timestamp'");
    assertThatThrownBy(() -> load(view.replace("[a]", "[a, a]"))).hasMessageContaining("feature 'a' is declared twice");
    assertThatThrownBy(() -> load(view.replace("[a]", "[]"))).hasMessageContaining("at least one feature");
    assertThatThrownBy(() -> load(view + "services:\n  s: [v:b]\n"))
        .hasMessageContaining("features/f0.yaml:8:6").hasMessageContaining("Cannot find feature 'b' in view 'v'");
    assertThatThrownBy(() -> load(view, view)).hasMessageContaining("features/f1.yaml:3:5")
        .hasMessageContaining("already declared at features/f0.yaml:3:5");
    assertThatThrownBy(() -> load("views: [x\n")).hasMessageContaining("features/f0.yaml").hasMessageContaining("invalid YAML");
  }
}

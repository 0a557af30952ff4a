package io.millrace.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ProjectSpec;
import io.millrace.core.project.internal.ProjectReader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageConfigTest {
  private static ProjectSpec read(Path root, String lineage) {
    return ProjectReader.read(root, "name: p\n" + lineage, Map.of(), k -> k.equals("OL_URL") ? "http://127.0.0.1:5000/api/v1/lineage" : null);
  }

  @Test
  void defaultsToAJsonlFileAndReadsHttpWithAnEnvUrl(@TempDir Path dir) {
    Path a = dir.resolve("a");
    assertThat(LineageConfig.of(read(a, "")).transport()).isEqualTo(LineageConfig.Transport.FILE);
    Path b = dir.resolve("b");
    ProjectSpec p = read(b, "lineage: {transport: http, url: \"${env:OL_URL}\", namespace: team}\n");
    LineageConfig c = LineageConfig.of(p);
    assertThat(c.transport()).isEqualTo(LineageConfig.Transport.HTTP);
    assertThat(c.url().toString()).isEqualTo("http://127.0.0.1:5000/api/v1/lineage");
    assertThat(c.namespaceFor(p)).isEqualTo("team");
    assertThat(LineageConfig.of(read(dir.resolve("c"), "lineage: {transport: none}\n")).transport())
        .isEqualTo(LineageConfig.Transport.NONE);
  }

  @Test
  void refusesBadSettingsNamingTheLine(@TempDir Path dir) {
    assertThatThrownBy(() -> read(dir, "lineage: {transport: kafka}\n")).isInstanceOf(MillraceException.class)
        .hasMessageContaining("millrace.yaml:2").hasMessageContaining("transport must be file, http or none");
    assertThatThrownBy(() -> read(dir, "lineage: {transport: http}\n")).hasMessageContaining("needs 'url'");
    assertThatThrownBy(() -> read(dir, "lineage: {url: ftp://x/y}\n")).hasMessageContaining("http(s) URL");
    assertThatThrownBy(() -> read(dir, "lineage: {transprt: file}\n")).hasMessageContaining("did you mean 'transport'?");
  }
}

package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.WarehouseCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warehouse:} in millrace.yaml: a folder, or a typed catalog setting (issue 11 point 4). */
class WarehouseCatalogConfigTest {
  @TempDir Path dir;

  private ProjectSpec load(String yaml, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    return ProjectLoader.load(dir, Map.of(), env::get);
  }

  private ProjectSpec load(String yaml) throws Exception {
    return load(yaml, Map.of());
  }

  @Test
  void aFolderOrNothingIsTheLocalCatalog() throws Exception {
    ProjectSpec none = load("name: w\n");
    assertThat(none.warehouseCatalog()).isEqualTo(WarehouseCatalog.local(dir.resolve("warehouse")));
    assertThat(none.warehouse()).isEqualTo(dir.resolve("warehouse"));
    ProjectSpec folder = load("name: w\nwarehouse: lake/tables\n");
    assertThat(folder.warehouse()).isEqualTo(dir.resolve("lake/tables"));
    assertThat(folder.warehouseCatalog().kind()).isEqualTo(WarehouseCatalog.Kind.LOCAL);
    assertThat(folder.warehouseCatalog().location()).isEqualTo(dir.resolve("lake/tables"));
    assertThat(load("name: w\nwarehouse: {catalog: local, location: x}\n").warehouse()).isEqualTo(dir.resolve("x"));
  }

  @Test
  void readsAJdbcCatalogWithItsPasswordFromTheEnvironmentNeverShown() throws Exception {
    ProjectSpec spec = load("""
        name: sales-etl
        warehouse:
          catalog: jdbc
          uri: jdbc:postgresql://db.internal:5432/lake
          location: /mnt/shared/lake
          user: millrace
          password: ${env:LAKE_PASSWORD}
          properties: {pool-size: "4"}
        """, Map.of("LAKE_PASSWORD", "hunter2-xyz"));
    WarehouseCatalog c = spec.warehouseCatalog();
    assertThat(c.kind()).isEqualTo(WarehouseCatalog.Kind.JDBC);
    assertThat(c.uri()).isEqualTo("jdbc:postgresql://db.internal:5432/lake");
    assertThat(c.location()).isEqualTo(Path.of("/mnt/shared/lake"));
    assertThat(spec.warehouse()).isEqualTo(Path.of("/mnt/shared/lake"));
    assertThat(c.namespace()).isEqualTo("sales_etl");   // the project name as an identifier
    assertThat(c.name()).isEqualTo("millrace");
    assertThat(c.user()).isEqualTo("millrace");
    assertThat(c.password()).isEqualTo("hunter2-xyz");
    assertThat(c.properties()).containsExactly(Map.entry("pool-size", "4"));
    assertThat(c.toString()).contains("jdbc catalog jdbc:postgresql://db.internal:5432/lake")
        .contains("namespace 'sales_etl'").doesNotContain("hunter2");
    assertThat(Secrets.mask("connect failed: hunter2-xyz")).doesNotContain("hunter2");
  }

  @Test
  void readsARestCatalog() throws Exception {
    WarehouseCatalog c = load("""
        name: w
        warehouse: {catalog: rest, uri: "https://catalog.example/api/catalog", namespace: prod.sales, name: polaris,
                    properties: {warehouse: prod, token: tok-abcdef-123}}
        """).warehouseCatalog();
    assertThat(c.kind()).isEqualTo(WarehouseCatalog.Kind.REST);
    assertThat(c.namespace()).isEqualTo("prod.sales");
    assertThat(c.name()).isEqualTo("polaris");
    assertThat(c.location()).isEqualTo(dir.resolve("warehouse"));
    assertThat(Secrets.mask("Authorization: Bearer tok-abcdef-123")).doesNotContain("tok-abcdef-123");
  }

  @Test
  void refusesBadSettingsNamingTheKey() {
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: hive, uri: thrift://x}\n"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("warehouse.catalog must be local, jdbc or rest").hasMessageContaining("hive");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: jdbc}\n")).hasMessageContaining("needs 'uri'");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: jdbc, uri: 'postgres://u:pw77@h/db'}\n"))
        .hasMessageContaining("must be a JDBC URL").hasMessageNotContaining("pw77");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: rest, uri: 'jdbc:x'}\n"))
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: jdbc, uri: 'jdbc:x', namespace: 'a-b'}\n"))
        .hasMessageContaining("warehouse.namespace 'a-b'");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {location: x, uri: 'jdbc:x'}\n"))
        .hasMessageContaining("warehouse.uri is for a jdbc or rest catalog");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: jdbc, url: 'jdbc:x'}\n"))
        .hasMessageContaining("unknown key 'url'").hasMessageContaining("did you mean 'uri'");
    assertThatThrownBy(() -> load("name: w\nwarehouse: {catalog: jdbc, uri: 'jdbc:x', password: '${env:NOPE}'}\n"))
        .hasMessageContaining("environment variable 'NOPE' is not set");
  }
}

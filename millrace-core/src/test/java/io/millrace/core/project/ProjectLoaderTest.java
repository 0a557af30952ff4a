package io.millrace.core.project;

import io.millrace.api.Secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.project.CheckSpec;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.Materialization;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @TempDir Path dir;

  private static final String FULL = """
      name: sales-etl
      vars: {input: data/sales.csv, sqlite_path: .millrace/sales.sqlite}
      generate: {dataset: sales, out: ${input}, rows: 100000, seed: 42}
      warehouse: wh
      cost_per_hour: 0.10
      engine: {threads: 2, memory: 4GB}
      sources:
        sales:
          format: csv
          path: ${input}
          columns: {date: date, product_id: integer, quantity: integer, price: double, customer_id: integer}
          header: true
          delimiter: ";"
          checks: checks/sales.yaml
        users_db: {format: jdbc, url: "jdbc:sqlite:data/app.db", query: "select * from users"}
        events: {path: data/events.jsonl, checks: [{suite: checks/sales.yaml, severity: warn, on_fail: quarantine}]}
      models:
        customer_summary: {materialized: table}
        events_clean: {materialized: incremental, unique_key: [event_id], retries: 1, retry_delay: 10s, timeout: 5m}
      exports:
        - {table: customer_summary, format: sqlite, path: ${sqlite_path}, mode: replace}
        - {table: events_clean, format: postgres, url: "jdbc:postgresql://127.0.0.1/test?user=u&password=pw", target_table: ev, mode: append}
      pipeline: {schedule: "@hourly", start_date: 2025-01-01, catchup: false, retries: 2, retry_delay: 5m, retry_backoff: 3, timeout: 30m, threads: 4}
      """;

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private void yaml(String text) throws IOException {
    write("millrace.yaml", text);
  }

  private ProjectSpec load() {
    return ProjectLoader.load(dir, Map.of(), name -> null);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> loadFails() {
    return assertThatThrownBy(this::load).isInstanceOfSatisfying(MillraceException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER));
  }

  private void fullProject() throws IOException {
    yaml(FULL);
    write("checks/sales.yaml", "expectations: []\n");
    write("models/customer_summary.sql", "select customer_id from sales");
    write("models/events_clean.sql", "select * from events where ts >= ${data_interval_start}");
    write("models/a_view.sql", "select 1 as x");
  }

  @Test
  void loadsEveryFieldOfAFullProject() throws IOException {
    fullProject();
    ProjectSpec p = load();
    Path root = dir.toAbsolutePath().normalize();
    assertThat(p.name()).isEqualTo("sales-etl");
    assertThat(p.root()).isEqualTo(root);
    assertThat(p.warehouse()).isEqualTo(root.resolve("wh"));
    assertThat(p.stateDir()).isEqualTo(root.resolve(".millrace"));
    assertThat(p.runStoreUrl()).isEqualTo("jdbc:sqlite:" + root.resolve(".millrace/runs.db"));
    assertThat(p.costPerHour()).isEqualTo(0.10);
    assertThat(p.engine()).isEqualTo(new EngineSpec("duckdb", 2, "4GB"));
    assertThat(p.vars()).containsExactly(Map.entry("input", "data/sales.csv"),
        Map.entry("sqlite_path", ".millrace/sales.sqlite"));
    assertThat(p.generate().dataset()).isEqualTo("sales");
    assertThat(p.generate().out()).isEqualTo(root.resolve("data/sales.csv"));
    assertThat(p.generate().options()).containsOnly(Map.entry("rows", "100000"), Map.entry("seed", "42"));

    SourceSpec sales = p.sources().get("sales");
    assertThat(sales.format()).isEqualTo(SourceFormat.CSV);
    assertThat(sales.path()).isEqualTo(root.resolve("data/sales.csv"));
    assertThat(sales.columns()).containsExactly(new Column("date", LogicalType.DATE),
        new Column("product_id", LogicalType.INTEGER), new Column("quantity", LogicalType.INTEGER),
        new Column("price", LogicalType.DOUBLE), new Column("customer_id", LogicalType.INTEGER));
    assertThat(sales.delimiter()).isEqualTo(";");
    assertThat(sales.checks()).containsExactly(new CheckSpec(root.resolve("checks/sales.yaml"),
        CheckSpec.Severity.ERROR, CheckSpec.OnFail.FAIL));
    SourceSpec db = p.sources().get("users_db");
    assertThat(db.format()).isEqualTo(SourceFormat.JDBC);
    assertThat(db.url()).isEqualTo("jdbc:sqlite:" + root.resolve("data/app.db"));
    assertThat(db.query()).isEqualTo("select * from users");
    SourceSpec events = p.sources().get("events");
    assertThat(events.format()).isEqualTo(SourceFormat.JSONL);
    assertThat(events.columns()).isEmpty();
    assertThat(events.checks().get(0).severity()).isEqualTo(CheckSpec.Severity.WARN);
    assertThat(events.checks().get(0).onFail()).isEqualTo(CheckSpec.OnFail.QUARANTINE);

    assertThat(p.models().keySet()).containsExactly("a_view", "customer_summary", "events_clean");
    ModelSpec ev = p.models().get("events_clean");
    assertThat(ev.materialized()).isEqualTo(Materialization.INCREMENTAL);
    assertThat(ev.uniqueKey()).containsExactly("event_id");
    assertThat(ev.sql()).contains("${data_interval_start}");
    assertThat(ev.retry()).isEqualTo(new RetryPolicy(1, Duration.ofSeconds(10), 3.0, Duration.ofHours(1),
        Duration.ofMinutes(5)));
    assertThat(p.models().get("a_view").retry()).isEqualTo(p.pipeline().retry());

    assertThat(p.exports()).containsExactly(
        new ExportSpec("customer_summary", ExportSpec.Format.SQLITE, root.resolve(".millrace/sales.sqlite").toString(),
            null, ExportSpec.Mode.REPLACE),
        new ExportSpec("events_clean", ExportSpec.Format.POSTGRES,
            "jdbc:postgresql://127.0.0.1/test?user=u&password=pw", "ev", ExportSpec.Mode.APPEND));

    assertThat(p.pipeline().schedule().expression()).isEqualTo("@hourly");
    assertThat(p.pipeline().startDate()).isEqualTo(LocalDateTime.parse("2025-01-01T00:00"));
    assertThat(p.pipeline().catchup()).isFalse();
    assertThat(p.pipeline().threads()).isEqualTo(4);
    assertThat(p.pipeline().retry()).isEqualTo(new RetryPolicy(2, Duration.ofMinutes(5), 3.0, Duration.ofHours(1),
        Duration.ofMinutes(30)));
  }

  @Test
  void appliesDefaultsToAMinimalProject() throws IOException {
    yaml("name: tiny\n");
    ProjectSpec p = load();
    assertThat(p.warehouse()).isEqualTo(dir.toAbsolutePath().normalize().resolve("warehouse"));
    assertThat(p.pipeline().retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(p.pipeline().schedule()).isNull();
    assertThat(p.engine()).isEqualTo(EngineSpec.DEFAULT);
    assertThat(p.generate()).isNull();
    assertThat(p.sources()).isEmpty();
    assertThat(p.models()).isEmpty();
  }

  @Test
  void loadsTheExampleProjects() {
    for (String example : List.of("sales-etl", "recsys")) {
      Path p = Path.of("..", "examples", example);
      if (Files.isDirectory(p)) {
        ProjectSpec spec = ProjectLoader.load(p, Map.of(), n -> null);
        assertThat(spec.name()).isEqualTo(example);
        assertThat(spec.models()).isNotEmpty();
      }
    }
  }

  @Test
  void overridesWinOverVarDefaultsEverywhere() throws IOException {
    fullProject();
    ProjectSpec p = ProjectLoader.load(dir, Map.of("input", "other/in.csv"), n -> null);
    assertThat(p.vars()).containsEntry("input", "other/in.csv");
    assertThat(p.sources().get("sales").path()).isEqualTo(dir.toAbsolutePath().normalize().resolve("other/in.csv"));
    assertThat(p.generate().out()).isEqualTo(dir.toAbsolutePath().normalize().resolve("other/in.csv"));
  }

  @Test
  void refusesAnOverrideThatNothingDeclaresOrUses() throws IOException {
    fullProject();
    assertThatThrownBy(() -> ProjectLoader.load(dir, Map.of("inptu", "x.csv"), n -> null))
        .isInstanceOf(MillraceException.class).hasMessageContaining("--var inptu")
        .hasMessageContaining("did you mean 'input'");
  }

  @Test
  void readsEnvironmentVariablesWithDefaults() throws IOException {
    yaml("""
        name: env
        vars: {db: "${env:DB_HOST}", port: "${env:DB_PORT:-5432}", url: "jdbc:postgresql://${db}:${port}/x"}
        run_store: ${url}
        """);
    ProjectSpec p = ProjectLoader.load(dir, Map.of(), n -> n.equals("DB_HOST") ? "db.local" : null);
    assertThat(p.runStoreUrl()).isEqualTo("jdbc:postgresql://db.local:5432/x");
    assertThat(p.vars()).containsEntry("port", "5432");
  }

  @Test
  void rejectsAMissingEnvironmentVariableNamingIt() throws IOException {
    yaml("name: env\nwarehouse: ${env:WH_DIR}\n");
    loadFails().hasMessageContaining("millrace.yaml:2:12").hasMessageContaining("environment variable 'WH_DIR' is not set");
  }

  @Test
  void rejectsAnUnknownVariableWithItsLocation() throws IOException {
    yaml("name: x\nvars: {input: a.csv}\nsources:\n  s: {format: csv, path: ${inptu}}\n");
    loadFails().hasMessageContaining("millrace.yaml:4:26").hasMessageContaining("unknown variable '${inptu}'")
        .hasMessageContaining("did you mean 'input'?");
  }

  @Test
  void rejectsAVariableThatRefersToItself() throws IOException {
    yaml("name: x\nvars: {a: \"${b}\", b: \"${a}\"}\n");
    loadFails().hasMessageContaining("refers to itself");
  }

  @Test
  void capsAVariableExpansionBombWithAClearError() throws IOException {
    StringBuilder vars = new StringBuilder("vars:\n  v0: \"0123456789\"\n");
    for (int i = 1; i <= 9; i++) {
      vars.append("  v").append(i).append(": \"").append(("${v" + (i - 1) + "}").repeat(10)).append("\"\n");
    }
    yaml("name: bomb\n" + vars + "warehouse: ${v9}\n");
    loadFails().hasMessageContaining("millrace.yaml:").hasMessageContaining(
        "variables expand it to more than 1,048,576 characters");
    // declared but unused, the same variables cost nothing: only what is used is expanded
    yaml("name: bomb\n" + vars + "warehouse: ${v1}\n");
    assertThat(load().warehouse().getFileName().toString()).hasSize(100);
  }

  @Test
  void expandsOnlyUsedVariablesSoAnUnusedUnsetEnvironmentVariableIsFine() throws IOException {
    yaml("name: lazy\nvars: {secret: \"${env:NOT_SET_ANYWHERE}\", dir: wh}\nwarehouse: ${dir}\n");
    ProjectSpec p = load();
    assertThat(p.vars()).containsOnlyKeys("dir");
    assertThat(p.warehouse().getFileName().toString()).isEqualTo("wh");
    yaml("name: lazy\nvars: {a: \"${b}\", b: \"${nope}\"}\n");
    loadFails().hasMessageContaining("unknown variable '${nope}'");
  }

  @Test
  void loadingWithoutExportsNeedsNoVariableOnlyExportsUse() throws IOException {
    yaml("name: ex\nexports:\n  - {table: t, format: postgres, url: \"${env:PG_EXPORT_URL}\"}\n");
    loadFails().hasMessageContaining("environment variable 'PG_EXPORT_URL' is not set");
    assertThat(ProjectLoader.load(dir, Map.of(), n -> null, false).exports()).isEmpty();
  }

  @Test
  void rejectsMalformedYamlWithLineAndColumn() throws IOException {
    yaml("name: x\nsources:\n  s: {format: csv, path: a.csv\n  t: 1\n");
    loadFails().hasMessageMatching("(?s)Cannot load millrace\\.yaml:\\d+:\\d+: invalid YAML: .*");
  }

  @Test
  void rejectsUnknownKeysSuggestingTheClosest() throws IOException {
    yaml("name: x\nmodels:\n  m:\n    materialised: view\n");
    write("models/m.sql", "select 1");
    loadFails().hasMessage("Cannot load millrace.yaml:4:5: unknown key 'materialised' in models.m; "
        + "did you mean 'materialized'?");
  }

  @Test
  void rejectsUnknownTopLevelKeys() throws IOException {
    yaml("name: x\npipline: {threads: 2}\n");
    loadFails().hasMessageContaining("millrace.yaml:2:1").hasMessageContaining("did you mean 'pipeline'?");
  }

  @Test
  void rejectsBadValuesNamingTheirPath() throws IOException {
    yaml("name: x\npipeline: {retry_delay: 5 minutes}\n");
    loadFails().hasMessageContaining("millrace.yaml:2:25").hasMessageContaining("pipeline.retry_delay")
        .hasMessageContaining("'5 minutes'");
    yaml("name: x\nsources:\n  s: {path: a.csv, columns: {a: intger}}\n");
    loadFails().hasMessageContaining("millrace.yaml:3:33").hasMessageContaining("'intger'");
    yaml("name: x\nmodels:\n  m: {materialized: tabel}\n");
    write("models/m.sql", "select 1");
    loadFails().hasMessageContaining("millrace.yaml:3:21").hasMessageContaining("did you mean 'table'?");
    yaml("name: x\npipeline: {schedule: \"61 * * * *\"}\n");
    loadFails().hasMessageContaining("millrace.yaml:2:22").hasMessageContaining("minute field");
  }

  @Test
  void rejectsSettingsForAModelWithoutSqlFile() throws IOException {
    yaml("name: x\nmodels:\n  summary: {materialized: table}\n");
    write("models/sumary.sql", "select 1");
    loadFails().hasMessageContaining("millrace.yaml:3:12")
        .hasMessageContaining("model 'summary' has settings but no SQL file models/summary.sql")
        .hasMessageContaining("did you mean 'sumary'?");
  }

  @Test
  void rejectsAMissingSuiteFile() throws IOException {
    yaml("name: x\nsources:\n  s: {path: a.csv, checks: checks/missing.yaml}\n");
    loadFails().hasMessageContaining("millrace.yaml:3:28").hasMessageContaining("checks/missing.yaml does not exist");
  }

  @Test
  void rejectsAMissingFileOrName() throws IOException {
    assertThatThrownBy(this::load).hasMessage("Cannot load project " + dir.toAbsolutePath().normalize()
        + ": no millrace.yaml in it");
    yaml("vars: {a: b}\n");
    loadFails().hasMessage("Cannot load millrace.yaml:1:1: missing required key 'name' (the project name)");
  }

  @Test
  void rejectsDuplicateKeys() throws IOException {
    yaml("name: x\nname: y\n");
    loadFails().hasMessageContaining("millrace.yaml:2:");
  }

  @Test
  void masksPasswordsInUrlsInMessages() throws IOException {
    yaml("name: x\nrun_store: \"postgres://u:secret@h/db?password=hunter2\"\n");
    loadFails().hasMessageContaining("must be a JDBC URL").hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("secret");
  }

  @Test
  void rejectsUniqueKeyOnATableModel() throws IOException {
    yaml("name: x\nmodels:\n  m: {unique_key: id}\n");
    write("models/m.sql", "select 1 as id");
    loadFails().hasMessageContaining("applies only to incremental models");
  }

  @Test
  void rejectsJdbcSourceWithoutQuery() throws IOException {
    yaml("name: x\nsources:\n  db: {url: \"jdbc:sqlite:x.db\"}\n");
    loadFails().hasMessage("Cannot load millrace.yaml:3:7: sources.db needs 'query'");
  }

  @Test
  void parsesDurations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    for (String bad : List.of("5", "5 m", "m5", "", "5x", "PTX")) {
      assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(MillraceException.class)
          .hasMessageContaining("Cannot parse duration '" + bad + "'");
    }
  }

  @Test
  void masksSecrets() {
    assertThat(Secrets.mask("jdbc:postgresql://h:5432/db?user=u&password=pw&ssl=true"))
        .isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=***&ssl=true");
    assertThat(Secrets.mask("postgresql://u:pw@h/db")).isEqualTo("postgresql://u:***@h/db");
    assertThat(Secrets.mask("jdbc:sqlite:/tmp/x.db")).isEqualTo("jdbc:sqlite:/tmp/x.db");
    // a driver's "caused by" text shows user info without the scheme
    assertThat(Secrets.mask("UnknownHostException: postgres:S3CRETPW@127.0.0.1"))
        .isEqualTo("UnknownHostException: postgres:***@127.0.0.1");
    assertThat(Secrets.mask("at 12:30 and ratio 1:2, mail a@b")).isEqualTo("at 12:30 and ratio 1:2, mail a@b");
    assertThat(new MillraceException(ErrorKind.EXTERNAL, "Cannot reach u:hunter22@db.local").getMessage())
        .isEqualTo("Cannot reach u:***@db.local");
  }

  @Test
  void masksTheValuesOfEnvironmentVariablesTheProjectReads() throws IOException {
    yaml("name: env\nvars: {pw: \"${env:PG_PASSWORD}\", token: \"${env:LONG_VALUE}\", port: \"${env:PORT}\"}\n"
        + "run_store: \"jdbc:postgresql://127.0.0.1:${port}/x?user=u&pw=${pw}&t=${token}\"\n");
    Map<String, String> env = Map.of("PG_PASSWORD", "hush", "LONG_VALUE", "abcdefgh12", "PORT", "5432");
    ProjectLoader.load(dir, Map.of(), env::get);
    assertThat(Secrets.mask("failed with hush and abcdefgh12 on 5432")).isEqualTo("failed with *** and *** on 5432");
  }
}

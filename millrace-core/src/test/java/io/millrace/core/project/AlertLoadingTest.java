package io.millrace.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.alert.AlertDelivery;
import io.millrace.api.alert.AlertSpec;
import io.millrace.api.alert.AlertSpec.When;
import io.millrace.api.project.CheckSpec.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts:} in millrace.yaml becomes typed records; mistakes name the file and line. */
class AlertLoadingTest {
  @TempDir Path dir;

  private List<AlertSpec> load(String alerts, Map<String, String> env) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), "name: p\n" + alerts);
    return ProjectLoader.load(dir, Map.of(), env::get).alerts();
  }

  @Test
  void readsEveryConditionWithDefaults() throws Exception {
    List<AlertSpec> a = load("""
        alerts:
          - name: pipeline-failed
            when: run_failed
            webhook: http://127.0.0.1:9000/hooks/data
          - name: sales-stale
            when: freshness
            table: sales_data
            max_age: 2h
            webhook: ${env:ALERT_URL}
            repeat: 30m
          - name: quality
            when: check_failed
            severity: error
            command: "notify-send data"
            retries: 0
          - {name: lag, when: stream_lag, job: user_events, threshold: 500, log: true}
          - {name: dlq, when: dead_letters, log: true, retry_delay: 250ms}
          - {name: volume, when: anomaly, table: sales_data, log: true}
        """, Map.of("ALERT_URL", "https://hooks.example.com/services/T0/B0/secret-token"));
    assertThat(a).extracting(AlertSpec::when).containsExactly(When.RUN_FAILED, When.FRESHNESS, When.CHECK_FAILED,
        When.STREAM_LAG, When.DEAD_LETTERS, When.ANOMALY);
    assertThat(a.get(0).delivery()).isEqualTo(AlertDelivery.webhook("http://127.0.0.1:9000/hooks/data"));
    assertThat(a.get(0).repeat()).isEqualTo(Duration.ofHours(4));
    assertThat(a.get(0).retries()).isEqualTo(3);
    assertThat(a.get(0).location()).startsWith("millrace.yaml:3:");
    assertThat(a.get(1).table()).isEqualTo("sales_data");
    assertThat(a.get(1).maxAge()).isEqualTo(Duration.ofHours(2));
    assertThat(a.get(1).repeat()).isEqualTo(Duration.ofMinutes(30));
    assertThat(a.get(1).delivery().target()).isEqualTo("https://hooks.example.com/services/T0/B0/secret-token");
    assertThat(a.get(1).delivery().toString()).isEqualTo("webhook https://hooks.example.com/***");
    assertThat(Secrets.mask("posting to https://hooks.example.com/services/T0/B0/secret-token"))
        .doesNotContain("secret-token");
    assertThat(a.get(2).severity()).isEqualTo(Severity.ERROR);
    assertThat(a.get(2).delivery().kind()).isEqualTo(AlertDelivery.Kind.COMMAND);
    assertThat(a.get(2).retries()).isZero();
    assertThat(a.get(3).job()).isEqualTo("user_events");
    assertThat(a.get(3).threshold()).isEqualTo(500);
    assertThat(a.get(4).threshold()).isEqualTo(0.01);
    assertThat(a.get(4).retryDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(a.get(5).severity()).isNull();
  }

  @Test
  void checkFailedDefaultsToWarningsAndErrors() throws Exception {
    assertThat(load("alerts:\n  - {name: q, when: check_failed, log: true}\n", Map.of()).get(0).severity())
        .isEqualTo(Severity.WARN);
  }

  @Test
  void refusesDuplicatesMissingKeysAndMisplacedOnes() {
    assertThatThrownBy(() -> load("alerts:\n  - {name: a, when: run_failed, log: true}\n"
        + "  - {name: a, when: run_failed, log: true}\n", Map.of()))
        .isInstanceOf(MillraceException.class).hasMessageContaining("millrace.yaml:4").hasMessageContaining("used twice");
    assertThatThrownBy(() -> load("alerts:\n  - {name: a, when: freshness, table: t, log: true}\n", Map.of()))
        .hasMessageContaining("millrace.yaml:3").hasMessageContaining("needs 'max_age'");
    assertThatThrownBy(() -> load("alerts:\n  - {name: a, when: run_failed}\n", Map.of()))
        .hasMessageContaining("exactly one of 'webhook: URL', 'log: true' or 'command:");
    assertThatThrownBy(() -> load("alerts:\n  - {name: a, when: dead_letters, severity: warn, log: true}\n", Map.of()))
        .hasMessageContaining("'severity' does not apply to a dead_letters alert");
    assertThatThrownBy(() -> load("alerts:\n  - {name: a, when: run_failed, log: true, repeat: 0}\n", Map.of()))
        .hasMessageContaining("repeat must be positive");
    assertThatThrownBy(() -> load("alerts:\n  - {name: a, when: run_failed, log: true, colour: red}\n", Map.of()))
        .hasMessageContaining("colour");
  }
}

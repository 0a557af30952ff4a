package io.millrace.core.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.core.lineage.internal.EventFiles;
import io.millrace.core.project.ProjectLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log_retention}: old runs' node logs and old lineage events are pruned; recent ones kept. */
class LogRetentionTest {
  @TempDir Path dir;
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private String run(int daysAgo) throws Exception {
    String id = ID.format(NOW.minus(Duration.ofDays(daysAgo))) + "-ab1" + daysAgo % 10;
    Path f = NodeLogs.file(dir, id, "orders", 1);
    Files.createDirectories(f.getParent());
    Files.writeString(f, NOW + " INFO attempt 1 of orders started\n");
    return id;
  }

  private List<String> runsLeft() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void deletesRunsOlderThanKeepDaysBeyondTheNewestKeepRuns() throws Exception {
    String a = run(60);
    String b = run(45);
    String c = run(40);
    String d = run(2);
    String e = run(1);
    Path odd = Files.createDirectories(dir.resolve("logs/not-a-run-id"));   // aged by its modification time
    Files.setLastModifiedTime(odd, FileTime.from(NOW.minus(Duration.ofDays(90))));

    assertThat(new LogRetention(Duration.ofDays(30), 4).pruneNodeLogs(dir, e, NOW)).isEqualTo(2);
    assertThat(runsLeft()).containsExactly(b, c, d, e);   // 4 newest kept though b and c are old
    assertThat(new LogRetention(Duration.ofDays(30), 1).pruneNodeLogs(dir, e, NOW)).isEqualTo(2);
    assertThat(runsLeft()).containsExactly(d, e);           // younger than 30 days
    assertThat(new LogRetention(Duration.ofDays(1), 1).pruneNodeLogs(dir, d, NOW)).isZero();   // the run starting stays
    assertThat(runsLeft()).containsExactly(d, e);
    assertThat(new NodeLogs(dir).read(e, "orders")).hasSize(1);
    assertThat(a).isNotIn(runsLeft());
  }

  @Test
  void dropsLineageEventsOlderThanTheCutoffAndLeavesARecentFileAlone() throws Exception {
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, "{\"eventType\":\"START\",\"eventTime\":\"2026-09-01T00:00:00Z\"}\n"
        + "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-09-01T00:01:00.5Z\"}\n"
        + "{\"eventType\":\"START\",\"eventTime\":\"2026-11-29T00:00:00Z\"}\n");
    assertThat(EventFiles.prune(events, NOW.minus(Duration.ofDays(30)))).isEqualTo(2);
    assertThat(Files.readAllLines(events)).containsExactly("{\"eventType\":\"START\",\"eventTime\":\"2026-11-29T00:00:00Z\"}");
    FileTime before = Files.getLastModifiedTime(events);
    assertThat(EventFiles.prune(events, NOW.minus(Duration.ofDays(30)))).isZero();
    assertThat(Files.getLastModifiedTime(events)).isEqualTo(before);   // not rewritten
    assertThat(EventFiles.prune(dir.resolve("absent.jsonl"), NOW)).isZero();
  }

  private LogRetention load(String yaml) throws Exception {
    Files.writeString(dir.resolve("millrace.yaml"), yaml);
    return LogRetention.of(ProjectLoader.load(dir, Map.of(), name -> null));
  }

  @Test
  void isReadFromMillraceYamlWithADefault() throws Exception {
    assertThat(load("name: r\n")).isEqualTo(new LogRetention(Duration.ofDays(30), 50));
    assertThat(load("name: r\nlog_retention: {keep_days: 7, keep_runs: 5}\n"))
        .isEqualTo(new LogRetention(Duration.ofDays(7), 5));
    assertThat(load("name: r\nlog_retention: {keep_runs: 500}\n")).isEqualTo(new LogRetention(Duration.ofDays(30), 500));
    assertThatThrownBy(() -> load("name: r\nlog_retention: {keep_days: 0}\n"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("keep_days");
    assertThatThrownBy(() -> load("name: r\nlog_retention: {keep_runs: 0}\n")).hasMessageContaining("keep_runs");
    assertThatThrownBy(() -> load("name: r\nlog_retention: {keep_weeks: 1}\n")).hasMessageContaining("keep_weeks");
  }
}

package io.millrace.quality.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.run.CheckRecord;
import io.millrace.api.run.MetricPoint;
import io.millrace.api.run.NodeAttempt;
import io.millrace.api.run.NodeState;
import io.millrace.api.run.RunRecord;
import io.millrace.api.run.RunState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
  private static final String XSS = "<script>alert('x')</script>";

  @TempDir
  Path dir;

  private final InMemoryRunStore store = new InMemoryRunStore();

  @Test
  void reportsEachTableWithVerdictsScoresAndFailuresFirst() throws Exception {
    salesRun();
    String html = Files.readString(HtmlReport.write(store, "run-9", "shop", dir.resolve("out/report.html")));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("shop").contains("run-9");
    assertThat(html).contains("data-table=\"sales\"").contains("data-table=\"customers\"");
    assertThat(html).contains("data quality score 75.0%").contains("expectation pass rate 50.0%");
    // the failing table comes first, and within it the failing expectation before the passing one
    assertThat(html.indexOf("data-table=\"sales\"")).isLessThan(html.indexOf("data-table=\"customers\""));
    int failing = html.indexOf("expect_column_values_to_be_between");
    int passing = html.indexOf("expect_column_values_to_not_be_null");
    assertThat(failing).isPositive().isLessThan(passing);
    assertThat(html).contains("<code>-5</code>").contains("25.0%").contains("1 / 4");
    // node timings
    assertThat(html).contains("Node timings").contains("1200 ms").contains("export:sales:1");
    assertThat(html).contains("<details class=\"table failed\"").contains("<details class=\"table pass\"");
  }

  @Test
  void escapesEveryValueFromTheStore() throws Exception {
    store.saveRun(run("r1", XSS));
    store.saveCheck(new CheckRecord("r1", XSS, XSS, false, 0, 0, result(false, "expect_column_values_to_be_in_set",
        XSS, "\"" + XSS.replace("'", "\\u0027") + "\"", List.of("\"<img src=x onerror=alert(1)>\""))));
    store.saveAttempt(new NodeAttempt("r1", XSS, 1, NodeState.FAILED, T0, T0.plusSeconds(1), 0, 0, 0, 0, 0, XSS));
    store.saveMetrics(List.of(new MetricPoint("r1", XSS, XSS, "mean", 1, T0)));
    String html = Files.readString(HtmlReport.write(store, "r1", XSS, dir.resolve("r.html")));
    // the only script element is the report's own
    assertThat(html.split("<script>", -1)).hasSize(2);
    assertThat(html).doesNotContain("<img").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void drawsOneChartPerMetricWithCurrentRunAndAnomalyMarked() throws Exception {
    salesRun();
    String html = Files.readString(HtmlReport.write(store, "run-9", "shop", dir.resolve("r.html")));
    assertThat(count(html, "<figure class=\"chart\"")).isEqualTo(2);
    assertThat(html).contains("data-metric=\"row_count\"").contains("data-metric=\"price.mean\"");
    // row_count is steady then jumps at the current run: highlighted and marked as an anomaly
    String rowCount = chart(html, "row_count");
    assertThat(count(rowCount, "class=\"cur anom\"")).isEqualTo(1);
    assertThat(rowCount).contains("10 runs, 1 anomaly");
    String mean = chart(html, "price.mean");
    assertThat(count(mean, "class=\"cur\"")).isEqualTo(1);
    assertThat(mean).doesNotContain("anom");
  }

  @Test
  void isSelfContained() throws Exception {
    salesRun();
    String html = Files.readString(HtmlReport.write(store, "run-9", "shop", dir.resolve("r.html")));
    assertThat(html).doesNotContain("<link").doesNotContain("src=").doesNotContain("http://")
        .doesNotContain("https://").contains("<style>").contains("<svg");
  }

  @Test
  void showsUnreadableResultInPlaceOfItsTable() throws Exception {
    store.saveRun(run("r1", null));
    store.saveCheck(new CheckRecord("r1", "broken", "s", false, 0, 0, "{not json"));
    store.saveCheck(new CheckRecord("r1", "fine", "s", true, 100, 100, result(true, "expect_x", "a", "1", List.of())));
    String html = Files.readString(HtmlReport.write(store, "r1", "p", dir.resolve("r.html")));
    assertThat(html).contains("Cannot read check result of table &#39;broken&#39;, suite &#39;s&#39;")
        .contains("expect_x");
  }

  @Test
  void rejectsUnknownRun() {
    assertThatThrownBy(() -> HtmlReport.write(store, "nope", "p", dir.resolve("r.html")))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Cannot write report of run 'nope': no such run in the run store")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER));
  }

  @Test
  void rendersFiveThousandResultsQuickly() throws Exception {
    store.saveRun(run("big", null));
    for (int t = 0; t < 50; t++) {
      StringBuilder results = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        results.append(i == 0 ? "" : ",").append(expectation(i % 7 != 0, "expect_column_values_to_be_between",
            "c" + i, "12.5", List.of("1", "\"x\"", "3")));
      }
      store.saveCheck(new CheckRecord("big", "table_" + t, "suite", false, 90, 85,
          "{\"success\": false, \"results\": [" + results + "]}"));
    }
    long w0 = System.nanoTime();
    HtmlReport.write(store, "big", "p", dir.resolve("warm.html"));
    long first = (System.nanoTime() - w0) / 1_000_000;
    // CPU time of this thread, best of three after a warm-up: the renderer's cost, not the load of
    // the (shared, often oversubscribed) build machine
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long ms = Long.MAX_VALUE;
    long wall = Long.MAX_VALUE;
    Path out = dir.resolve("big.html");
    for (int i = 0; i < 3; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      HtmlReport.write(store, "big", "p", out);
      ms = Math.min(ms, (threads.getCurrentThreadCpuTime() - c0) / 1_000_000);
      wall = Math.min(wall, (System.nanoTime() - t0) / 1_000_000);
    }
    String html = Files.readString(out);
    System.out.printf("5000 results: first write %d ms wall, then best of 3 %d ms CPU, %d ms wall, %d bytes%n",
        first, ms, wall, html.length());
    assertThat(count(html, "<tr class=\"failed\">") + count(html, "<tr class=\"pass\">")).isEqualTo(5000);
    assertThat(count(html, "<details class=\"table")).isEqualTo(50);
    assertThat(ms).as("CPU time to render 5,000 results, ms").isLessThan(1000);
  }

  private void salesRun() {
    store.saveRun(new RunRecord("run-9", "shop", "manual", null, null, RunState.FAILED, T0, T0.plusSeconds(3), 10, 8, 1,
        1, "sales failed its checks"));
    store.saveCheck(new CheckRecord("run-9", "customers", "customers_suite", true, 100, 100,
        result(true, "expect_column_values_to_not_be_null", "id", "0", List.of())));
    store.saveCheck(new CheckRecord("run-9", "sales", "sales_suite", false, 75, 50, "{\"success\": false, \"results\": ["
        + expectation(true, "expect_column_values_to_not_be_null", "price", "0", List.of()) + ","
        + expectation(false, "expect_column_values_to_be_between", "price", "-5", List.of("-5")) + "]}"));
    store.saveAttempt(new NodeAttempt("run-9", "sales", 1, NodeState.FAILED, T0, T0.plusMillis(1200), 4, 0, 0, 1, 0,
        "checks failed"));
    store.saveAttempt(new NodeAttempt("run-9", "export:sales:1", 1, NodeState.UPSTREAM_FAILED, null, null, 0, 0, 0, 0, 0,
        null));
    List<MetricPoint> points = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      String runId = "run-" + i;
      Instant at = T0.minusSeconds(3600L * (10 - i));
      points.add(new MetricPoint(runId, "sales", "", "row_count", i == 9 ? 400 : 100 + (i % 3), at));
      if (i <= 9) {
        points.add(new MetricPoint(runId, "sales", "price", "mean", 20 + (i % 2), at));
      }
    }
    store.saveMetrics(points);
  }

  private static RunRecord run(String id, String error) {
    return new RunRecord(id, "p", "manual", null, null, RunState.SUCCESS, T0, T0.plusSeconds(1), 0, 0, 0, 0, error);
  }

  private static String result(boolean success, String type, String column, String observedJson, List<String> samples) {
    return "{\"success\": " + success + ", \"results\": [" + expectation(success, type, column, observedJson, samples) + "]}";
  }

  private static String expectation(boolean success, String type, String column, String observedJson,
                                    List<String> samples) {
    String col = "\"" + column.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    return "{\"success\": " + success + ", \"expectation_config\": {\"expectation_type\": \"" + type
        + "\", \"kwargs\": {\"column\": " + col + ", \"min_value\": 0}}, \"result\": {\"observed_value\": "
        + observedJson + ", \"element_count\": 4, \"unexpected_count\": " + (success ? 0 : 1)
        + ", \"unexpected_percent\": " + (success ? 0 : 25.0) + ", \"partial_unexpected_list\": "
        + samples + "}, \"exception_info\": {\"raised_exception\": false}}";
  }

  private static int count(String s, String part) {
    return s.split(Pattern.quote(part), -1).length - 1;
  }

  private static String chart(String html, String metric) {
    Matcher m = Pattern.compile("<figure class=\"chart\" data-metric=\"" + Pattern.quote(metric) + "\">.*?</figure>")
        .matcher(html);
    assertThat(m.find()).isTrue();
    return m.group();
  }
}

package io.millrace.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's pages in a real headless Chromium (Debian's chromium and chromium-driver): each page loads
 * without browser console errors and shows the run's nodes. Skipped where the browser is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  ConsoleFixture f;
  ChromeDriver browser;
  String runId;
  List<String> nodes;

  @BeforeAll
  void open(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
    f = new ConsoleFixture(dir, null);
    var run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.get("/api/runs").body()).get("runs").get(0);
    runId = run.get("runId").asText();
    nodes = new ArrayList<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.get("/api/runs/" + runId).body()).get("nodes")
        .forEach(n -> nodes.add(n.get("name").asText()));
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  void close() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (f != null) {
      for (int i = 0; i < 1200 && f.runs.busy(); i++) {
        Thread.sleep(100);
      }
      f.close();
    }
  }

  /** Loads a page and returns the browser console's errors (resource failures and script errors). */
  private List<String> load(String path) {
    browser.get(f.base() + path);
    List<String> errors = new ArrayList<>();
    for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(e.getMessage());
      }
    }
    return errors;
  }

  @Test
  void everyPageLoadsWithoutConsoleErrors() {
    String r = "/runs/" + runId;
    for (String path : List.of("/runs", r, r + "/report", r + "/nodes/sales/log?attempt=1", "/tables", "/tables/sales",
        "/tables/sales?sql=SELECT+count(*)+FROM+sales", "/tables/sales__quarantine", "/lineage", "/streams", "/alerts", "/audit")) {
      assertThat(load(path)).as(path).isEmpty();
      assertThat(browser.findElement(By.tagName("h1")).getText()).as(path).isNotBlank();
    }
  }

  @Test
  void runPageShowsEveryNodeInTheGraphAndTheNodeTable() {
    assertThat(load("/runs/" + runId)).isEmpty();
    List<String> drawn = browser.findElements(By.cssSelector("svg.dag g.node")).stream()
        .map(e -> e.getAttribute("data-node")).toList();
    assertThat(drawn).containsExactlyInAnyOrderElementsOf(nodes).contains("sales", "sales_data", "export:sales_data:0");
    String table = browser.findElement(By.id("nodes")).getText();
    nodes.forEach(n -> assertThat(table).contains(n));
    assertThat(browser.findElements(By.cssSelector("svg.dag g.node.crit"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("svg.gantt rect"))).hasSizeGreaterThanOrEqualTo(nodes.size());
    assertThat(load("/lineage")).isEmpty();
    assertThat(browser.findElements(By.cssSelector("svg.dag g.node")).stream().map(e -> e.getAttribute("data-node")))
        .containsExactlyInAnyOrderElementsOf(nodes);
  }

  @Test
  void runsPageListsTheRunAndRunNowStartsOne() {
    assertThat(load("/runs")).isEmpty();
    assertThat(browser.findElement(By.id("runs")).getText()).contains(runId);
    browser.findElement(By.cssSelector("button[data-action='/api/actions/trigger']")).click();
    WebElement msg = browser.findElement(By.id("msg"));
    new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> msg.isDisplayed());
    assertThat(msg.getText()).contains("started a run in the background");
  }

  @Test
  void timeTravelFormRunsAQueryOnAChosenSnapshot() throws Exception {
    assertThat(load("/tables/sales")).isEmpty();
    var snapshots = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.get("/api/tables/sales").body())
        .get("snapshots");
    var first = snapshots.get(0);
    WebElement sql = browser.findElement(By.name("sql"));
    sql.clear();
    sql.sendKeys("SELECT count(*) AS n FROM sales");
    new Select(browser.findElement(By.name("as_of"))).selectByValue(first.get("snapshotId").asText());
    browser.findElement(By.cssSelector("#query button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(By.id("result")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("#result tbody td")).getText())
        .isEqualTo(String.valueOf(first.get("totalRows").asLong()));
    assertThat(browser.getCurrentUrl()).contains("as_of=" + first.get("snapshotId").asText());
  }
}

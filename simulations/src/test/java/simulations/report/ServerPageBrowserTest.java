package simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** Opens the pages from disk in headless Chromium, as someone double-clicking them after a run would. */
final class ServerPageBrowserTest {

  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final String VERDICT = "FAIL: 120 drops (server: ping-timeout 120; seen by the clients: 120)";
  private static final List<String> CHART_IDS =
      List.of("chart-connections", "chart-churn", "chart-memory", "chart-process", "chart-lag");
  private static final String CHARTS_JS = """
      return Highcharts.charts.filter(Boolean).map(c => ({
        id: c.renderTo.id,
        series: c.series.length,
        points: Math.max(...c.series.map(s => s.points.filter(p => p.y !== null).length)),
        marks: c.xAxis[0].plotLinesAndBands.filter(p => p.svgElem).map(p => p.label && p.label.element.textContent)
      }));""";

  private static Path profile;
  private static ChromeDriver driver;

  @TempDir
  Path temp;

  @BeforeAll
  static void startChromium() throws IOException {
    if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
      fail(CHROMIUM + " and " + CHROMEDRIVER + " are needed: apt-get install chromium chromium-driver");
    }
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    // Both paths given, so Selenium Manager never looks for (or downloads) a browser or a driver.
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopChromium() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void fullTimelineDrawsEveryChartWithTheBatchLines() throws Exception {
    Path runDir = temp.resolve("connectionchurnsimulation-20261127134500123");
    TimelineFixture.write(runDir, true);
    Files.writeString(runDir.resolve("index.html"), ReportLinkTest.gatlingIndex());
    copyGatlingAssets(runDir);
    ServerPage.write(runDir, new PageInput("ConnectionChurnSimulation", VERDICT, TimelineFixture.MARKS));
    assertTrue(ReportLink.addTo(runDir, VERDICT));

    open(runDir.resolve("server.html"));

    List<Map<String, Object>> charts = charts();
    assertEquals(CHART_IDS, charts.stream().map(c -> c.get("id")).toList());
    assertEquals(List.of(7L, 10L, 6L, 4L, 1L), charts.stream().map(c -> c.get("series")).toList());
    for (Map<String, Object> chart : charts) {
      assertEquals((long) TimelineFixture.ROWS, chart.get("points"), chart.get("id") + " points");
      assertEquals(List.of("batch 1", "batch 2"), chart.get("marks"), chart.get("id") + " batch lines");
    }
    WebElement verdict = driver.findElement(By.id("verdict"));
    assertTrue(verdict.isDisplayed());
    assertEquals(VERDICT, verdict.getText());
    assertEquals("verdict fail", verdict.getDomAttribute("class"));
    assertEquals(List.of(), driver.findElements(By.cssSelector(".note")), "no note when every column has data");
    assertNoJavaScriptErrors();
    screenshot("server-page.png");

    assertZoomIsShared();

    open(runDir.resolve("index.html"));
    WebElement link = driver.findElement(By.cssSelector("#server-link a"));
    assertTrue(link.isDisplayed());
    assertEquals("Server timeline (connections, disconnects by reason, memory, event-loop lag) →", link.getText());
    assertEquals(VERDICT, driver.findElement(By.cssSelector("#server-link .verdict")).getText());
    assertNoJavaScriptErrors();
    screenshot("gatling-index-with-link.png");
    link.click();
    assertEquals(runDir.resolve("server.html").toUri().toString(), driver.getCurrentUrl());
  }

  @Test
  void withoutProcTheMissingSeriesAreNamed() throws Exception {
    Path runDir = temp.resolve("run-without-proc");
    TimelineFixture.write(runDir, false);
    ServerPage.write(runDir, new PageInput("no /proc", "PASS: 75 connections held", TimelineFixture.MARKS));

    open(runDir.resolve("server.html"));

    assertEquals("Not available on this system: perfmon_established, tcp_*, rss_bytes, injector_rss_bytes, open_fds.",
        driver.findElement(By.id("not-available")).getText());
    List<Map<String, Object>> charts = charts();
    assertEquals(CHART_IDS, charts.stream().map(c -> c.get("id")).toList());
    assertEquals(List.of(2L, 10L, 4L, 3L, 1L), charts.stream().map(c -> c.get("series")).toList());
    assertEquals("verdict pass", driver.findElement(By.id("verdict")).getDomAttribute("class"));
    assertNoJavaScriptErrors();
    screenshot("server-page-without-proc.png");
  }

  @Test
  void headerOnlyTimelineSaysSoInsteadOfCharts() throws Exception {
    Path runDir = temp.resolve("run-without-samples");
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve(ServerPage.TIMELINE_CSV), TimelineFixture.HEADER + "\n");
    ServerPage.write(runDir, new PageInput("empty", "FAIL: the server never answered", List.of()));

    open(runDir.resolve("server.html"));

    assertEquals(List.of(), charts());
    assertTrue(driver.findElement(By.id("no-samples")).isDisplayed());
    for (String id : List.of("connections", "churn", "memory", "process", "lag")) {
      assertEquals("No samples.", driver.findElement(By.id("missing-" + id)).getText());
    }
    assertNoJavaScriptErrors();
  }

  /** Zooming the first chart zooms all five; resetting any of them resets all five. */
  private static void assertZoomIsShared() {
    long from = TimelineFixture.START + 30_000;
    long to = TimelineFixture.START + 70_000;
    driver.executeScript("Highcharts.charts.filter(Boolean)[0].xAxis[0].setExtremes(arguments[0], arguments[1]);",
        from, to);
    String extremes = "return Highcharts.charts.filter(Boolean).map(c => [c.xAxis[0].min, c.xAxis[0].max]);";
    assertEquals(Collections.nCopies(5, List.of(from, to)), driver.executeScript(extremes));
    driver.executeScript("Highcharts.charts.filter(Boolean)[3].zoomOut();");
    long last = TimelineFixture.START + (TimelineFixture.ROWS - 1) * 1000L;
    assertEquals(Collections.nCopies(5, List.of(TimelineFixture.START, last)), driver.executeScript(extremes));
  }

  private static void open(Path page) {
    driver.get(page.toUri().toString());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> charts() {
    return (List<Map<String, Object>>) driver.executeScript(CHARTS_JS);
  }

  private static void assertNoJavaScriptErrors() {
    List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().getName().equals("SEVERE"))
        .map(LogEntry::toString)
        .toList();
    assertEquals(List.of(), severe);
  }

  /** The whole page, not just the window: the five charts are taller than any screen. */
  @SuppressWarnings("unchecked")
  private static void screenshot(String name) throws IOException {
    Map<String, Object> size = (Map<String, Object>)
        driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"),
        "scale", 1);
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    String resultsDir = System.getProperty("results.dir", "target");
    Path file = Path.of(resultsDir, "screenshots", name);
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  /** Gatling's js/ and style/, as its report writer lays them out next to index.html. */
  private static void copyGatlingAssets(Path runDir) throws IOException, URISyntaxException {
    String assets = "io/gatling/charts/assets/";
    for (URL url : Collections.list(ServerPageBrowserTest.class.getClassLoader().getResources(assets))) {
      Path jar = Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI());
      try (FileSystem zip = FileSystems.newFileSystem(jar); Stream<Path> files = Files.walk(zip.getPath(assets))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Path target = runDir.resolve(zip.getPath(assets).relativize(file).toString());
          Files.createDirectories(target.getParent());
          try (InputStream in = Files.newInputStream(file)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}

package simulations.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lab.timeline.TimelineStats;

/**
 * After Gatling's own report: moves it into results/ (the Gatling plugin writes under target/, which
 * {@code mvn clean} deletes), puts the server's timeline, server.html and summary.json beside it, links
 * Gatling's index.html to server.html, and prints the verdict with the paths to open.
 */
public final class RunReport {

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunFacts facts;
  private final Path gatlingResults;
  private final Path results;
  private final Path work;
  private final TimelineStats timeline;
  private final List<PageInput.Mark> marks;
  private final Map<String, Object> extra;
  private final String headline;

  /**
   * @param gatlingResults where Gatling writes its run folders (target/gatling under the Maven plugin)
   * @param results        the project's results/ folder
   * @param work           where our files were written during the run
   * @param extra          sections the simulation adds to summary.json
   * @param headline       the simulation's own verdict line, or null for the default one
   */
  public RunReport(RunFacts facts, Path gatlingResults, Path results, Path work, TimelineStats timeline,
      List<PageInput.Mark> marks, Map<String, Object> extra, String headline) {
    this.facts = facts;
    this.gatlingResults = gatlingResults;
    this.results = results;
    this.work = work;
    this.timeline = timeline;
    this.marks = marks;
    this.extra = extra;
    this.headline = headline;
  }

  /** Writes everything and prints the verdict; returns the run's folder. */
  public Path write() {
    try {
      Optional<Path> gatlingRun = gatlingRunFolder();
      Path run = results.resolve(gatlingRun.map(p -> p.getFileName().toString()).orElse(
          facts.simulation().toLowerCase() + "-" + RUN_ID.format(Instant.ofEpochMilli(facts.startedAt()))));
      Files.createDirectories(results);
      if (gatlingRun.isPresent()) {
        move(gatlingRun.get(), run);
      } else {
        Files.createDirectories(run);
      }
      try (Stream<Path> ours = Files.list(work)) {
        for (Path file : ours.toList()) {
          move(file, run.resolve(file.getFileName()));
        }
      }
      Files.deleteIfExists(work);

      GatlingStats gatling = GatlingStats.read(run).orElse(null);
      RunSummary summary = new RunSummary(facts, gatling, timeline, System.currentTimeMillis(), headline);
      summary.json().putAll(extra);
      Files.writeString(run.resolve("summary.json"), JSON.writeValueAsString(summary.json()));
      ServerPage.write(run, new PageInput(facts.simulation() + " · " + run.getFileName(), summary.verdictLine(), marks));
      boolean linked = ReportLink.addTo(run, summary.verdictLine());
      printVerdict(run, summary, linked);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folder Gatling made for this run: the newest of this simulation's, made after the run started. */
  private Optional<Path> gatlingRunFolder() throws IOException {
    if (!Files.isDirectory(gatlingResults)) {
      return Optional.empty();
    }
    String prefix = facts.simulation().toLowerCase() + "-";
    try (Stream<Path> runs = Files.list(gatlingResults)) {
      return runs.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.toFile().lastModified() >= facts.startedAt() - 1000)
          .max(Comparator.comparing(p -> p.getFileName().toString()));
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException acrossDevices) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void printVerdict(Path run, RunSummary summary, boolean linked) {
    Path cwd = Path.of("").toAbsolutePath();
    String bar = "=".repeat(100);
    System.out.println(bar);
    System.out.println("connection-drop verdict: " + summary.verdictLine());
    if (linked) {
      System.out.println("  Gatling report   " + cwd.relativize(run.resolve("index.html")));
    } else {
      System.out.println("  Gatling report   (none: Gatling did not write one)");
    }
    System.out.println("  Server timeline  " + cwd.relativize(run.resolve("server.html")));
    System.out.println("  Summary          " + cwd.relativize(run.resolve("summary.json")));
    System.out.println(bar);
    System.out.flush();
  }
}

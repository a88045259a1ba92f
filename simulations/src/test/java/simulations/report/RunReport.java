package simulations.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lab.timeline.ServerSide;
import lab.timeline.TimelineColumns;
import lab.timeline.TimelineStats;
import simulations.clients.ClientCounts;

/**
 * After Gatling's own report: gives the run one folder under results/ (the Gatling plugin writes under target/,
 * which {@code mvn clean} deletes, and which may be on another filesystem), with Gatling's report, the server's
 * timeline, server.html and summary.json, links Gatling's index.html to server.html, and prints the verdict with
 * the paths to open.
 */
public final class RunReport {

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunFacts facts;
  private final Path results;
  private final Path work;
  private final List<PageInput.Mark> marks;

  /**
   * @param results the project's results/ folder
   * @param work    where our files were written during the run
   * @param marks   instants to mark on server.html (batch starts)
   */
  public RunReport(RunFacts facts, Path results, Path work, List<PageInput.Mark> marks) {
    this.facts = facts;
    this.results = results;
    this.work = work;
    this.marks = marks;
  }

  /**
   * Writes everything and prints the verdict; returns the run's folder.
   *
   * @param gatlingRun Gatling's folder for this run, or empty when it wrote none (or none known to be this run's)
   * @param timelines  each server's timeline (one, or one per server of several), the first in this JVM's
   * @param server     the server's side (of all of them) the verdict judged
   * @param ownClients this injector JVM's clients (with -Dinjectors, its share of {@code clients})
   * @param extra      sections the simulation adds to summary.json
   */
  public Path write(Optional<Path> gatlingRun, RunEnd end, Verdict verdict, ClientCounts clients, ClientCounts ownClients,
      List<TimelineStats> timelines, ServerSide server, Map<String, Object> extra) {
    try {
      Path run = free(results.resolve(gatlingRun.map(p -> p.getFileName().toString()).orElse(
          facts.simulation().toLowerCase() + "-" + RUN_ID.format(Instant.ofEpochMilli(facts.startedAt())))));
      Files.createDirectories(results);
      if (gatlingRun.isPresent()) {
        Folders.move(gatlingRun.get(), run);
      } else {
        Files.createDirectories(run);
      }
      if (Files.isDirectory(work)) {
        try (Stream<Path> ours = Files.list(work)) {
          for (Path file : ours.toList()) {
            Folders.move(file, run.resolve(file.getFileName()));
          }
        }
        Files.deleteIfExists(work);
      }

      RunSummary summary = new RunSummary(facts, end, verdict, clients, ownClients, timelines, server,
          System.currentTimeMillis());
      summary.json().putAll(extra);
      Files.writeString(run.resolve("summary.json"), JSON.writeValueAsString(summary.json()));
      if (!Files.exists(run.resolve(ServerPage.TIMELINE_CSV))) {
        Files.writeString(run.resolve(ServerPage.TIMELINE_CSV), TimelineColumns.header() + "\n");
      }
      ServerPage.write(run, new PageInput(facts.simulation() + " · " + run.getFileName(), verdict.line(), marks));
      boolean linked = ReportLink.addTo(run, verdict.line());
      printVerdict(run, verdict, linked);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code run}, or, if a folder of that name is there already (the same shards merged again), the next free name. */
  private static Path free(Path run) {
    Path free = run;
    for (int i = 2; Files.exists(free); i++) {
      free = run.resolveSibling(run.getFileName() + "-" + i);
    }
    return free;
  }

  /** The Gatling reports of the shards a merged run holds ({@code shard-i/index.html}). */
  private static List<Path> shardReports(Path run) {
    try (Stream<Path> inside = Files.list(run)) {
      return inside.filter(p -> p.getFileName().toString().startsWith("shard-"))
          .map(p -> p.resolve("index.html")).filter(Files::exists).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void printVerdict(Path run, Verdict verdict, boolean linked) {
    Path cwd = Path.of("").toAbsolutePath();
    String bar = "=".repeat(100);
    System.out.println(bar);
    System.out.println("connection-drop verdict: " + verdict.line());
    if (!verdict.passed()) {
      System.out.println("  First look at     " + verdict.findings().get(0).cause().lookAt);
    }
    List<Path> shards = linked ? List.of() : shardReports(run);
    System.out.println("  Gatling report   " + (linked ? cwd.relativize(run.resolve("index.html")) : shards.isEmpty()
        ? "(none: Gatling did not write one)" : "each shard's: " + shards.stream().map(p -> cwd.relativize(p).toString())
            .collect(java.util.stream.Collectors.joining("  "))));
    System.out.println("  Server timeline  " + cwd.relativize(run.resolve("server.html")));
    System.out.println("  Summary          " + cwd.relativize(run.resolve("summary.json")));
    System.out.println(bar);
    System.out.flush();
    if (!verdict.passed()) {
      // the build's error names the verdict too (the Maven plugin prints only "Gatling failed" or "assertions failed")
      System.err.println("[ERROR] connection-drop verdict: " + verdict.line());
      System.err.flush();
    }
  }
}

package simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.timeline.TimelineStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulations.clients.ClientTally;
import simulations.clients.ConnectFailures;

/** A run's folder under results/: Gatling's report and ours together, whatever filesystem each is on. */
class RunReportTest {

  private static final RunFacts FACTS = new RunFacts("SmokeSimulation", "wss://127.0.0.1:9010", 1_800_000_000_000L, -1, -1,
      100, 0, Duration.ofSeconds(10), true, true, Map.of());

  @Test
  void gatlingsReportIsMovedEvenFromAnotherFilesystem(@TempDir Path results) throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(results)),
        "needs /dev/shm on a filesystem of its own");
    Path gatling = Files.createTempDirectory(shm, "gatling-");
    try {
      Path gatlingRun = gatling.resolve("smokesimulation-20261202101010101");
      Files.createDirectories(gatlingRun.resolve("js"));
      Files.writeString(gatlingRun.resolve("index.html"), "<html><body><h1>Gatling</h1></body></html>");
      Files.writeString(gatlingRun.resolve("js/highstock.js"), "/* Gatling's copy */");
      Path work = Files.createDirectories(results.resolve(".running-1"));
      Files.writeString(work.resolve("server.log"), "listening\n");

      Path run = write(results, work, Optional.of(gatlingRun));

      assertEquals(results.resolve("smokesimulation-20261202101010101"), run);
      assertTrue(Files.readString(run.resolve("index.html")).contains("server.html"), "linked");
      assertEquals("/* Gatling's copy */", Files.readString(run.resolve("js/highstock.js")));
      assertEquals("listening\n", Files.readString(run.resolve("server.log")));
      assertTrue(Files.exists(run.resolve("server.html")));
      assertFalse(Files.exists(gatlingRun), "moved, not left behind");
      assertFalse(Files.exists(work));
      JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
      assertEquals("FAIL", summary.get("verdict").asText());
      assertEquals("gatling-failed", summary.at("/causes/0/cause").asText(), "no load ran: Gatling did not finish");
    } finally {
      try (var left = Files.walk(gatling)) {
        left.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aRunWithoutGatlingsReportStillGetsItsFolderAndSummary(@TempDir Path results) throws Exception {
    Path run = write(results, results.resolve(".running-2"), Optional.empty());
    assertTrue(run.getFileName().toString().startsWith("smokesimulation-"));
    assertTrue(Files.exists(run.resolve("summary.json")));
    assertTrue(Files.exists(run.resolve("server.html")));
    assertTrue(Files.exists(run.resolve("server-timeline.csv")), "a timeline of its header alone");
  }

  @Test
  void twoRunsOfOneSimulationSideBySideEachFindTheirOwnFolder(@TempDir Path gatling) throws Exception {
    Files.createDirectories(gatling.resolve("smokesimulation-20261202100000000")); // an earlier run
    GatlingRunFolder first = new GatlingRunFolder(gatling, "SmokeSimulation");
    Files.createDirectories(gatling.resolve("smokesimulation-20261202101010101"));
    assertEquals(Optional.of(gatling.resolve("smokesimulation-20261202101010101")), first.find(), "the one new folder");
    Files.createDirectories(gatling.resolve("smokesimulation-20261202101010202")); // another run, started meanwhile
    assertEquals(Optional.empty(), first.find(), "two new folders, neither known to be ours: none taken");
  }

  private static Path write(Path results, Path work, Optional<Path> gatlingRun) throws IOException {
    ClientTally tally = new ClientTally(new ConnectFailures());
    RunEnd end = new RunEnd(null, -1, null, false, null);
    TimelineStats timeline = new TimelineStats();
    Verdict verdict = Verdict.ofChurn(FACTS, end, tally.counts(), timeline.serverSide());
    return new RunReport(FACTS, results, work, List.of()).write(gatlingRun, end, verdict, tally.counts(), tally.counts(), List.of(timeline),
        timeline.serverSide(), Map.of());
  }
}

package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server dies abruptly mid-run: the run still ends by itself, writes Gatling's report, the timeline up to
 * the crash and the summary, counts the drops, fails with the reason, and leaves no process behind.
 */
class ServerCrashTest {

  @Test
  void aCrashedServerStillGetsItsReportAndAFailWithTheReason(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results, Map.of(
        "users", "20", "batches", "1", "lifetime", "30s", "ping", "1s", "duration", "9s", "server.port", "0",
        "fault", "crash-at:5s"), Duration.ofSeconds(120));

    assertEquals("FAIL", run.summary().get("verdict").asText(), run.output());
    assertEquals(2, run.exitCode());
    assertEquals("server-died", run.summary().at("/causes/0/cause").asText(), run.summary().get("causes").toString());
    assertTrue(run.summary().at("/causes/0/text").asText().matches("the server process died \\d+ s into the run"
        + " \\(exit code 70\\), holding 20 connections"), run.summary().at("/causes/0/text").asText());
    assertTrue(run.summary().at("/drops/seenByClients").asLong() >= 20, "each client saw its drop");
    assertTrue(run.summary().at("/failedConnects/total").asLong() > 0, "and no new connection got through");
    assertTrue(run.summary().at("/failedConnects/byStage/tcp").asLong() > 0, "refused: " + run.summary().get("failedConnects"));
    assertTrue(Files.exists(run.runDir().resolve("index.html")), "Gatling's report");
    assertTrue(Files.exists(run.runDir().resolve("server.html")), "the server page");
    assertTrue(Files.readString(run.runDir().resolve("server.log")).contains("fault crash-at: the server process exits now"));

    List<String> timeline = Files.readAllLines(run.runDir().resolve("server-timeline.csv"));
    int connected = List.of(timeline.get(0).split(",")).indexOf("connected");
    assertTrue(timeline.stream().skip(1).anyMatch(row -> row.split(",", -1)[connected].equals("20")), "sampled while it lived");
    assertTrue(timeline.get(timeline.size() - 1).split(",", -1)[connected].isEmpty(), "and no counters after it died");

    assertTrue(run.took().compareTo(Duration.ofSeconds(9 + 50)) < 0, "ended by itself, took " + run.took());
    long leftovers = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(results.toString())).orElse(false))
        .count();
    assertEquals(0, leftovers, "no process of the run is left");
  }
}

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
        "users", "20", "batches", "1", "lifetime", "30s", "ping", "1s", "duration", "15s", "server.port", "0",
        "fault", "crash-at:7s"), Duration.ofSeconds(120));

    assertEquals("FAIL", run.summary().get("verdict").asText(), run.output());
    String failures = run.summary().get("failures").toString();
    assertTrue(failures.contains("the server process died"), failures);
    assertEquals(20, run.summary().at("/unexpectedDisconnects/byReason/server-died").asLong(),
        "the 20 connections it held when it died: " + run.summary().get("unexpectedDisconnects"));
    assertTrue(run.summary().at("/unexpectedDisconnects/seenByClients").asLong() >= 20, "each client saw its drop");
    assertTrue(run.summary().get("failedConnects").asLong() > 0, "and no new connection got through");
    assertTrue(Files.exists(run.runDir().resolve("index.html")), "Gatling's report");
    assertTrue(Files.exists(run.runDir().resolve("server.html")), "the server page");
    assertTrue(Files.readString(run.runDir().resolve("server.log")).contains("fault crash-at: the server process exits now"));

    List<String> timeline = Files.readAllLines(run.runDir().resolve("server-timeline.csv"));
    assertTrue(timeline.stream().skip(1).anyMatch(row -> row.split(",", -1)[2].equals("20")), "sampled while it lived");
    assertTrue(timeline.get(timeline.size() - 1).split(",", -1)[2].isEmpty(), "and no counters after it died");

    assertTrue(run.took().compareTo(Duration.ofSeconds(15 + 50)) < 0, "ended by itself, took " + run.took());
    long leftovers = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(results.toString())).orElse(false))
        .count();
    assertEquals(0, leftovers, "no process of the run is left");
  }
}

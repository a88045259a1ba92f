package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The breaking-point search names the batch where a failing server broke, as a finding (exit 0) unless
 * -Dexpect asked for more, and raises no alarm on a healthy one.
 */
class BreakingPointTest {

  /** Batches of 100 connections every 4 s, up to 500, each living 4 s and pinging twice a second. */
  private static final Map<String, String> STEPS = Map.of(
      "users", "100", "stagger", "4s", "maxConnections", "500", "lifetime", "4s", "ping", "500ms",
      "ackTimeout", "2s", "server.workerThreads", "1", "server.port", "0");

  @Test
  void aServerThatStallsOnEveryDisconnectBreaksAtANamedBatch(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(BreakingPointSimulation.class, results,
        DropDetectionTest.with(DropDetectionTest.with(STEPS, "fault", "stall-on-disconnect:20ms"), "expect", "holds:500"),
        Duration.ofSeconds(150));

    JsonNode bp = run.summary().get("breakingPoint");
    assertTrue(bp.get("broke").asBoolean(), run.summary().toString());
    int brokeAt = bp.get("brokeAtConnections").asInt();
    assertTrue(brokeAt >= 100 && brokeAt <= 500 && brokeAt % 100 == 0, "a batch: " + brokeAt);
    assertEquals(brokeAt - 100, bp.get("heldUpTo").asInt());
    assertFalse(bp.get("firstCause").asText().isEmpty());
    assertEquals(brokeAt / 100, bp.get("batches").size(), "one row per batch reached, the last one where it broke");
    assertEquals("expectation-not-met", run.summary().at("/causes/0/cause").asText(), "-Dexpect=holds:500");
    assertTrue(run.summary().get("verdictLine").asText().startsWith("FAIL: expected to hold 500 connections"),
        run.summary().get("verdictLine").asText());
    assertTrue(run.summary().get("verdictLine").asText().contains("(BROKE at " + brokeAt + " connections: "));
    assertEquals(2, run.exitCode(), "an expectation not met fails the build");
    assertTrue(run.took().compareTo(Duration.ofSeconds(60)) < 0, "the load stops when it breaks: " + run.took());
  }

  @Test
  void aHealthyServerHoldsUpToTheMaximum(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(BreakingPointSimulation.class, results,
        DropDetectionTest.with(DropDetectionTest.with(STEPS, "maxConnections", "200"), "server.workerThreads", "0"),
        Duration.ofSeconds(150));

    JsonNode bp = run.summary().get("breakingPoint");
    assertFalse(bp.get("broke").asBoolean(), run.summary().toString());
    assertEquals(200, bp.get("heldUpTo").asInt());
    assertEquals("HELD up to 200 connections: no threshold crossed", run.summary().get("verdictLine").asText());
    assertEquals(0, run.exitCode(), "a finding, not a failure");
  }
}

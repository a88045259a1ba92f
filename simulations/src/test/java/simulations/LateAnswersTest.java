package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that answers late is not a server that drops: each ack leaves the server 1 s late while the clients
 * wait 500 ms. The clients give up and leave with 41, the server counts them leaving, and the verdict names late
 * answers, with no drop.
 */
class LateAnswersTest {

  @Test
  void acksLaterThanTheClientsWaitAreLateAnswersNotDrops(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results, Map.of(
        "users", "20", "batches", "1", "lifetime", "30s", "ping", "1s", "duration", "6s", "ackTimeout", "500ms",
        "fault", "slow-ack:1s", "server.port", "0"), Duration.ofSeconds(120));

    assertEquals("FAIL", run.summary().get("verdict").asText(), run.output());
    assertEquals(2, run.exitCode());
    assertEquals("late-answers", run.summary().at("/causes/0/cause").asText(), run.summary().get("causes").toString());
    long late = run.summary().at("/lateAnswers/byRequest/ping: ack").asLong();
    assertTrue(late >= 20, "every connection gave up on at least one ack: " + late);
    assertEquals(0, run.summary().at("/drops/total").asLong(), "nothing dropped: " + run.summary().get("drops"));
    assertEquals(0, run.summary().at("/server/disconnects/transport-close").asLong(), "each left with 41");
    assertTrue(run.summary().at("/server/disconnects/client-left").asLong() >= late, "counted as leaving");
    assertTrue(run.summary().get("verdictLine").asText().contains("no connection was dropped"));
  }
}

package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server back at once after its restart that still turns reconnects away: the recovery is timed from the loss. */
class RefusedReconnectsTest {

  /**
   * A server that comes back at once but turns every connection away for 10 s (503): the recovery cannot take
   * less, and a verdict that expects 8 s fails naming it.
   */
  @Test
  void aServerThatRefusesReconnectsFor10SecondsIsReportedWithTheRightTimes(@TempDir Path results) throws Exception {
    Map<String, String> refusing = RecoveryTest.restarted("backoff");
    refusing.putAll(Map.of("duration", "32s", "fault", "restart-at:6s", "fault.restarted", "refuse:10s@0s",
        "expect", "recovery:8s"));
    GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results, refusing, Duration.ofSeconds(150));

    assertEquals("FAIL", run.summary().get("verdict").asText(), run.output());
    assertEquals("expectation-not-met", run.summary().at("/causes/0/cause").asText(), run.summary().get("causes").toString());
    assertTrue(run.summary().at("/causes/0/text").asText().contains("expected within 8s"), run.summary().get("causes").toString());
    JsonNode recovery = run.summary().at("/recoveries/0");
    assertEquals(20, recovery.get("recovered").asLong(), recovery.toString());
    long half = recovery.get("timeTo50PercentMs").asLong();
    long all = recovery.get("timeTo100PercentMs").asLong();
    // refused for 10 s from the new server's start, which a busy machine delays by seconds after the loss: timed
    // from when the timeline saw it answer (sampled each second), then each client's next try, 5 s at most
    long back = run.summary().at("/server/restarts/0/at").asLong() - recovery.get("at").asLong();
    assertTrue(back > 0 && back < 30_000, "the new server seen answering after the loss: " + run.summary().at("/server"));
    assertTrue(half >= 10_000, "none before the refusal ends: " + recovery);
    assertTrue(all <= back + 10_000 + 5000 + 1000, "all within a backoff after it (server back " + back + " ms after the loss): " + recovery);
    assertTrue(recovery.get("failedAttempts").asLong() >= 20, recovery.toString());
    assertTrue(run.summary().at("/failedConnects/byStage/websocket").asLong() > 0, "refused at the upgrade (503)");
  }
}

package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that freezes shortly before the run ends, when no client pings any more: no request fails before
 * Gatling stops, and only the server's side can tell. The run fails, naming the server that stopped answering.
 */
class FreezeAtTheEndTest {

  @Test
  void aServerThatFreezesAtTheEndFails(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results, Map.of(
        "users", "20", "batches", "1", "lifetime", "60s", "ping", "30s", "duration", "8s", "ackTimeout", "2s",
        "connectTimeout", "3s", "fault", "freeze:6s@5s", "server.port", "0"), Duration.ofSeconds(150));

    assertEquals("FAIL", run.summary().get("verdict").asText(), run.output());
    assertEquals(2, run.exitCode());
    assertEquals("server-stopped-answering", run.summary().at("/causes/0/cause").asText(),
        run.summary().get("causes").toString());
    assertTrue(run.summary().at("/server/maxEventLoopLagMs").asDouble() >= 2000, run.summary().get("server").toString());
    assertEquals(0, run.summary().at("/drops/total").asLong(), "no client found its connection gone");
  }
}

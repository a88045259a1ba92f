package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the server mid-run, and clients that come back like socket.io-client (or do not): how many were
 * lost, how long until they were back, and a verdict that expects it.
 */
class RecoveryTest {

  /** 20 connections pinging every 5 s for 25 s; the server is killed 8 s after it starts and back 1 s later. */
  static Map<String, String> restarted(String reconnect) {
    Map<String, String> p = new HashMap<>(Map.of("users", "20", "batches", "1", "lifetime", "60s", "ping", "5s",
        "duration", "25s", "fault", "restart-at:8s:1s", "reconnect", reconnect, "server.port", "0"));
    return p;
  }

  @Test
  void clientsWithBackoffAllComeBackAndClientsWithoutStayDown(@TempDir Path results) throws Exception {
    Map<String, String> backoff = restarted("backoff");
    backoff.put("expect", "recovery:20s");
    GatlingRun.Running comingBack = GatlingRun.start(SmokeSimulation.class, results, results.resolve("backoff.log"), backoff);
    GatlingRun.Running stayingDown = GatlingRun.start(SmokeSimulation.class, results, results.resolve("none.log"),
        restarted("none"));
    GatlingRun.Result back = comingBack.await(Duration.ofSeconds(120));
    GatlingRun.Result down = stayingDown.await(Duration.ofSeconds(120));

    assertEquals("PASS", back.summary().get("verdict").asText(), back.output() + back.summary());
    assertEquals(0, back.exitCode(), "the restart and what it cost were expected");
    JsonNode recovery = back.summary().at("/recoveries/0");
    assertEquals("restart", recovery.get("cause").asText(), back.summary().get("recoveries").toString());
    assertEquals(20, recovery.get("lost").asLong(), back.summary().get("recoveries").toString());
    assertEquals(20, recovery.get("recovered").asLong());
    long all = recovery.get("timeTo100PercentMs").asLong();
    assertTrue(all > 1000 && all <= 20_000, "back within the expected 20 s, not before the server was: " + all);
    assertTrue(recovery.get("timeTo50PercentMs").asLong() <= recovery.get("timeTo95PercentMs").asLong());
    assertTrue(recovery.get("reconnectAttempts").asLong() >= 20, "each came back by itself: " + recovery);
    assertTrue(back.sumOf("reconnect_attempts") >= 20, "in the timeline too");
    assertEquals(1, back.summary().at("/server/restarts").size(), "the timeline saw another process answer");
    assertTrue(Files.readString(back.runDir().resolve("server.html")).contains("\"until\":"), "a band on the page");

    assertEquals("FAIL", down.summary().get("verdict").asText(), down.output());
    assertEquals("server-restarted", down.summary().at("/causes/0/cause").asText(), down.summary().get("causes").toString());
    assertEquals(20, down.summary().at("/drops/seenByClients").asLong());
    assertEquals(0, down.summary().at("/recoveries/0/recovered").asLong(), "none came back");
    assertTrue(down.summary().at("/recoveries/0/timeTo100PercentMs").isNull());
    assertEquals(0, down.summary().at("/clients/joined").asLong() - 20, "no connection after the first 20");
  }
}

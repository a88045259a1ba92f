package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop detector, watched catching drops: the server kicks exactly K of its connections, and the run
 * reports exactly K drops from both sides and fails; the same run without the fault passes.
 */
class DropDetectionTest {

  private static final int KICKED = 5;
  /** 20 connections pinging every second; the run is 12 s long, with lifetimes longer than that. */
  private static final Map<String, String> PROFILE = Map.of(
      "users", "20", "batches", "1", "lifetime", "30s", "ping", "1s", "duration", "12s", "server.port", "0");

  @TempDir
  static Path results;
  private static GatlingRun.Result kicked;
  private static GatlingRun.Result clean;

  /** Both runs at once: 20 connections each are light enough to share two cores. */
  @BeforeAll
  static void runBoth() throws Exception {
    GatlingRun.Running kicking = GatlingRun.start(SmokeSimulation.class, results.resolve("kicked"),
        results.resolve("kicked.log"), with(PROFILE, "fault", "kick:" + KICKED + "@6s"));
    GatlingRun.Running withoutFault = GatlingRun.start(SmokeSimulation.class, results.resolve("clean"),
        results.resolve("clean.log"), with(with(PROFILE, "auth", "{\"token\":\"" + AUTH_SECRET + "\"}"),
            "headers", "X-Api-Key: " + HEADER_SECRET));
    try {
      kicked = kicking.await(Duration.ofSeconds(120));
    } finally {
      clean = withoutFault.await(Duration.ofSeconds(120));
    }
  }

  @Test
  void kickingKConnectionsIsReportedAsExactlyKDropsAndFailsTheRun() throws Exception {
    GatlingRun.Result run = kicked;

    assertEquals(2, run.exitCode(), "the verdict fails the run, and with it mvn gatling:test\n" + run.output());
    assertEquals("FAIL", run.summary().get("verdict").asText());
    assertEquals("drops", run.summary().at("/causes/0/cause").asText(), "the first cause");
    assertEquals(KICKED, run.summary().at("/drops/total").asLong());
    assertEquals(KICKED, run.summary().at("/drops/byReason/server-close").asLong(), "server side");
    assertEquals(KICKED, run.summary().at("/drops/seenByClients").asLong(), "client side");
    // found when it happens: while waiting between frames (hold), or while waiting for an ack (ping)
    assertEquals(KICKED, run.summary().at("/drops/seenByClientsAt/hold").asLong()
        + run.summary().at("/drops/seenByClientsAt/ping").asLong(), run.summary().get("drops").toString());
    assertEquals(KICKED, run.sumOf("server_close"), "the server timeline counts them too");
    assertEquals(0, run.summary().at("/failedConnects/total").asLong());
    assertEquals(0, run.summary().at("/lateAnswers/total").asLong());
    assertTrue(run.output().contains("connection-drop verdict: FAIL: " + KICKED + " drops (server: server-close "
        + KICKED + "; seen by the clients: " + KICKED + ")"), run.output());
  }

  /** The clean run, with credentials given (the embedded server ignores them): their values are written nowhere. */
  @Test
  void theSameRunWithoutTheFaultHasNoDropAndPasses() throws Exception {
    GatlingRun.Result run = clean;

    assertEquals(0, run.exitCode(), run.output());
    assertEquals("PASS", run.summary().get("verdict").asText());
    assertEquals(0, run.summary().at("/drops/total").asLong());
    assertEquals(0, run.sumOf("server_close") + run.sumOf("transport_close") + run.sumOf("ping_timeout"));
    assertEquals(20, run.summary().at("/peakHeld/byClients").asLong());
    assertEquals(20, run.summary().at("/peakHeld/byServer").asLong());
    assertEquals(20, run.summary().at("/clients/completed").asLong(), "every lifetime ended with the run, cleanly");
    assertTrue(run.sumOf("client_left") >= 20, "every connection left cleanly at the end of the run");
    // the run ends at its duration: lifetimes still running are closed cleanly, not left to hang
    assertTrue(run.took().compareTo(Duration.ofSeconds(12 + 40)) < 0, "took " + run.took());
    assertTrue(Files.exists(run.runDir().resolve("server.html")));
    assertTrue(Files.readString(run.runDir().resolve("index.html")).contains("server.html"), "linked from Gatling's report");

    assertTrue(run.output().contains("{\"token\":\"***\"}") && run.output().contains("X-Api-Key: ***"),
        "the names shown, the values hidden:\n" + run.output());
    assertFalse(run.output().contains(AUTH_SECRET) || run.output().contains(HEADER_SECRET), "a secret on the console");
    try (java.util.stream.Stream<Path> files = Files.walk(results)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(AUTH_SECRET) || text.contains(HEADER_SECRET), "a secret written to " + f);
      }
    }
  }

  private static final String AUTH_SECRET = "auth-value-7f3a";
  private static final String HEADER_SECRET = "header-value-9c1d";

  static Map<String, String> with(Map<String, String> base, String key, String value) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>(base);
    m.put(key, value);
    return m;
  }
}

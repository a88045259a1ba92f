package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulations.injectors.InjectorFile;

/**
 * The drop detector, watched catching drops: the server kicks exactly K of the connections of two injectors, and
 * the run reports exactly K drops from both sides in one verdict and fails; the same run without the fault, from
 * one injector, passes.
 */
class DropDetectionTest {

  private static final int KICKED = 5;
  /** 20 connections pinging every second; the run is 12 s long, with lifetimes longer than that. */
  private static final Map<String, String> PROFILE = Map.of(
      "users", "20", "batches", "1", "lifetime", "30s", "ping", "1s", "duration", "12s", "server.port", "0");

  /**
   * The same 20 connections from two injector JVMs to two server JVMs, 10 each (one batch each: batch 1 from
   * injector 1 to server 1, batch 2 from injector 2 to server 2); the kick is server 1's (-Dfault goes to the
   * first), 4 s into the load, once both hold theirs: timed from the load's start, whatever the second injector's
   * Gatling took to start (4 s alone, up to 15 s seen in a busy verify).
   */
  private static final Map<String, String> TWO_BY_TWO = Map.of("users", "10", "batches", "2", "stagger", "1s",
      "injectors", "2", "server.instances", "2", "lifetime", "30s", "ping", "1s", "duration", "8s",
      "server.port", "0", "fault", "kick:" + KICKED + "@4s");

  @TempDir
  static Path results;
  private static GatlingRun.Result kicked;
  private static GatlingRun.Result clean;

  /** Both runs at once: 20 connections each are light enough to share two cores. */
  @BeforeAll
  static void runBoth() throws Exception {
    GatlingRun.Running kicking = GatlingRun.start(SmokeSimulation.class, results.resolve("kicked"),
        results.resolve("kicked.log"), TWO_BY_TWO);
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

  /** One verdict for both injectors and both servers: counts added up, each drop on its server, each report kept. */
  @Test
  void twoInjectorsAndTwoServersGiveOneVerdictWithTheirCountsAddedUp() throws Exception {
    JsonNode summary = kicked.summary();
    assertEquals(20, summary.at("/peakHeld/byClients").asLong(), "10 held by each injector");
    assertEquals(20, summary.at("/peakHeld/byServer").asLong(), "10 by each server");
    assertEquals(10, summary.at("/servers/0/peakConnected").asLong(), summary.get("servers").toString());
    assertEquals(10, summary.at("/servers/1/peakConnected").asLong(), summary.get("servers").toString());
    assertEquals(KICKED, summary.at("/servers/0/drops").asLong(), "the kicked server's");
    assertEquals(0, summary.at("/servers/1/drops").asLong(), "its neighbour lost none");
    assertEquals(20, kicked.maxOf("connected"), "the whole timeline adds both servers up");
    assertTrue(Files.exists(kicked.runDir().resolve("server-timeline-2.csv")), "and keeps each one's");
    JsonNode other = summary.at("/injectors/0");
    assertEquals("2/2", other.get("shard").asText(), summary.toString());
    Path otherRun = kicked.runDir().resolve(other.get("folder").asText());
    assertTrue(Files.exists(otherRun.resolve("index.html")), "its own Gatling report: " + otherRun);
    JsonNode mine = new ObjectMapper().readTree(kicked.runDir().resolve("injector.json").toFile());
    JsonNode its = new ObjectMapper().readTree(otherRun.resolve("injector.json").toFile());
    assertEquals(mine.get("lifetimes").asLong() + its.get("lifetimes").asLong(), summary.at("/clients/started").asLong());
    assertTrue(summary.at("/injector/rssPerConnectionBytes").asLong() > 20_000, "this JVM's memory over its own 10"
        + " connections, not over all 20: " + summary.get("injector"));
    assertEquals(10, its.get("peakHeld").asLong());
    JsonNode itsCost = new ObjectMapper().readTree(otherRun.resolve("summary.json").toFile()).get("injector");
    assertTrue(itsCost.get("cpuSecondsPer1000Lifetimes").asDouble() > 0 && itsCost.get("peakRssBytes").asLong() > 0,
        "the other injector's own cost, without a timeline in it: " + itsCost);
    assertTrue(its.get("lifetimes").asLong() >= 10 && mine.get("lifetimes").asLong() >= 10, "both played: " + summary);
    assertEquals(KICKED, mine.at("/drops/hold").asLong() + mine.at("/drops/ping").asLong() + its.at("/drops/hold").asLong()
        + its.at("/drops/ping").asLong(), "the kicked connections, wherever they were");
    long acks = InjectorFile.read(kicked.runDir().resolve("injector.json")).ackTimes().getTotalCount()
        + InjectorFile.read(otherRun.resolve("injector.json")).ackTimes().getTotalCount();
    assertEquals(acks, summary.at("/latency/ack/count").asLong(), "the acks of both, in one histogram");
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
    // the run ends at its duration: lifetimes still running are closed cleanly, not left to hang (their 30 s); from
    // its load's start, not its JVM's, which a busy machine slows down
    long ran = run.summary().at("/run/endedAt").asLong() - run.summary().at("/run/loadStartedAt").asLong();
    assertTrue(ran < (12 + 20) * 1000, "ran " + ran + " ms from the load's start");
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

package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** However a run ends, it gets its own report and a verdict that says how it ended, and no process outlives it. */
class RunEndsTest {

  private static final Map<String, String> SHORT = Map.of(
      "users", "10", "batches", "1", "lifetime", "30s", "ping", "1s", "duration", "10s", "server.port", "0");

  @Test
  void aServerThatCannotStartGivesTheBannerWithTheReason(@TempDir Path results) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results,
          DropDetectionTest.with(SHORT, "server.port", Integer.toString(taken.getLocalPort())), Duration.ofSeconds(90));

      assertEquals(2, run.exitCode(), run.output());
      assertEquals("server-not-started", run.summary().at("/causes/0/cause").asText());
      assertEquals(1, run.summary().get("causes").size(), "nothing else is said of a load that never started");
      assertTrue(run.output().contains("connection-drop verdict: FAIL: the embedded server did not start: cannot listen on"
          + " 127.0.0.1:" + taken.getLocalPort()), run.output());
      assertFalse(run.output().contains("\tat "), "one line, no stack trace:\n" + run.output());
    }
  }

  @Test
  void aTimelineAgentThatDoesNotAnswerStopsTheRunBeforeItStarts(@TempDir Path results) throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = probe.getLocalPort(); // nothing listens there once it is closed
    }
    GatlingRun.Running running = GatlingRun.start(SmokeSimulation.class, results, results.resolve("run.log"),
        Map.of("target", "wss://127.0.0.1:" + closed, "target.agent", "http://127.0.0.1:" + closed, "duration", "12s"));
    assertTrue(running.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "ended by itself");
    String output = Files.readString(results.resolve("run.log"));
    assertTrue(running.process().exitValue() != 0, output);
    assertTrue(output.contains("connection-drop: -Dtarget.agent=http://127.0.0.1:" + closed + " does not answer ("),
        output);
    assertFalse(output.contains("Simulation simulations.SmokeSimulation started"), "no load: " + output);
  }

  @Test
  void anInterruptedRunSaysSoWritesItsReportAndLeavesNoProcess(@TempDir Path results) throws Exception {
    GatlingRun.Running running = GatlingRun.start(SmokeSimulation.class, results, results.resolve("run.log"),
        DropDetectionTest.with(SHORT, "duration", "60s"));
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.readString(results.resolve("run.log")).contains("embedded server: ")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    Thread.sleep(4000); // into the load
    new ProcessBuilder("kill", "-INT", Long.toString(running.process().pid())).start().waitFor(); // as Ctrl-C does
    GatlingRun.Result run = running.await(Duration.ofSeconds(60));

    assertEquals(130, run.exitCode(), run.output());
    assertEquals("run-interrupted", run.summary().at("/causes/0/cause").asText(), run.summary().get("causes").toString());
    assertEquals("SIGINT", run.summary().at("/run/interruptedBy").asText());
    assertTrue(run.summary().get("verdictLine").asText().startsWith("FAIL: run interrupted (SIGINT) "));
    assertTrue(run.summary().at("/peakHeld/byClients").asLong() > 0, "what happened before the signal is kept");
    // the run's own teardown (the server stopped under its clients) is not counted against the server
    assertEquals(0, run.summary().at("/drops/total").asLong(), run.summary().get("drops").toString());
    assertEquals(0, run.summary().at("/failedConnects/total").asLong(), run.summary().get("failedConnects").toString());
    assertTrue(Files.size(run.runDir().resolve("server-timeline.csv")) > 0);
    long leftovers = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(results.toString())).orElse(false))
        .count();
    assertEquals(0, leftovers, "no process of the run is left");
  }

  /**
   * Two runs of one simulation at once, writing into one results folder, as two terminals in one checkout would.
   * One speaks Engine.IO 3 (Socket.IO v2: the client sends the heartbeat, the server joins the default namespace
   * unasked), which also tells their Gatling reports apart: only it has heartbeat requests.
   */
  @Test
  void twoRunsAtOnceEachGetTheirOwnGatlingReport(@TempDir Path results) throws Exception {
    Map<String, String> engineIo3 = new java.util.HashMap<>(SHORT);
    engineIo3.putAll(Map.of("eio", "3", "heartbeat", "1s",
        // a server ping timeout shorter than the lifetime: only the client's heartbeat keeps connections alive
        "server.pingInterval", "1s", "server.pingTimeout", "1s"));
    GatlingRun.Running eio3 = GatlingRun.start(SmokeSimulation.class, results, results.resolve("eio3.log"), engineIo3);
    GatlingRun.Running eio4 = GatlingRun.start(SmokeSimulation.class, results, results.resolve("eio4.log"), SHORT);
    GatlingRun.Result three = eio3.await(Duration.ofSeconds(120));
    GatlingRun.Result four = eio4.await(Duration.ofSeconds(120));

    assertNotEquals(three.runDir(), four.runDir());
    assertEquals("PASS", three.summary().get("verdict").asText(), three.output());
    assertEquals("PASS", four.summary().get("verdict").asText(), four.output());
    assertTrue(Files.readString(three.runDir().resolve("index.html")).contains("heartbeat"), "its own report");
    assertFalse(Files.readString(four.runDir().resolve("index.html")).contains("heartbeat"), "its own report");
    assertTrue(three.summary().at("/config/eio").asText().startsWith("3"));
    assertEquals(0, three.summary().at("/drops/byReason/ping-timeout").asLong(), "the heartbeats kept every connection");
    assertEquals(10, three.summary().at("/peakHeld/byServer").asLong());
    assertTrue(three.summary().at("/latency/ack/count").asLong() > 50, "pinged");
    assertEquals(0, three.summary().at("/lateAnswers/total").asLong(), "every heartbeat and ping answered in time");
  }
}

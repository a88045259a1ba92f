package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Engine.IO 3 dialect (Socket.IO v2 servers: the client sends the heartbeat, the server joins the default
 * namespace unasked), against netty-socketio, which speaks it: connects, pings and holds.
 */
class EngineIo3Test {

  @Test
  void theSmokeChurnInEngineIo3ConnectsPingsAndHolds(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results, Map.of(
        "eio", "3", "heartbeat", "1s", "server.port", "0",
        // a server ping timeout shorter than the lifetime: only the client's heartbeat keeps connections alive
        "server.pingInterval", "1s", "server.pingTimeout", "1s"), Duration.ofSeconds(120));

    assertEquals("PASS", run.summary().get("verdict").asText(), run.output());
    assertEquals(0, run.summary().at("/drops/byReason/ping-timeout").asLong(), "the heartbeats kept every connection");
    assertEquals(100, run.summary().at("/peakHeld/byServer").asLong());
    assertTrue(run.summary().at("/latency/ack/count").asLong() > 100, "pinged");
    assertEquals(0, run.summary().at("/lateAnswers/total").asLong(), "every heartbeat and ping answered in time");
    assertTrue(run.output().contains("eio              3"), "the header says which dialect");
  }
}

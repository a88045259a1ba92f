package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that tells nothing of itself, as most do (the Node reference with STATUS=none: 404 on every path but
 * Socket.IO's): the clients' own counts still judge the run, and what only the server could tell is reported as
 * unknown, never as 0.
 */
class ServerWithoutStatusTest {

  @Test
  void theClientsCountsJudgeItAndTheServersSideIsUnknownNotZero(@TempDir Path results) throws Exception {
    ServerProcess node = NodeServer.start(0, Map.of("STATUS", "none"), results.resolve("node-server.log"));
    GatlingRun.Result run;
    try {
      run = GatlingRun.run(SmokeSimulation.class, results, Map.of("target", node.url(), "target.pid",
          Long.toString(node.pid()), "duration", "8s"), Duration.ofSeconds(120));
    } finally {
      node.stop();
    }

    assertEquals("PASS", run.summary().get("verdict").asText(), run.output());
    assertEquals(0, run.exitCode());
    assertEquals(List.of("the server's own counts (it never answered /status)"),
        List.of(run.summary().get("notChecked").get(0).asText()), run.summary().get("notChecked").toString());
    assertTrue(run.summary().get("verdictLine").asText().contains("; not checked: the server's own counts"));
    assertTrue(run.summary().at("/peakHeld/byServer").isNull(), "unknown, not 0");
    assertTrue(run.summary().at("/drops/byReason").isNull(), "unknown, not 0");
    assertTrue(run.summary().at("/server/connects").isNull());
    assertEquals(100, run.summary().at("/peakHeld/byClients").asLong(), "the clients' own count");
    assertTrue(run.summary().at("/peakHeld/establishedOnPort").asLong() >= 100, "this host's view of its port");
    assertTrue(run.summary().at("/server/peakRssBytes").asLong() > 0, "its process, by its pid");
  }
}

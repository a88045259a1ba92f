package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same smoke churn against the Node.js reference server and the embedded one: both hold it, alike. */
class NodeReferenceTest {

  private static final Map<String, String> SMOKE = Map.of("server.port", "0");

  @Test
  void theSmokeRunPassesAgainstNodeWithTheSameCountsAsAgainstTheEmbeddedServer(@TempDir Path results) throws Exception {
    GatlingRun.Result embedded = GatlingRun.run(SmokeSimulation.class, results.resolve("embedded"), SMOKE, Duration.ofSeconds(120));
    GatlingRun.Result node;
    ServerProcess server = NodeServer.start(0, Map.of(), results.resolve("node-server.log"));
    try {
      node = GatlingRun.run(SmokeSimulation.class, results.resolve("node"),
          Map.of("target", server.url(), "target.pid", Long.toString(server.pid())), Duration.ofSeconds(120));
    } finally {
      server.stop();
    }

    for (GatlingRun.Result run : new GatlingRun.Result[] {embedded, node}) {
      assertEquals("PASS", run.summary().get("verdict").asText(), run.output());
      assertEquals(0, run.summary().at("/unexpectedDisconnects/total").asLong());
      assertEquals(100, run.summary().get("peakConnections").asLong(), "the server's own peak, from /status");
      assertTrue(run.sumOf("rss_bytes") > 0, "the process was watched by its pid");
    }
    JsonNode e = embedded.summary().get("requests");
    JsonNode n = node.summary().get("requests");
    for (String request : new String[] {"connect", "namespace: ack", "ping: ack", "leave"}) {
      assertEquals(0, n.path(request).path("ko").asLong(), request);
      long a = e.path(request).path("count").asLong();
      long b = n.path(request).path("count").asLong();
      // the same churn: the same number of lifetimes and pings, give or take one refill round
      assertTrue(Math.abs(a - b) <= Math.max(5, a / 20), request + ": embedded " + a + ", node " + b);
    }
    assertEquals(node.summary().get("connects").asLong(), n.path("connect").path("count").asLong(),
        "Node's own count of connects matches the clients'");
  }
}

package server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import lab.timeline.StatusClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the event loop is stalled, /status goes unanswered, but the status file still shows the lag growing. */
class StatusFileTest {

  @Test
  void theStatusFileTellsWhatAStalledServerCannot(@TempDir Path dir) throws Exception {
    ChurnServer server = TestServers.start("server.workerThreads", "1", "fault", "stall-on-disconnect:4000ms");
    Path file = dir.resolve("server-status.json");
    try (StatusFile ignored = StatusFile.start(file, server.status()::json)) {
      TestClient client = TestClient.connect(server.port(), server.certificate().certificate());
      client.leave(); // its disconnect blocks the only event loop for 4 s
      Thread.sleep(2500);

      Optional<JsonNode> fromFile = new StatusClient(URI.create(server.url()), file).read();
      long asked = System.nanoTime();
      Optional<JsonNode> overHttp = new StatusClient(URI.create(server.url()), null).read();
      long waitedMillis = (System.nanoTime() - asked) / 1_000_000;

      assertTrue(fromFile.isPresent(), "the file is written by a thread of its own");
      double lag = fromFile.get().get("eventLoopLagMs").asDouble();
      assertTrue(lag >= 1000, "the lag is seen growing while the loop is blocked: " + lag);
      assertTrue(waitedMillis >= 1000, "/status over HTTP waited for the loop: " + waitedMillis + " ms, " + overHttp);
      client.close();
    } finally {
      server.stop();
    }
  }
}

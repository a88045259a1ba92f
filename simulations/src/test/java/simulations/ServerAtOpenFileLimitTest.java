package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The most common misdiagnosis: a server at its operating system's open-file limit looks like a server that
 * cannot take the load. Started with room for about 60 connections, asked for 150, it survives; the verdict
 * names the limit first, before the failed connects it caused.
 */
class ServerAtOpenFileLimitTest {

  @Test
  void theLimitIsNamedAsTheFirstCause(@TempDir Path results) throws Exception {
    GatlingRun.Result run = GatlingRun.run(SmokeSimulation.class, results, Map.of(
        "users", "150", "batches", "1", "lifetime", "30s", "ping", "2s", "duration", "12s",
        "server.openFileLimit", "120", "server.port", "0"), Duration.ofSeconds(150));

    assertEquals("FAIL", run.summary().get("verdict").asText(), run.output());
    assertEquals("open-file-limit", run.summary().at("/causes/0/cause").asText(), run.summary().get("causes").toString());
    assertTrue(run.summary().at("/causes/0/text").asText().startsWith("the server reached its open-file limit (120 files)"),
        run.summary().at("/causes/0/text").asText());
    assertTrue(run.summary().at("/server/acceptFailures/EMFILE").asLong() > 0, run.summary().get("server").toString());
    assertEquals(120, run.summary().at("/server/openFileLimit").asLong());
    assertTrue(run.summary().at("/failedConnects/total").asLong() > 0, "the clients paid for it");
    assertTrue(run.sumOf("accept_failures") > 0, "in the timeline too");
    String log = Files.readString(run.runDir().resolve("server.log"));
    assertTrue(log.contains("accept failed") && log.contains("EMFILE"), "and in the server's log");
  }
}

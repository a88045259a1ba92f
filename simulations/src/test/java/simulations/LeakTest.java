package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that keeps 256 KiB per connection fails the run with "leak", naming its live heap and the rate; the
 * same churn without the leak passes with the same thresholds. The run is short, so the thresholds are scaled to
 * it (an hour's soak judges 16 MiB/h; here 2 GiB/h against a leak of about 9 GiB/h).
 */
class LeakTest {

  /** 20 connections living 2 s (10 new ones a second) for 25 s, judged from 2 s in (23 samples, 20 needed). */
  private static Map<String, String> churn(String fault) {
    Map<String, String> p = new HashMap<>(Map.of("users", "20", "batches", "1", "lifetime", "2s", "ping", "1s",
        "duration", "25s", "server.port", "0", "leak.window", "20s", "leak.heap", "2000"));
    // what a 25 s run's warm-up grows is not judged here: only the server's live heap
    p.putAll(Map.of("leak.rss", "1000000", "leak.fds", "1000000", "leak.threads", "1000000", "leak.injectorRss", "1000000",
        "leak.injectorHeap", "1000000"));
    if (fault != null) {
      p.put("fault", fault);
    }
    return p;
  }

  @Test
  void aServerKeepingMemoryPerConnectionFailsAsALeakAndOneThatDoesNotPasses(@TempDir Path results) throws Exception {
    GatlingRun.Running leaking = GatlingRun.start(SmokeSimulation.class, results, results.resolve("leak.log"),
        churn("leak:256KiB"));
    GatlingRun.Running clean = GatlingRun.start(SmokeSimulation.class, results, results.resolve("clean.log"), churn(null));
    GatlingRun.Result leaked = leaking.await(Duration.ofSeconds(120));
    GatlingRun.Result passed = clean.await(Duration.ofSeconds(120));

    assertEquals("FAIL", leaked.summary().get("verdict").asText(), leaked.summary().get("leaks").toString());
    assertEquals(2, leaked.exitCode());
    assertEquals("leak", leaked.summary().at("/causes/0/cause").asText(), leaked.summary().get("causes").toString());
    assertTrue(leaked.summary().get("verdictLine").asText().matches("FAIL: leak: server live heap \\+\\d+\\.\\d MiB/h"
        + " \\(threshold 2000 MiB/h\\)"), leaked.summary().get("verdictLine").asText());
    JsonNode heap = leaked.summary().at("/leaks/slopes/heap_live_bytes");
    assertTrue(leaked.summary().at("/leaks/judged").asBoolean(), leaked.summary().get("leaks").toString());
    assertTrue(heap.get("leaking").asBoolean() && heap.get("fittedLast").asDouble() - heap.get("fittedFirst").asDouble() > 30,
        "some 55 MiB kept over the run: " + heap);

    assertEquals("PASS", passed.summary().get("verdict").asText(), passed.output());
    assertTrue(passed.summary().at("/leaks/judged").asBoolean());
    assertFalse(passed.summary().at("/leaks/slopes/heap_live_bytes/leaking").asBoolean(),
        passed.summary().get("leaks").toString());
  }
}

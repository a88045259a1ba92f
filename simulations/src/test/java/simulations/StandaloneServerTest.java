package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.agent.TimelineAgent;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs against one server the lab did not start (as a user points it at their own): the first is dirty
 * (the server kicks 5 connections) and fails even within a tolerance of 1 %, its build too; the second, with
 * nothing wrong, passes with exit 0. Each is judged on its own numbers, not on the server's lifetime totals.
 */
class StandaloneServerTest {

  /** 2 x 20 connections, pinging every second: 45 lifetimes in the first run, with the kicked ones refilled. */
  private static Map<String, String> profile(String duration, String url, String watchedBy, String watcher) {
    return Map.of("users", "20", "batches", "2", "stagger", "2s", "lifetime", "60s", "ping", "1s", "duration", duration,
        "tolerance", "1", "target", url, watchedBy, watcher);
  }

  @Test
  void aCleanRunAfterADirtyOneAgainstTheSameServerPasses(@TempDir Path results) throws Exception {
    // kicks 5 of its connections 20 s after it starts: during the first run, whose load starts 3 s (idle) to more
    // than 14 s (seen in a busy verify: its Gatling JVM starting beside others) later and lasts 22 s
    ServerProcess server = ServerProcess.start(Map.of("server.port", "0", "fault", "kick:5@20s"), List.of("-Xmx256m"),
        results.resolve("server.log"), Duration.ofSeconds(30));
    GatlingRun.Result dirty;
    GatlingRun.Result clean;
    ServerProcess agent = null;
    try {
      dirty = GatlingRun.run(SmokeSimulation.class, results.resolve("dirty"),
          profile("22s", server.url(), "target.pid", Long.toString(server.pid())), Duration.ofSeconds(120));
      // the second run sees the server's host as a remote target's is seen: through the timeline agent beside it
      agent = TimelineAgent.start(server.port(), server.pid(), results.resolve("agent.log"));
      clean = GatlingRun.run(SmokeSimulation.class, results.resolve("clean"),
          profile("6s", server.url(), "target.agent", agent.url()), Duration.ofSeconds(120));
    } finally {
      if (agent != null) {
        agent.stop();
      }
      server.stop();
    }

    assertEquals("FAIL", dirty.summary().get("verdict").asText(), dirty.output());
    assertEquals(2, dirty.exitCode(), "a FAIL is a failed build, within a tolerance too");
    assertEquals(5, dirty.summary().at("/drops/byReason/server-close").asLong());
    assertTrue(dirty.summary().get("verdictLine").asText().contains("lifetimes ended badly, tolerance 1.0 %"),
        dirty.summary().get("verdictLine").asText());

    assertEquals("PASS", clean.summary().get("verdict").asText(), clean.output());
    assertEquals(0, clean.exitCode(), clean.output());
    assertEquals(0, clean.summary().at("/drops/total").asLong(), "the first run's drops are not the second's");
    assertEquals(0, clean.summary().at("/server/disconnects/server-close").asLong());
    assertEquals(clean.summary().at("/clients/joined").asLong(), clean.summary().at("/server/connects").asLong(),
        "the server's connects of this run alone");
    assertEquals(40, clean.summary().at("/peakHeld/byServer").asLong(), "this run's peak, not the server's first");
    assertTrue(clean.summary().get("notChecked").isEmpty(), clean.summary().get("notChecked").toString());
    // what the agent saw is what a local run sees: the same fields, the port's sockets and the process's figures
    assertEquals(fields(dirty.summary().get("server")), fields(clean.summary().get("server")));
    assertEquals(40, clean.maxOf("tcp_established"), "the port's sockets, counted on the server's host");
    assertTrue(clean.maxOf("rss_bytes") > 0 && clean.maxOf("open_fds") > 40, "its process");
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

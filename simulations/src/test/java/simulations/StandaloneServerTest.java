package simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.agent.TimelineAgent;
import lab.launch.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulations.injectors.ShardMerge;

/**
 * Two runs against one server the lab did not start (as a user points it at their own): the first is dirty
 * (the server kicks 5 connections) and fails even within a tolerance of 1 %, its build too; it is played by two
 * shards started by hand, as from two machines, and judged by their merge: the drops of both, the server's side
 * from shard 1. The second, with nothing wrong, passes with exit 0. Each is judged on its own numbers, not on the
 * server's lifetime totals.
 */
class StandaloneServerTest {

  /** 2 x 20 connections, pinging every second: 45 lifetimes in the first run, with the kicked ones refilled. */
  private static Map<String, String> profile(String duration, String url, String watchedBy, String watcher) {
    Map<String, String> p = new HashMap<>(Map.of("users", "20", "batches", "2", "stagger", "2s", "lifetime", "60s",
        "ping", "1s", "duration", duration, "tolerance", "1", "target", url));
    if (watchedBy != null) {
      p.put(watchedBy, watcher);
    }
    return p;
  }

  /** Shard {@code i} of 2 of the dirty run, from {@code startAt}; shard 1 watches the server's process. */
  private static Map<String, String> shard(int i, long startAt, ServerProcess server) {
    Map<String, String> p = profile("12s", server.url(), i == 1 ? "target.pid" : null, Long.toString(server.pid()));
    p.put("shard", i + "/2");
    p.put("start.at", Long.toString(startAt));
    return p;
  }

  @Test
  void aCleanRunAfterADirtyOneAgainstTheSameServerPasses(@TempDir Path results) throws Exception {
    // kicks 5 of its connections 8 s into the shards' load (-Dfault.from: the instant this test writes), which
    // starts 10 s after the server (two Gatling JVMs take 3 s to start when idle, more than 14 s in a busy verify:
    // a shard late for its start starts late, the kick still finds the other's connections) and lasts 12 s
    Path loadStart = results.resolve("load-started-at");
    ServerProcess server = ServerProcess.start(Map.of("server.port", "0", "fault", "kick:5@8s", "fault.from",
        loadStart.toString()), List.of("-Xmx256m"), results.resolve("server.log"), Duration.ofSeconds(30));
    List<GatlingRun.Result> shards = new ArrayList<>();
    GatlingRun.Result clean;
    ServerProcess agent = null;
    try {
      long startAt = System.currentTimeMillis() + 10_000;
      Files.writeString(loadStart, Long.toString(startAt));
      List<GatlingRun.Running> running = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        Path dir = results.resolve("dirty-" + i);
        running.add(GatlingRun.start(SmokeSimulation.class, dir, dir.resolve("gatling-run.log"), shard(i, startAt, server)));
      }
      for (GatlingRun.Running r : running) {
        shards.add(r.await(Duration.ofSeconds(120)));
      }
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

    long seenByEach = 0;
    for (GatlingRun.Result shard : shards) {
      assertTrue(shard.summary().get("notChecked").toString().contains("the server's side"), shard.output());
      seenByEach += shard.summary().at("/drops/seenByClients").asLong();
    }
    assertEquals(5, seenByEach, "the kicked connections, each seen by its shard's clients");
    ShardMerge.Merged merged = ShardMerge.merge(List.of(shards.get(0).runDir(), shards.get(1).runDir()),
        results.resolve("merged"));
    JsonNode dirty = new ObjectMapper().readTree(merged.run().resolve("summary.json").toFile());
    assertEquals("FAIL", dirty.get("verdict").asText(), dirty.toString());
    assertEquals(2, merged.verdict().exitCode(), "a FAIL is a failed build, within a tolerance too");
    assertEquals(5, dirty.at("/drops/byReason/server-close").asLong(), dirty.toString());
    assertEquals(5, dirty.at("/drops/seenByClients").asLong());
    assertEquals(40, dirty.at("/peakHeld/byClients").asLong(), "20 held by each shard");
    assertEquals(40, dirty.at("/peakHeld/byServer").asLong(), "the server's side, from shard 1");
    assertEquals(dirty.at("/clients/joined").asLong(), dirty.at("/server/connects").asLong(),
        "every connection of both shards, and only those, counted by the server");
    assertTrue(dirty.get("verdictLine").asText().contains("lifetimes ended badly, tolerance 1.0 %"),
        dirty.get("verdictLine").asText());
    assertTrue(dirty.get("notChecked").isEmpty(), dirty.get("notChecked").toString());

    assertEquals("PASS", clean.summary().get("verdict").asText(), clean.output());
    assertEquals(0, clean.exitCode(), clean.output());
    assertEquals(0, clean.summary().at("/drops/total").asLong(), "the first run's drops are not the second's");
    assertEquals(0, clean.summary().at("/server/disconnects/server-close").asLong());
    assertEquals(clean.summary().at("/clients/joined").asLong(), clean.summary().at("/server/connects").asLong(),
        "the server's connects of this run alone");
    assertEquals(40, clean.summary().at("/peakHeld/byServer").asLong(), "this run's peak, not the server's first");
    assertTrue(clean.summary().get("notChecked").isEmpty(), clean.summary().get("notChecked").toString());
    // what the agent saw is what a local run sees: the same fields, the port's sockets and the process's figures
    assertEquals(fields(dirty.get("server")), fields(clean.summary().get("server")));
    assertEquals(40, clean.maxOf("tcp_established"), "the port's sockets, counted on the server's host");
    assertTrue(clean.maxOf("rss_bytes") > 0 && clean.maxOf("open_fds") > 40, "its process");
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

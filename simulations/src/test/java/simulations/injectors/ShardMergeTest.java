package simulations.injectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.timeline.ServerSide;
import lab.timeline.TimelineColumns;
import lab.timeline.TimelineStats;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import simulations.clients.ClientCounts;
import simulations.clients.ClientSeries;
import simulations.report.Leaks;
import simulations.report.RunFacts;

/**
 * Two shards' folders, as two hand-started runs leave them, merged into one verdict: each shard saw only its own
 * clients' drops, the server all of them; only the merge sees the whole.
 */
class ShardMergeTest {

  private static final long T0 = 1_796_000_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A server that held 40 and closed {@code serverDrops} of them. */
  private static ServerSide server(long serverDrops) {
    Map<String, Long> disconnects = new LinkedHashMap<>(Map.of("client-left", 40L));
    disconnects.put("server-close", serverDrops);
    return new ServerSide(true, 40 + serverDrops, disconnects, Map.of("tls", 0L), Map.of("EMFILE", 0L), 40, 40,
        List.of(), List.of(new TimelineStats.Silence(T0 + 5000, T0 + 5500)), new TimelineStats.Peak(12, T0 + 8000),
        -1, 20_000, new TimelineStats.Peak(95, T0 + 9000), JSON.createObjectNode().put("connected", 0));
  }

  private static ClientCounts clients(long lifetimes, long drops, long ackMicros) {
    Histogram ack = new Histogram(600_000_000L, 3);
    ack.recordValueWithCount(ackMicros, 100);
    return new ClientCounts(lifetimes, lifetimes, lifetimes, lifetimes - drops, 20, 0, 0, Map.of("hold", drops),
        Map.of(), Map.of(), Map.of(), Map.of(), new Histogram(600_000_000L, 3), new Histogram(600_000_000L, 3), ack);
  }

  /** Shard {@code i} of 2: 20 held from 1 s to 21 s after T0 (shard 2's readings 50 ms off shard 1's). */
  private static Path shard(Path under, int i, long drops, ServerSide watched) throws Exception {
    Path dir = under.resolve("shard" + i);
    Files.createDirectories(dir);
    RunFacts facts = new RunFacts("SmokeSimulation", "wss://127.0.0.1:9010", T0 - 3000 + i, T0 + 1000, T0 + 21_000,
        20, 0, Duration.ofSeconds(2), watched != null, watched != null, Map.of("users", "20", "shard",
            i + "/2 (1 of the 2 batches, 20 connections), load from 2026-12-02T18:00:00Z"));
    ShardRun.Watched w = watched == null ? null : ShardRun.watched(watched,
        Map.of("connects", watched.connects(), "cpuSeconds", 2.5, "cpuSecondsPer1000Lifetimes", 100.0),
        Map.of("judged", false), List.of());
    new ShardRun(Shard.of(i + "/2"), facts, null, -1, true, null, List.of(Duration.ZERO, Duration.ofSeconds(2)), w)
        .write(dir.resolve(ShardRun.NAME));
    InjectorFile.write(dir.resolve(InjectorFile.NAME), i + "/2", clients(22 + i, drops, 10_000L * i));
    List<ClientSeries.Point> series = new ArrayList<>();
    for (long t = T0 + 1000 + 50 * (i - 1); t <= T0 + 21_000; t += 100) {
      series.add(new ClientSeries.Point(t, t < T0 + 2000 ? 10 : 20, 20, 0, 0, t > T0 + 10_000 ? drops : 0, 0));
    }
    ClientSeries.write(dir.resolve(ClientSeries.CSV), series);
    if (watched != null) {
      List<String> names = TimelineColumns.names();
      List<String> rows = new ArrayList<>(List.of(TimelineColumns.header()));
      for (int s = 0; s <= 22; s++) {
        String[] cells = new String[names.size()];
        java.util.Arrays.fill(cells, "0");
        cells[names.indexOf("time")] = Long.toString(T0 + s * 1000L);
        cells[names.indexOf("held")] = "7"; // this shard's own: the merge puts all of theirs
        rows.add(String.join(",", cells));
      }
      Files.write(dir.resolve("server-timeline.csv"), rows);
    }
    return dir;
  }

  private static JsonNode summary(ShardMerge.Merged merged) throws Exception {
    return JSON.readTree(merged.run().resolve("summary.json").toFile());
  }

  @Test
  void theDropsOfBothShardsAndTheServerSideOfShard1MakeOneVerdict(@TempDir Path dir) throws Exception {
    Path one = shard(dir, 1, 3, server(5));
    Path two = shard(dir, 2, 2, null);
    ShardMerge.Merged merged = ShardMerge.merge(List.of(two, one), dir.resolve("results"));
    JsonNode s = summary(merged);

    assertEquals("FAIL", s.get("verdict").asText(), s.toString());
    assertEquals(2, merged.verdict().exitCode());
    assertEquals("drops", s.at("/causes/0/cause").asText());
    assertEquals(5, s.at("/drops/total").asLong());
    assertEquals(5, s.at("/drops/seenByClients").asLong(), "3 seen by shard 1's clients, 2 by shard 2's");
    assertEquals(5, s.at("/drops/byReason/server-close").asLong());
    assertEquals(40, s.at("/plannedConnections").asLong());
    assertEquals(40, s.at("/peakHeld/byClients").asLong());
    assertEquals(40, s.at("/peakHeld/byServer").asLong());
    assertEquals(47, s.at("/lifetimes").asLong());
    assertEquals(200, s.at("/latency/ack/count").asLong(), "the histograms added up: " + s.at("/latency/ack"));
    assertEquals(20, s.at("/latency/ack/p99Ms").asDouble(), 0.1, "shard 2's acks at 20 ms: " + s.at("/latency/ack"));
    assertEquals(2.5 / 47 * 1000, s.at("/server/cpuSecondsPer1000Lifetimes").asDouble(), 0.01,
        "the server's cost over all the shards' lifetimes");
    assertEquals(T0 + 1000, s.at("/run/loadStartedAt").asLong());
    assertEquals("2 merged (2 given)", s.at("/config/shards").asText());
    assertTrue(s.at("/config/shard").isMissingNode());
    assertEquals(List.of("1/2", "2/2"), List.of(s.at("/injectors/0/shard").asText(), s.at("/injectors/1/shard").asText()));
    assertTrue(s.at("/injectors/0/watchedTheServer").asBoolean());
    assertTrue(Files.exists(merged.run().resolve("shard-1/shard.json")) && Files.exists(merged.run().resolve("shard-2/shard.json")),
        "each shard's folder inside");
    assertTrue(Files.exists(one.resolve(ShardRun.NAME)), "nothing of the shards' own folders moved");
    String index = Files.readString(merged.run().resolve("index.html"));
    assertTrue(index.contains("<a href=\"shard-2/summary.json\">") && index.contains("shard 2/2")
        && index.contains("FAIL: 5 drops"), "an index of the shards, where server.html's report link leads: " + index);

    List<String> timeline = Files.readAllLines(merged.run().resolve("server-timeline.csv"));
    int held = TimelineColumns.names().indexOf("held");
    assertEquals("40", timeline.get(11).split(",")[held], "10 s in: both shards' 20 held: " + timeline.get(11));
    assertEquals("0", timeline.get(1).split(",")[held], "before the load");
  }

  @Test
  void aDropNoShardSawAloneIsStillOneDropAndACleanMergePasses(@TempDir Path dir) throws Exception {
    JsonNode clean = summary(ShardMerge.merge(List.of(shard(dir.resolve("a"), 1, 0, server(0)),
        shard(dir.resolve("a"), 2, 0, null)), dir.resolve("results")));
    assertEquals("PASS", clean.get("verdict").asText(), clean.toString());
    assertEquals(0, clean.get("exitCode").asInt());

    // the server closed 4 connections that neither shard saw closed (a drop the clients missed)
    JsonNode missed = summary(ShardMerge.merge(List.of(shard(dir.resolve("b"), 1, 0, server(4)),
        shard(dir.resolve("b"), 2, 0, null)), dir.resolve("results")));
    assertEquals("FAIL", missed.get("verdict").asText(), missed.toString());
    assertEquals(4, missed.at("/drops/total").asLong());
  }

  @Test
  void aShardMissingFailsTheMergeNamingIt(@TempDir Path dir) throws Exception {
    JsonNode s = summary(ShardMerge.merge(List.of(shard(dir, 2, 0, null)), dir.resolve("results")));
    assertEquals("FAIL", s.get("verdict").asText());
    assertEquals("gatling-failed", s.at("/causes/0/cause").asText(), s.get("causes").toString());
    assertTrue(s.at("/causes/0/text").asText().contains("1/2: no folder given"), s.get("causes").toString());
    assertTrue(s.get("notChecked").toString().contains("/status"), "no server side without shard 1: " + s.get("notChecked"));
  }

  @Test
  void foldersThatAreNotOneRunsShardsAreRefusedNamingWhy(@TempDir Path dir) throws Exception {
    Path one = shard(dir, 1, 0, server(0));
    Path results = dir.resolve("results");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(List.of(one, one), results))
        .getMessage().startsWith("shard 1/2 given twice"));
    Path bare = Files.createDirectories(dir.resolve("bare"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(List.of(one, bare), results))
        .getMessage().contains("no shard.json"));
    Path three = dir.resolve("three");
    Files.createDirectories(three);
    for (String f : List.of(InjectorFile.NAME, ClientSeries.CSV)) {
      Files.copy(one.resolve(f), three.resolve(f));
    }
    Files.writeString(three.resolve(ShardRun.NAME), Files.readString(one.resolve(ShardRun.NAME)).replace("\"1/2\"", "\"2/3\""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(List.of(one, three), results))
        .getMessage().startsWith("shards of different runs"));
    Path other = shard(dir.resolve("other"), 2, 0, null);
    Files.writeString(other.resolve(ShardRun.NAME), Files.readString(other.resolve(ShardRun.NAME))
        .replace("\"users\" : \"20\"", "\"users\" : \"30\""));
    assertEquals("shards of different runs: users is \"20\" in " + one + ", \"30\" in " + other, assertThrows(
        IllegalArgumentException.class, () -> ShardMerge.merge(List.of(one, other), results)).getMessage());
    Path later = shard(dir.resolve("later"), 2, 0, null);
    Files.writeString(later.resolve(ShardRun.NAME), Files.readString(later.resolve(ShardRun.NAME))
        .replace("18:00:00Z", "19:00:00Z"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ShardMerge.merge(List.of(one, later), results))
        .getMessage().startsWith("shards of different runs: shard is \"load from 2026-12-02T18:00:00Z\""));
    assertTrue(!Files.exists(results) || Files.list(results).findAny().isEmpty(), "nothing written for a refused merge");
  }

  @Test
  void aShardsRecordComesBackWholeWithTheServersSide(@TempDir Path dir) throws Exception {
    ServerSide side = server(5);
    Leaks.Slope slope = new Leaks.Slope(new Leaks.Watch("rss_bytes", "server RSS", "MiB", 1 << 20, 32), 41.2, 600, 100, 140);
    RunFacts facts = new RunFacts("S", "wss://h:1", 1, 2, 3, 20, 1.5, Duration.ofSeconds(2), true, false, Map.of("a", "b"));
    new ShardRun(Shard.of("1/3"), facts, "SIGINT", 7, false, Duration.ofSeconds(20), List.of(Duration.ofSeconds(30)),
        ShardRun.watched(side, Map.of("connects", 45), Map.of("judged", true), List.of(slope))).write(dir.resolve("s.json"));
    ShardRun read = ShardRun.read(dir.resolve("s.json"));

    assertEquals(facts, read.facts());
    assertEquals("SIGINT", read.interruptedBy());
    assertEquals(Duration.ofSeconds(20), read.expectRecovery());
    assertEquals(List.of(Duration.ofSeconds(30)), read.batchStarts());
    assertEquals(side, read.watched().side());
    assertEquals(5, read.watched().side().drops());
    assertEquals(List.of(slope), read.watched().leaking());
    assertEquals(45, read.watched().server().get("connects").asInt());
    assertNull(ShardRun.read(shard(dir, 2, 0, null).resolve(ShardRun.NAME)).watched());
  }

  @Test
  void seriesOfSeveralInjectorsAddUpOnOneGrid() {
    List<ClientSeries.Point> a = List.of(new ClientSeries.Point(1000, 5, 5, 0, 0, 0, 0),
        new ClientSeries.Point(1100, 6, 6, 0, 0, 1, 0));
    List<ClientSeries.Point> b = List.of(new ClientSeries.Point(1050, 10, 10, 2, 0, 0, 3),
        new ClientSeries.Point(1250, 11, 11, 2, 0, 0, 3));
    List<ClientSeries.Point> sum = ClientSeries.sum(List.of(a, b));

    assertEquals(List.of(new ClientSeries.Point(1000, 5, 5, 0, 0, 0, 0), new ClientSeries.Point(1100, 16, 16, 2, 0, 1, 3),
        new ClientSeries.Point(1200, 16, 16, 2, 0, 1, 3), new ClientSeries.Point(1250, 17, 17, 2, 0, 1, 3)), sum);
  }
}

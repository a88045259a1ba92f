package simulations.injectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.timeline.ServerSide;
import simulations.report.Leaks;
import simulations.report.RunFacts;

/**
 * What a hand-started shard's run ({@code -Dshard=i/N}) leaves in its folder for the merge of all the shards
 * ({@code shard.json}, beside its {@code injector.json} and {@code client-series.csv}): its facts and how it ended,
 * what the verdict expects, and, from shard 1, which watches the server for all of them, the server's side.
 *
 * @param shard          {@code i/N}
 * @param facts          its facts (its planned connections are its share)
 * @param interruptedBy  the signal that stopped it early, or null
 * @param interruptedAt  when, epoch ms; -1 if not
 * @param gatlingFinished its Gatling ran the load to its end and wrote its report
 * @param expectRecovery {@code -Dexpect=recovery:D}, or null
 * @param batchStarts    when each batch of the whole profile starts, after the load's start
 * @param watched        the server's side as shard 1 saw it; null from the other shards
 */
public record ShardRun(Shard shard, RunFacts facts, String interruptedBy, long interruptedAt, boolean gatlingFinished,
    Duration expectRecovery, List<Duration> batchStarts, Watched watched) {

  public static final String NAME = "shard.json";

  /**
   * The server's side of the whole run, from the shard that watched it.
   *
   * @param side    what the verdict judges
   * @param server  summary.json's {@code server} section as that shard saw it
   * @param leaks   summary.json's {@code leaks} section (the server's memory, files and threads through the run)
   * @param leaking the growths over their thresholds
   */
  public record Watched(ServerSide side, JsonNode server, JsonNode leaks, List<Leaks.Slope> leaking) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public static Watched watched(ServerSide side, Map<String, Object> server, Map<String, Object> leaks,
      List<Leaks.Slope> leaking) {
    return new Watched(side, JSON.valueToTree(server), JSON.valueToTree(leaks), leaking);
  }

  public void write(Path file) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("shard", shard.toString());
    ObjectNode f = n.putObject("facts");
    f.put("simulation", facts.simulation());
    f.put("target", facts.target());
    f.put("startedAt", facts.startedAt());
    f.put("loadStartedAt", facts.loadStartedAt());
    f.put("loadEndsAt", facts.loadEndsAt());
    f.put("plannedConnections", facts.plannedConnections());
    f.put("tolerancePercent", facts.tolerancePercent());
    f.put("ackTimeoutMs", facts.ackTimeout().toMillis());
    f.put("serverLocal", facts.serverLocal());
    f.put("pidKnown", facts.pidKnown());
    f.set("config", JSON.valueToTree(facts.config()));
    n.put("interruptedBy", interruptedBy);
    n.put("interruptedAt", interruptedAt);
    n.put("gatlingFinished", gatlingFinished);
    n.set("expectRecoveryMs", expectRecovery == null ? null : JSON.valueToTree(expectRecovery.toMillis()));
    n.set("batchStartsMs", JSON.valueToTree(batchStarts.stream().map(Duration::toMillis).toList()));
    if (watched != null) {
      ObjectNode w = n.putObject("watched");
      w.set("side", JSON.valueToTree(watched.side()));
      w.set("server", watched.server());
      w.set("leaks", watched.leaks());
      w.set("leaking", JSON.valueToTree(watched.leaking()));
    }
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
  }

  public static ShardRun read(Path file) throws IOException {
    JsonNode n = JSON.readTree(file.toFile());
    try {
      JsonNode f = n.path("facts");
      Map<String, String> config = new LinkedHashMap<>();
      f.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      RunFacts facts = new RunFacts(f.path("simulation").asText(), f.path("target").asText(),
          f.path("startedAt").asLong(), f.path("loadStartedAt").asLong(), f.path("loadEndsAt").asLong(),
          f.path("plannedConnections").asInt(), f.path("tolerancePercent").asDouble(),
          Duration.ofMillis(f.path("ackTimeoutMs").asLong()), f.path("serverLocal").asBoolean(),
          f.path("pidKnown").asBoolean(), config);
      List<Duration> starts = new ArrayList<>();
      n.path("batchStartsMs").forEach(s -> starts.add(Duration.ofMillis(s.asLong())));
      JsonNode w = n.path("watched");
      Watched watched = w.isObject() ? new Watched(JSON.treeToValue(w.path("side"), ServerSide.class),
          w.path("server"), w.path("leaks"), Arrays.asList(JSON.treeToValue(w.path("leaking"), Leaks.Slope[].class)))
          : null;
      return new ShardRun(Shard.of(n.path("shard").asText()), facts,
          n.path("interruptedBy").isNull() ? null : n.path("interruptedBy").asText(), n.path("interruptedAt").asLong(),
          n.path("gatlingFinished").asBoolean(), n.path("expectRecoveryMs").isNumber()
              ? Duration.ofMillis(n.path("expectRecoveryMs").asLong()) : null, starts, watched);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + ": not a shard's record this version can read: " + e.getMessage(), e);
    }
  }
}

package simulations;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import lab.config.PropertyReader;
import org.HdrHistogram.Histogram;

/**
 * Watches a stepped run once a second and says when the server broke: the first level (connections held)
 * at which unexpected disconnects, failed connects or the ping ack p99 crossed their thresholds.
 */
public final class BreakingPointWatch {

  /** Thresholds: more than this is broken. */
  public record Thresholds(long drops, long failedConnects, Duration pingP99) {
    static Thresholds fromSystemProperties() {
      PropertyReader p = PropertyReader.system();
      return new Thresholds(
          p.integer("break.drops", 0, 0, Integer.MAX_VALUE),
          p.integer("break.failedConnects", 0, 0, Integer.MAX_VALUE),
          p.duration("break.pingP99", Duration.ofSeconds(1), Duration.ofMillis(1), Duration.ofMinutes(10)));
    }
  }

  /** Pings needed at a level before its p99 is believed. */
  private static final long MIN_PINGS = 100;

  private final ChurnConfig config;
  private final Thresholds thresholds;
  private final LiveTally tally;
  private final Supplier<JsonNode> serverStatus;
  private final List<Map<String, Object>> levels = new ArrayList<>();
  private Histogram levelAcks = new Histogram(3);
  private int level;
  private long levelStartedAt;
  private long dropsBefore;
  private long failedConnectsBefore;
  private volatile String brokeBecause;
  private volatile int brokeAtConnections = -1;

  public BreakingPointWatch(ChurnConfig config, Thresholds thresholds, LiveTally tally, Supplier<JsonNode> serverStatus) {
    this.config = config;
    this.thresholds = thresholds;
    this.tally = tally;
    this.serverStatus = serverStatus;
  }

  /** Called once a second with the time since the load started. */
  public synchronized void check(long sinceStartMillis) {
    if (brokeBecause != null) {
      return; // the load is stopping: what follows is not the server's behaviour at a level
    }
    int current = (int) Math.min(config.batches, sinceStartMillis / Math.max(1, config.stagger.toMillis()) + 1);
    if (current != level) {
      closeLevel();
      level = current;
      levelStartedAt = System.currentTimeMillis();
      levelAcks = new Histogram(3);
      dropsBefore = drops();
      failedConnectsBefore = failedConnects();
    }
    levelAcks.add(tally.ackTimesSinceLastCall());
    long drops = drops() - dropsBefore;
    long failedConnects = failedConnects() - failedConnectsBefore;
    long p99Micros = levelAcks.getTotalCount() >= MIN_PINGS ? levelAcks.getValueAtPercentile(99) : 0;
    String cause = null;
    if (drops > thresholds.drops()) {
      cause = drops + " unexpected disconnects (threshold " + thresholds.drops() + ")";
    } else if (failedConnects > thresholds.failedConnects()) {
      cause = failedConnects + " failed connects (threshold " + thresholds.failedConnects() + ")";
    } else if (p99Micros > thresholds.pingP99().toNanos() / 1000) {
      cause = "ping ack p99 " + p99Micros / 1000 + " ms (threshold " + thresholds.pingP99().toMillis() + " ms)";
    }
    if (cause != null) {
      brokeAtConnections = level * config.users;
      brokeBecause = cause;
      closeLevel();
      System.out.println("breaking point: broke at " + brokeAtConnections + " connections: " + cause);
    }
  }

  public boolean broken() {
    return brokeBecause != null;
  }

  public String reason() {
    return "broke at " + brokeAtConnections + " connections: " + brokeBecause;
  }

  /** The verdict line of the run. */
  public synchronized String headline() {
    return broken() ? "BROKE at " + brokeAtConnections + " connections: " + brokeBecause
        : "HELD up to " + level * config.users + " connections: no threshold crossed";
  }

  /** For summary.json: where it broke, what broke first, and each level's figures. */
  public synchronized Map<String, Object> summary() {
    closeLevel();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("broke", broken());
    m.put("brokeAtConnections", broken() ? brokeAtConnections : null);
    m.put("firstCause", brokeBecause);
    m.put("heldUpTo", broken() ? (brokeAtConnections - config.users) : level * config.users);
    m.put("thresholds", Map.of("drops", thresholds.drops(), "failedConnects", thresholds.failedConnects(),
        "pingP99Ms", thresholds.pingP99().toMillis()));
    m.put("levels", levels);
    return m;
  }

  private void closeLevel() {
    if (level == 0 || levelStartedAt == 0) {
      return;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("connections", level * config.users);
    row.put("startedAt", levelStartedAt);
    row.put("pings", levelAcks.getTotalCount());
    row.put("pingP50Ms", levelAcks.getTotalCount() == 0 ? null : levelAcks.getValueAtPercentile(50) / 1000.0);
    row.put("pingP99Ms", levelAcks.getTotalCount() == 0 ? null : levelAcks.getValueAtPercentile(99) / 1000.0);
    row.put("drops", drops() - dropsBefore);
    row.put("failedConnects", failedConnects() - failedConnectsBefore);
    levels.add(row);
    levelStartedAt = 0;
  }

  /** Drops as the server counted them when it tells, else as the clients saw them. */
  private long drops() {
    JsonNode status = serverStatus.get();
    long server = status == null ? 0 : status.path("unexpectedDisconnects").asLong(0);
    return Math.max(server, tally.failures("ping"));
  }

  private long failedConnects() {
    return tally.failures("connect") + tally.failures("namespace");
  }
}

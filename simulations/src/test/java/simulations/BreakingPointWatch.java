package simulations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import lab.timeline.ServerSide;
import org.HdrHistogram.Histogram;
import simulations.clients.ClientTally;

/**
 * Watches a stepped run once a second and says when the server broke: the first batch (connections held) at
 * which drops, failed connects, late answers or the ack p99 crossed their thresholds. Late answers count because
 * a server that stops answering gives no acks at all, and so no p99 to cross.
 */
public final class BreakingPointWatch {

  /** Acks needed in a batch before its p99 is believed. */
  private static final long MIN_ACKS = 100;

  private final ChurnConfig config;
  private final ClientTally tally;
  private final Supplier<ServerSide> server;
  private final List<Map<String, Object>> batches = new ArrayList<>();
  private Histogram batchAcks = new Histogram(3);
  private int batch;
  private long batchStartedAt;
  private long dropsBefore;
  private long failedConnectsBefore;
  private long lateAnswersBefore;
  private volatile String brokeBecause;
  private volatile int brokeAtConnections = -1;

  public BreakingPointWatch(ChurnConfig config, ClientTally tally, Supplier<ServerSide> server) {
    this.config = config;
    this.tally = tally;
    this.server = server;
  }

  /** Called once a second with the time since the load started. */
  public synchronized void check(long sinceStartMillis) {
    if (brokeBecause != null) {
      return; // the load is stopping: what follows is not the server's behaviour at a batch
    }
    int current = (int) Math.min(config.batches, sinceStartMillis / Math.max(1, config.stagger.toMillis()) + 1);
    if (current != batch) {
      closeBatch();
      batch = current;
      batchStartedAt = System.currentTimeMillis();
      batchAcks = new Histogram(3);
      dropsBefore = drops();
      failedConnectsBefore = tally.failedConnects();
      lateAnswersBefore = tally.lateAnswers();
    }
    batchAcks.add(tally.ackTimes().sinceLastCall());
    String cause = cause(drops() - dropsBefore, tally.failedConnects() - failedConnectsBefore,
        tally.lateAnswers() - lateAnswersBefore, batchAcks.getTotalCount() >= MIN_ACKS ? batchAcks.getValueAtPercentile(99) : 0);
    if (cause != null) {
      brokeAtConnections = batch * config.users;
      brokeBecause = cause;
      closeBatch();
      System.out.println("breaking point: broke at " + brokeAtConnections + " connections: " + cause);
    }
  }

  /** What crossed its threshold first, or null: drops, then failed connects, then late answers, then the ack p99. */
  String cause(long drops, long failedConnects, long lateAnswers, long ackP99Micros) {
    if (drops > config.breakDrops) {
      return drops + " drops (threshold " + config.breakDrops + ")";
    }
    if (failedConnects > config.breakFailedConnects) {
      return failedConnects + " failed connects (threshold " + config.breakFailedConnects + ")";
    }
    if (lateAnswers > config.breakLateAnswers) {
      return lateAnswers + " late answers (threshold " + config.breakLateAnswers + ")";
    }
    if (ackP99Micros > config.breakAckP99.toNanos() / 1000) {
      return "ack p99 " + ackP99Micros / 1000 + " ms (threshold " + config.breakAckP99.toMillis() + " ms)";
    }
    return null;
  }

  public boolean broken() {
    return brokeBecause != null;
  }

  public String reason() {
    return "broke at " + brokeAtConnections + " connections: " + brokeBecause;
  }

  /** The finding, "BROKE at ..." or "HELD up to ...". */
  public synchronized String finding() {
    return broken() ? "BROKE at " + brokeAtConnections + " connections: " + brokeBecause
        : "HELD up to " + heldUpTo() + " connections: no threshold crossed";
  }

  /** The most connections held before it broke (or to the end). */
  public synchronized int heldUpTo() {
    return broken() ? brokeAtConnections - config.users : batch * config.users;
  }

  /** For summary.json: where it broke, what broke first, and each batch's figures. */
  public synchronized Map<String, Object> summary() {
    closeBatch();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("broke", broken());
    m.put("brokeAtConnections", broken() ? brokeAtConnections : null);
    m.put("firstCause", brokeBecause);
    m.put("heldUpTo", heldUpTo());
    m.put("thresholds", Map.of("drops", config.breakDrops, "failedConnects", config.breakFailedConnects,
        "lateAnswers", config.breakLateAnswers, "ackP99Ms", config.breakAckP99.toMillis()));
    m.put("batches", batches);
    return m;
  }

  private void closeBatch() {
    if (batch == 0 || batchStartedAt == 0) {
      return;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("connections", batch * config.users);
    row.put("startedAt", batchStartedAt);
    row.put("acks", batchAcks.getTotalCount());
    row.put("ackP50Ms", batchAcks.getTotalCount() == 0 ? null : batchAcks.getValueAtPercentile(50) / 1000.0);
    row.put("ackP99Ms", batchAcks.getTotalCount() == 0 ? null : batchAcks.getValueAtPercentile(99) / 1000.0);
    row.put("drops", drops() - dropsBefore);
    row.put("failedConnects", tally.failedConnects() - failedConnectsBefore);
    row.put("lateAnswers", tally.lateAnswers() - lateAnswersBefore);
    batches.add(row);
    batchStartedAt = 0;
  }

  /** Drops as the server counted them during the run when it tells, else as the clients saw them. */
  private long drops() {
    Long byServer = server.get().drops();
    return Math.max(byServer == null ? 0 : byServer, tally.drops());
  }
}

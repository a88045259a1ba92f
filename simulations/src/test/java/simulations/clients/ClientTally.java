package simulations.clients;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients (every virtual user of this injector) saw, counted by the steps themselves as it happens:
 * lifetimes started and completed, connections held, drops, late and wrong answers, failed connects by stage,
 * and response times. The source of every client-side figure of the report; nothing is read back from Gatling's.
 */
public final class ClientTally {

  /** What a connection is waiting for, to tell at the end of the run what was never answered. */
  private record Waiting(String request, long sinceNanos, long timeoutNanos) {}

  private final LongAdder lifetimes = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final LongAdder joined = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder reconnectAttempts = new LongAdder();
  private final LongAdder failedReconnects = new LongAdder();
  private final LongAdder failedBeforeOpen = new LongAdder();
  private final Map<Stage, LongAdder> failedAfterOpen = new EnumMap<>(Stage.class);
  private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> lateAnswers = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> wrongAnswers = new ConcurrentHashMap<>();
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong peakHeld = new AtomicLong();
  private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
  private final ConnectFailures connectFailures;
  private final Latency connectTimes = new Latency();
  private final Latency joinTimes = new Latency();
  private final Latency ackTimes = new Latency();
  /** Once the run has ended (or was interrupted), what the teardown does to connections is not the server's doing. */
  private volatile boolean ended;

  /** @param connectFailures why connects failed before the websocket opened (Gatling's own view of it) */
  public ClientTally(ConnectFailures connectFailures) {
    this.connectFailures = connectFailures;
    failedAfterOpen.put(Stage.OPEN_PACKET, new LongAdder());
    failedAfterOpen.put(Stage.NAMESPACE, new LongAdder());
  }

  public void lifetimeStarted() {
    lifetimes.increment();
  }

  /** A connection comes back by itself (-Dreconnect=backoff): this connect is a reconnect attempt. */
  public void reconnectAttempted() {
    reconnectAttempts.increment();
  }

  /** A reconnect attempt that did not get the connection joined. */
  public void reconnectFailed() {
    countAgainstTheServer(failedReconnects);
  }

  public long reconnectAttempts() {
    return reconnectAttempts.sum();
  }

  public long failedReconnects() {
    return failedReconnects.sum();
  }

  /** The open packet came, {@code nanos} after the connect began. */
  public void opened(long nanos) {
    opened.increment();
    connectTimes.record(nanos);
  }

  /** The namespace answered {@code 40}: the connection is held from now on. */
  public void joinedNow() {
    joined.increment();
    peakHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
  }

  /** How long the namespace's answer took, once the step is over. */
  public void joinTime(long nanos) {
    joinTimes.record(nanos);
  }

  public void acked(long nanos) {
    ackTimes.record(nanos);
  }

  /** The connect failed before the websocket opened (TCP, TLS or upgrade: {@link ConnectFailures} says which). */
  public void failedToOpen() {
    countAgainstTheServer(failedBeforeOpen);
  }

  /** The connection stopped at the open packet or at the namespace. */
  public void failedToJoin(Stage stage) {
    countAgainstTheServer(failedAfterOpen.get(stage));
  }

  /** The connection was gone when the client used it next (at {@code request}). */
  public void dropped(String request, boolean wasHeld) {
    countAgainstTheServer(drops, request);
    released(wasHeld);
  }

  /** {@code request} was not answered within its timeout: the client gave up and left. */
  public void lateAnswer(String request, boolean wasHeld) {
    countAgainstTheServer(lateAnswers, request);
    released(wasHeld);
  }

  /** {@code request} was answered with something else than the protocol expects; the client left. */
  public void wrongAnswer(String request, boolean wasHeld) {
    countAgainstTheServer(wrongAnswers, request);
    released(wasHeld);
  }

  /** The connection lived its whole life and left with {@code 41}. */
  public void completed() {
    completed.increment();
    released(true);
  }

  /** A failure of the server's, unless the run has ended: then stopping it and the clients caused it. */
  private void countAgainstTheServer(LongAdder counter) {
    if (!ended) {
      counter.increment();
    }
  }

  private void countAgainstTheServer(Map<String, LongAdder> byRequest, String request) {
    if (!ended) {
      byRequest.computeIfAbsent(request, r -> new LongAdder()).increment();
    }
  }

  private void released(boolean wasHeld) {
    if (wasHeld) {
      held.decrementAndGet();
    }
  }

  /** User {@code user} now waits for the answer to {@code request}, for at most {@code timeout}. */
  public void waiting(long user, String request, Duration timeout) {
    waiting.put(user, new Waiting(request, System.nanoTime(), timeout.toNanos()));
  }

  public void answered(long user) {
    waiting.remove(user);
  }

  /**
   * At the end of the run, or when it is interrupted: Gatling stops at its maxDuration without failing what is
   * still awaited, so what has waited longer than its timeout by then is counted here as a late answer. From
   * now on nothing is counted against the server: stopping it and the clients makes drops and failed connects
   * of our own.
   */
  public void runEnded() {
    if (ended) {
      return;
    }
    ended = true;
    connectFailures.runEnded();
    long now = System.nanoTime();
    waiting.values().removeIf(w -> {
      if (now - w.sinceNanos() >= w.timeoutNanos()) {
        lateAnswers.computeIfAbsent(w.request() + " (unanswered at the end)", r -> new LongAdder()).increment();
        return true;
      }
      return false;
    });
  }

  public long held() {
    return held.get();
  }

  public Latency ackTimes() {
    return ackTimes;
  }

  /** Drops so far, wherever seen. */
  public long drops() {
    return sum(drops);
  }

  /** Connections that joined so far. */
  public long joinedSoFar() {
    return joined.sum();
  }

  /** Requests not answered within their timeout so far. */
  public long lateAnswers() {
    return lateAnswers.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Failed connects so far, at any stage. */
  public long failedConnects() {
    return failedBeforeOpen.sum() + failedAfterOpen.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Everything counted so far, as plain values. */
  public ClientCounts counts() {
    Map<String, Long> stages = new LinkedHashMap<>();
    long classified = 0;
    for (Stage s : new Stage[] {Stage.TCP, Stage.TLS, Stage.WEBSOCKET}) {
      long n = connectFailures.count(s);
      stages.put(s.label, n);
      classified += n;
    }
    // what Gatling failed without telling why (there should be none) stays apart rather than guessed
    long unexplained = Math.max(0, failedBeforeOpen.sum() - classified);
    if (unexplained > 0) {
      stages.put("unknown", unexplained);
    }
    failedAfterOpen.forEach((s, n) -> stages.put(s.label, n.sum()));
    return new ClientCounts(lifetimes.sum(), opened.sum(), joined.sum(), completed.sum(), peakHeld.get(),
        reconnectAttempts.sum(), failedReconnects.sum(),
        values(drops), values(lateAnswers), values(wrongAnswers), stages, connectFailures.errors(),
        connectTimes.total(), joinTimes.total(), ackTimes.total());
  }

  private static Map<String, Long> values(Map<String, LongAdder> m) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(), e.getValue().sum()));
    return out;
  }

  private static long sum(Map<String, LongAdder> m) {
    return m.values().stream().mapToLong(LongAdder::sum).sum();
  }
}

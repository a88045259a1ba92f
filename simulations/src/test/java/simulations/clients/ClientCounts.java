package simulations.clients;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the clients of one injector counted, as plain values (see {@link ClientTally}); histograms in µs.
 *
 * @param lifetimes      connections started (each connect attempt begins one)
 * @param opened         connections whose websocket opened with Engine.IO's open packet
 * @param joined         connections that joined their namespace: held from then on
 * @param completed      connections that lived their whole life and left with {@code 41}
 * @param peakHeld       the most connections held at once
 * @param reconnectAttempts connects of connections that came back by themselves (-Dreconnect=backoff)
 * @param failedReconnects  those that did not get the connection joined
 * @param drops          connections found gone, by the request that found it
 * @param lateAnswers    requests not answered in time, by request
 * @param wrongAnswers   requests answered with something else than expected, by request
 * @param failedConnects connections that never joined, by stage
 * @param connectErrors  why connects failed before the websocket opened, by error
 */
public record ClientCounts(long lifetimes, long opened, long joined, long completed, long peakHeld,
    long reconnectAttempts, long failedReconnects,
    Map<String, Long> drops, Map<String, Long> lateAnswers, Map<String, Long> wrongAnswers,
    Map<String, Long> failedConnects, Map<String, Long> connectErrors,
    Histogram connectTimes, Histogram joinTimes, Histogram ackTimes) {

  public long totalDrops() {
    return sum(drops);
  }

  public long totalLateAnswers() {
    return sum(lateAnswers);
  }

  public long totalWrongAnswers() {
    return sum(wrongAnswers);
  }

  public long totalFailedConnects() {
    return sum(failedConnects);
  }

  /**
   * These counts and {@code other}'s, as one injector would have counted both: counters and histograms added; the
   * peak is the sum of the peaks, which is the peak of the sum when every injector holds its share at once.
   */
  public ClientCounts plus(ClientCounts other) {
    return new ClientCounts(lifetimes + other.lifetimes, opened + other.opened, joined + other.joined,
        completed + other.completed, peakHeld + other.peakHeld, reconnectAttempts + other.reconnectAttempts,
        failedReconnects + other.failedReconnects, plus(drops, other.drops), plus(lateAnswers, other.lateAnswers),
        plus(wrongAnswers, other.wrongAnswers), plus(failedConnects, other.failedConnects),
        plus(connectErrors, other.connectErrors), plus(connectTimes, other.connectTimes),
        plus(joinTimes, other.joinTimes), plus(ackTimes, other.ackTimes));
  }

  private static Map<String, Long> plus(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> m = new LinkedHashMap<>(a);
    b.forEach((k, v) -> m.merge(k, v, Long::sum));
    return m;
  }

  private static Histogram plus(Histogram a, Histogram b) {
    Histogram h = a.copy();
    h.add(b);
    return h;
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }
}

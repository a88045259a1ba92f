package lab.timeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Differences between successive readings of a server's counters: what happened between two answers. A
 * server that restarted (another pid or start time, or a counter that went back) counts from zero again, so
 * its first answer's counters are all new. The first answer of all is the baseline: nothing before it belongs
 * to this run. A server that answers with only {@code {"connected":N}} has no counters, and no deltas.
 */
public final class CounterDeltas {

  /** What happened since the previous answer; {@code restarted} when the server is not the one that answered before. */
  public record Deltas(Map<String, Long> values, boolean restarted) {
    public Long get(String key) {
      return values.get(key);
    }

    /** The sum of the counters under {@code prefix.}, or null when none was reported. */
    public Long sum(String prefix) {
      Long sum = null;
      for (Map.Entry<String, Long> e : values.entrySet()) {
        if (e.getKey().startsWith(prefix + ".")) {
          sum = (sum == null ? 0 : sum) + e.getValue();
        }
      }
      return sum;
    }
  }

  private static final Deltas NONE = new Deltas(Map.of(), false);

  private ServerCounters previous;

  /** The deltas from the previous reading to {@code now}; empty for the first reading. */
  public Deltas next(ServerCounters now) {
    ServerCounters before = previous;
    previous = now;
    if (before == null) {
      return NONE;
    }
    boolean restarted = now.identity() != null && before.identity() != null && !now.identity().equals(before.identity());
    for (Map.Entry<String, Long> e : now.values().entrySet()) {
      Long was = before.get(e.getKey());
      restarted |= was != null && e.getValue() < was;
    }
    Map<String, Long> deltas = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : now.values().entrySet()) {
      Long was = before.get(e.getKey());
      // a counter seen for the first time was zero before (Node's server adds a reason when it first happens)
      deltas.put(e.getKey(), restarted || was == null ? e.getValue() : e.getValue() - was);
    }
    return new Deltas(deltas, restarted);
  }
}

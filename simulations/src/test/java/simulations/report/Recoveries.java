package simulations.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import simulations.clients.ClientSeries;

/**
 * How the connections came back after each event that lost them: a restart (known to the run, or seen by the
 * timeline) or a mass loss the clients saw (half of what they held gone within a second). Measured on the
 * clients' series, a tenth of a second apart: how many were lost, how many came back, and how long it took
 * until half, 95 % and all of them were held again.
 */
public final class Recoveries {

  /**
   * One event and its recovery; times in ms from the event, null when never reached before the run ended.
   *
   * @param at       when the connections were lost (epoch ms)
   * @param cause    what was lost: "restart" or "mass loss"
   * @param before   connections held just before
   * @param lost     how many of them went
   * @param recovered how many of the lost came back
   */
  public record Recovery(long at, String cause, long before, long lost, long recovered, Long timeTo50PercentMs,
      Long timeTo95PercentMs, Long timeTo100PercentMs, long reconnectAttempts, long failedAttempts,
      long peakConnectsPerSecond, long dropsDuring, long failedConnectsDuring) {

    /** When it ended: all back, or the end of the run. */
    public long until(long runEnd) {
      return timeTo100PercentMs == null ? runEnd : at + timeTo100PercentMs;
    }

    public Map<String, Object> json(RunFacts facts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("at", at);
      m.put("secondsIn", facts.secondsIn(at));
      m.put("cause", cause);
      m.put("heldBefore", before);
      m.put("lost", lost);
      m.put("recovered", recovered);
      m.put("timeTo50PercentMs", timeTo50PercentMs);
      m.put("timeTo95PercentMs", timeTo95PercentMs);
      m.put("timeTo100PercentMs", timeTo100PercentMs);
      m.put("reconnectAttempts", reconnectAttempts);
      m.put("failedAttempts", failedAttempts);
      m.put("peakConnectsPerSecond", peakConnectsPerSecond);
      m.put("dropsDuring", dropsDuring);
      m.put("failedConnectsDuring", failedConnectsDuring);
      return m;
    }
  }

  /** Fewer connections than this are no mass to lose. */
  private static final long MIN_HELD = 10;
  /** A mass loss: at least half of what was held, gone within this long, as drops. */
  private static final long LOSS_WINDOW_MILLIS = 1000;
  /** An event's drops and failed connects are counted from this long before it until this long after its end. */
  private static final long MARGIN_MILLIS = 1000;

  private Recoveries() {}

  /**
   * The recoveries of a run.
   *
   * @param series   the clients' series
   * @param restarts when the run restarted the server (epoch ms); mass losses are found besides
   * @param seen     when the timeline saw another server process answer (after the loss): a mass loss in the
   *                 minute before it is named a restart
   * @param loadEnd  when every connection was to leave: nothing after it is a loss
   */
  public static List<Recovery> of(List<ClientSeries.Point> series, List<Long> restarts, List<Long> seen, long loadEnd) {
    List<Long> events = new ArrayList<>();
    List<String> causes = new ArrayList<>();
    for (long restart : restarts) {
      // the loss began at the last reading before the held count fell, around the restart
      events.add(lossStart(series, restart));
      causes.add("restart");
    }
    int ahead = 0; // the last reading within a loss window after point i
    for (int i = 0; i < series.size(); i++) {
      ClientSeries.Point p = series.get(i);
      while (ahead < series.size() - 1 && series.get(ahead + 1).time() <= p.time() + LOSS_WINDOW_MILLIS) {
        ahead++;
      }
      if (p.time() >= loadEnd || p.held() < MIN_HELD || ahead <= i) {
        continue;
      }
      if (series.get(ahead).drops() - p.drops() < (p.held() + 1) / 2) {
        continue;
      }
      int last = i; // the last reading before the drops began
      while (last < ahead && series.get(last + 1).drops() == p.drops()) {
        last++;
      }
      long at = series.get(last).time();
      if (at < loadEnd && events.stream().noneMatch(e -> Math.abs(e - at) < 10_000)) {
        events.add(at);
        causes.add("mass loss");
      }
    }
    for (long answered : seen) {
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i) <= answered && answered - events.get(i) < 60_000) {
          causes.set(i, "restart");
        }
      }
    }
    List<Recovery> recoveries = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      recoveries.add(measure(series, events.get(i), causes.get(i), loadEnd));
    }
    recoveries.sort((a, b) -> Long.compare(a.at(), b.at()));
    return recoveries;
  }

  private static Recovery measure(List<ClientSeries.Point> series, long at, String cause, long loadEnd) {
    int first = 0; // the last reading at or before the event
    while (first < series.size() - 1 && series.get(first + 1).time() <= at) {
      first++;
    }
    if (series.isEmpty() || series.get(first).time() > at) {
      return new Recovery(at, cause, 0, 0, 0, null, null, null, 0, 0, 0, 0, 0);
    }
    ClientSeries.Point start = series.get(first);
    long before = start.held();
    long lowest = before;
    long lowestAt = at;
    Long t50 = null;
    Long t95 = null;
    Long t100 = null;
    long peakConnects = 0;
    ClientSeries.Point end = start;
    int behind = first; // the first reading within the second before point i
    for (int i = first + 1; i < series.size() && series.get(i).time() <= loadEnd; i++) {
      ClientSeries.Point p = series.get(i);
      end = p;
      while (series.get(behind).time() < p.time() - 1000) {
        behind++;
      }
      if (p.time() - series.get(behind).time() >= 900) {
        peakConnects = Math.max(peakConnects, p.joined() - series.get(behind).joined());
      }
      if (p.held() < lowest) {
        lowest = p.held();
        lowestAt = p.time();
        t50 = null;
        t95 = null; // a loss still going on: recovery counts from its deepest point on
      }
      if (lowest < before && p.time() > lowestAt) {
        long lost = before - lowest;
        long back = p.held() - lowest;
        if (t50 == null && back * 2 >= lost) {
          t50 = p.time() - at;
        }
        if (t95 == null && back * 100 >= lost * 95) {
          t95 = p.time() - at;
        }
        if (back >= lost) {
          t100 = p.time() - at;
          break;
        }
      }
    }
    long lost = before - lowest;
    long recovered = Math.min(lost, Math.max(0, end.held() - lowest));
    if (lost == 0) {
      t50 = t95 = t100 = 0L;
    }
    // what the event cost, counted with a second's margin either side: a client that notices its loss a little
    // before the held count shows it, or after the others are back, is still part of the event
    ClientSeries.Point from = readingAt(series, at - MARGIN_MILLIS);
    ClientSeries.Point to = readingAt(series, Math.min(loadEnd, (t100 == null ? loadEnd : at + t100) + MARGIN_MILLIS));
    return new Recovery(at, cause, before, lost, recovered, t50, t95, t100,
        end.reconnectAttempts() - start.reconnectAttempts(), end.failedReconnects() - start.failedReconnects(),
        peakConnects, to.drops() - from.drops(), to.failedConnects() - from.failedConnects());
  }

  /** The last reading at or before {@code time}, or the first one. */
  private static ClientSeries.Point readingAt(List<ClientSeries.Point> series, long time) {
    ClientSeries.Point found = series.get(0);
    for (ClientSeries.Point p : series) {
      if (p.time() > time) {
        break;
      }
      found = p;
    }
    return found;
  }

  /** The last reading before the held count started to fall around {@code restart} (up to 5 s before it). */
  private static long lossStart(List<ClientSeries.Point> series, long restart) {
    ClientSeries.Point previous = null;
    for (ClientSeries.Point p : series) {
      if (p.time() < restart - 5000) {
        continue;
      }
      if (p.time() > restart + 1000) {
        break;
      }
      if (previous != null && p.held() < previous.held()) {
        return previous.time();
      }
      previous = p;
    }
    return restart;
  }
}

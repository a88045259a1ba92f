package simulations.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.timeline.TimelineStats;

/**
 * The verdict of a run and the figures behind it, from both sides: Gatling's report (what the clients saw)
 * and the server's timeline (what the server counted). PASS means every connection was held for its whole
 * life: no unexpected disconnect, no failed connect, no failed request, within -Dtolerance.
 */
public final class RunSummary {

  /** Gatling's requests that fail when a connection cannot be opened or joined. */
  static final String[] CONNECT_STEPS = {"connect", "connect: open packet", "namespace", "namespace: ack"};
  /** Gatling's requests that fail when an open connection was lost: the drops as the clients saw them. */
  static final String[] HELD_STEPS = {"ping", "ping: ack", "leave", "close", "close after failure"};

  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final String verdictLine;

  /**
   * @param gatling      Gatling's statistics, or null when it wrote no report
   * @param timeline     the server timeline's figures
   * @param runEndedAt   when the load ended (a server process gone before that died during the run)
   * @param headline     the simulation's own verdict line (the breaking point's), or null for PASS/FAIL's
   */
  public RunSummary(RunFacts facts, GatlingStats gatling, TimelineStats timeline, long runEndedAt, String headline) {
    JsonNode status = timeline.lastStatus();
    long failedConnects = gatling == null ? 0 : gatling.ko(CONNECT_STEPS);
    long clientSeenDrops = gatling == null ? 0 : gatling.ko(HELD_STEPS);

    Map<String, Long> byReason = new LinkedHashMap<>();
    if (status != null && status.has("disconnects")) {
      status.get("disconnects").fields().forEachRemaining(e -> {
        if (!e.getKey().equals("client-left")) {
          byReason.put(e.getKey(), e.getValue().asLong());
        }
      });
    }
    long diedAt = timeline.processGoneAt();
    boolean died = diedAt > 0 && diedAt < runEndedAt;
    if (died && status != null) {
      // the connections it held when it died were dropped too, though it lived to count none of them
      byReason.put("server-died", status.path("connected").asLong());
    }
    long serverCounted = byReason.values().stream().mapToLong(Long::longValue).sum();
    long unexpected = Math.max(serverCounted, clientSeenDrops);
    long peak = timeline.peakConnected() >= 0 ? timeline.peakConnected() : timeline.peakEstablished();
    long connects = status == null ? -1 : status.path("connects").asLong(-1);

    double tolerance = facts.tolerancePercent();
    if (gatling == null) {
      failures.add("Gatling wrote no report: the run crashed before its end");
    } else if (percent(gatling.totalKo(), gatling.totalRequests()) > tolerance) {
      failures.add(gatling.totalKo() + " failed requests in Gatling's report (" + round(percent(gatling.totalKo(),
          gatling.totalRequests())) + " % > tolerance " + tolerance + " %)");
    }
    if (died) {
      failures.add("the server process died " + (diedAt - facts.startedAt()) / 1000 + " s into the run");
    }
    if (percent(unexpected, Math.max(connects, facts.targetConnections())) > tolerance) {
      failures.add(unexpected + " unexpected disconnects" + (byReason.isEmpty() ? "" : " " + nonZero(byReason)));
    }
    if (percent(failedConnects, Math.max(connects, facts.targetConnections())) > tolerance) {
      failures.add(failedConnects + " failed connects");
    }
    if (peak >= 0 && peak < facts.targetConnections() && tolerance == 0) {
      failures.add("never held all " + facts.targetConnections() + " connections at once (peak " + peak + ")");
    }

    Long pingP50 = gatling == null ? null : gatling.request("ping: ack").map(GatlingStats.Request::p50).orElse(null);
    Long pingP99 = gatling == null ? null : gatling.request("ping: ack").map(GatlingStats.Request::p99).orElse(null);
    Long connectP99 = gatling == null ? null : gatling.request("connect").map(GatlingStats.Request::p99).orElse(null);
    boolean pass = failures.isEmpty();
    verdictLine = headline != null ? headline : pass
        ? String.format("PASS: %d connections held (peak %d), 0 unexpected disconnects, 0 failed connects, ping p99 %s ms",
            facts.targetConnections(), peak, pingP99 == null ? "n/a" : pingP99)
        : "FAIL: " + String.join("; ", failures);

    json.put("verdict", pass ? "PASS" : "FAIL");
    json.put("verdictLine", verdictLine);
    json.put("failures", failures);
    json.put("simulation", facts.simulation());
    json.put("startedAt", facts.startedAt());
    json.put("endedAt", runEndedAt);
    json.put("target", facts.target());
    json.put("config", facts.config());
    json.put("targetConnections", facts.targetConnections());
    json.put("peakConnections", peak);
    json.put("connects", connects);
    Map<String, Object> drops = new LinkedHashMap<>();
    drops.put("total", unexpected);
    drops.put("byReason", byReason);
    drops.put("seenByClients", clientSeenDrops);
    json.put("unexpectedDisconnects", drops);
    json.put("failedConnects", failedConnects);
    json.put("pingP50Ms", pingP50);
    json.put("pingP99Ms", pingP99);
    json.put("connectP99Ms", connectP99);
    json.put("peakRssBytes", nullIfNegative(timeline.peakRss()));
    json.put("idleRssBytes", nullIfNegative(timeline.idleRss()));
    json.put("rssPerConnectionBytes", timeline.peakRss() > 0 && peak > 0 ? (timeline.peakRss() - timeline.idleRss()) / peak : null);
    json.put("maxEventLoopLagMs", timeline.maxLagMs() < 0 ? null : timeline.maxLagMs());
    json.put("serverCpuSeconds", timeline.cpuNanos() < 0 ? null : timeline.cpuNanos() / 1e9);
    json.put("serverCpuSecondsPer1000Lifetimes", perThousand(timeline.cpuNanos(), connects));
    json.put("injectorCpuSecondsPer1000Lifetimes", perThousand(timeline.injectorCpuNanos(), connects));
    // the timeline sampler runs in the injector's JVM but is the observer, not the load: its cost apart
    json.put("samplerCpuSecondsPer1000Lifetimes", perThousand(timeline.samplerCpuNanos(), connects));
    json.put("injectorPeakRssBytes", nullIfNegative(timeline.injectorPeakRss()));
    json.put("injectorPeakHeapBytes", nullIfNegative(timeline.injectorPeakHeap()));
    json.put("injectorRssPerConnectionBytes", timeline.injectorPeakRss() > 0 && peak > 0
        ? (timeline.injectorPeakRss() - timeline.injectorIdleRss()) / peak : null);
    json.put("serverDiedAt", died ? diedAt : null);
    json.put("serverStatus", status);
    if (gatling != null) {
      json.put("requests", gatling.requests());
      json.put("errors", gatling.errors());
    }
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  public String verdictLine() {
    return verdictLine;
  }

  public Map<String, Object> json() {
    return json;
  }

  private static double percent(long part, long whole) {
    return whole <= 0 ? (part > 0 ? 100.0 : 0.0) : 100.0 * part / whole;
  }

  /** CPU seconds per 1000 connection lifetimes; null when either is unknown. */
  private static Double perThousand(long cpuNanos, long lifetimes) {
    return cpuNanos < 0 || lifetimes <= 0 ? null : round(cpuNanos / 1e9 / lifetimes * 1000);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Long nullIfNegative(long v) {
    return v < 0 ? null : v;
  }

  private static String nonZero(Map<String, Long> byReason) {
    List<String> parts = new ArrayList<>();
    byReason.forEach((reason, n) -> {
      if (n > 0) {
        parts.add(reason + " " + n);
      }
    });
    return parts.isEmpty() ? "(seen by the clients)" : "(" + String.join(", ", parts) + ")";
  }
}

package simulations.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.timeline.ProcessStats;
import lab.timeline.ServerSide;
import lab.timeline.TimelineStats;
import simulations.clients.ClientCounts;
import simulations.clients.Latency;

/**
 * summary.json: the verdict, its causes and what could not be checked, then the figures behind it, every one
 * of them this run's: the connections' fates (both sides), the clients' own counts and response times, the
 * server's side of the timeline, and what the server and the injector cost. docs/report.md lists every field.
 */
public final class RunSummary {

  private final Map<String, Object> json = new LinkedHashMap<>();

  /**
   * @param timelines each server's timeline, the first taken in this JVM (it also tells the injector's cost); several
   *                  servers' process figures are added up
   * @param server    the server's side the verdict judged: of all the servers
   * @param ownClients this injector JVM's own clients (of several, its share): what its cost is divided by
   */
  public RunSummary(RunFacts facts, RunEnd end, Verdict verdict, ClientCounts clients, ClientCounts ownClients,
      List<TimelineStats> timelines, ServerSide server, long endedAt) {
    TimelineStats timeline = timelines.get(0);
    json.put("verdict", verdict.passed() ? "PASS" : "FAIL");
    json.put("verdictLine", verdict.line());
    json.put("exitCode", verdict.exitCode());
    List<Map<String, String>> causes = new ArrayList<>();
    for (Verdict.Finding f : verdict.findings()) {
      causes.add(Map.of("cause", f.cause().label, "text", f.text(), "lookAt", f.cause().lookAt));
    }
    json.put("causes", causes);
    json.put("notChecked", verdict.notChecked());

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("simulation", facts.simulation());
    run.put("target", facts.target());
    run.put("startedAt", facts.startedAt());
    run.put("loadStartedAt", facts.loadStartedAt() > 0 ? facts.loadStartedAt() : null);
    run.put("endedAt", endedAt);
    run.put("interruptedBy", end.interruptedBy());
    run.put("serverNotStarted", end.serverNotStarted());
    run.put("gatlingFinished", end.gatlingFinished());
    json.put("run", run);
    json.put("config", facts.config());
    json.put("plannedConnections", facts.plannedConnections());
    json.put("tolerancePercent", facts.tolerancePercent());

    Map<String, Object> held = new LinkedHashMap<>();
    held.put("byClients", clients.peakHeld());
    held.put("byServer", server.peakConnected() >= 0 ? server.peakConnected() : null);
    held.put("establishedOnPort", server.peakEstablished() >= 0 ? server.peakEstablished() : null);
    json.put("peakHeld", held);
    json.put("lifetimes", clients.lifetimes());

    Long serverDrops = server.drops();
    Map<String, Object> drops = new LinkedHashMap<>();
    drops.put("total", Math.max(clients.totalDrops(), serverDrops == null ? 0 : serverDrops));
    drops.put("byReason", server.disconnects() == null ? null : withoutClientLeft(server.disconnects()));
    drops.put("seenByClients", clients.totalDrops());
    drops.put("seenByClientsAt", clients.drops());
    json.put("drops", drops);
    json.put("failedConnects", Map.of("total", clients.totalFailedConnects(), "byStage", clients.failedConnects(),
        "errors", clients.connectErrors()));
    json.put("lateAnswers", Map.of("total", clients.totalLateAnswers(), "byRequest", clients.lateAnswers()));
    json.put("wrongAnswers", Map.of("total", clients.totalWrongAnswers(), "byRequest", clients.wrongAnswers()));
    Map<String, Object> latency = new LinkedHashMap<>();
    latency.put("connect", Latency.summary(clients.connectTimes()));
    latency.put("join", Latency.summary(clients.joinTimes()));
    latency.put("ack", Latency.summary(clients.ackTimes()));
    json.put("latency", latency);
    Map<String, Object> lives = new LinkedHashMap<>();
    lives.put("started", clients.lifetimes());
    lives.put("opened", clients.opened());
    lives.put("joined", clients.joined());
    lives.put("completed", clients.completed());
    json.put("clients", lives);

    json.put("server", server(facts, server, timelines, clients.lifetimes()));
    json.put("injector", injector(timeline, ownClients));
  }

  /** The {@code server} section: the server's side and what its process (of several, all of them) cost. */
  public static Map<String, Object> server(RunFacts facts, ServerSide server, List<TimelineStats> timelines, long lifetimes) {
    TimelineStats timeline = timelines.get(0);
    long peakRss = sum(timelines, TimelineStats::peakRss);
    long idleRss = sum(timelines, TimelineStats::idleRss);
    long cpuNanos = sum(timelines, TimelineStats::cpuNanos);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("answeredStatus", server.statusAnswered());
    m.put("samples", timeline.samples());
    m.put("samplesWithStatus", timeline.statusSamples());
    m.put("connects", server.connects());
    m.put("disconnects", server.disconnects());
    m.put("handshakeFailures", server.handshakeFailures());
    m.put("acceptFailures", server.acceptFailures());
    List<Map<String, Object>> restarts = new ArrayList<>();
    server.restarts().forEach(r -> restarts.add(Map.of("at", r.at(), "secondsIn", facts.secondsIn(r.at()))));
    m.put("restarts", restarts);
    List<Map<String, Object>> silences = new ArrayList<>();
    server.silences().forEach(s -> silences.add(Map.of("from", s.from(), "secondsIn", facts.secondsIn(s.from()),
        "seconds", s.millis() / 1000.0)));
    m.put("silences", silences);
    m.put("maxEventLoopLagMs", server.maxLag() == null ? null : server.maxLag().value());
    m.put("diedAt", server.processGoneAt() > 0 ? server.processGoneAt() : null);
    m.put("openFileLimit", server.openFileLimit() > 0 ? server.openFileLimit() : null);
    m.put("peakOpenFiles", server.peakOpenFds() == null ? null : (long) server.peakOpenFds().value());
    long peak = server.peakConnected() >= 0 ? server.peakConnected() : server.peakEstablished();
    m.put("peakRssBytes", nullIfNegative(peakRss));
    m.put("idleRssBytes", nullIfNegative(idleRss));
    m.put("rssPerConnectionBytes", peakRss > 0 && peak > 0 ? (peakRss - idleRss) / peak : null);
    m.put("cpuSeconds", cpuNanos < 0 ? null : cpuNanos / 1e9);
    m.put("cpuSecondsPer1000Lifetimes", perThousand(cpuNanos, lifetimes));
    m.put("lastStatus", server.lastStatus());
    return m;
  }

  private static Map<String, Object> injector(TimelineStats timeline, ClientCounts clients) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpuSecondsPer1000Lifetimes", perThousand(timeline.injectorCpuNanos(), clients.lifetimes()));
    // the timeline sampler runs in the injector's JVM but is the observer, not the load: its cost apart
    m.put("samplerCpuSecondsPer1000Lifetimes", perThousand(timeline.samplerCpuNanos(), clients.lifetimes()));
    m.put("peakRssBytes", nullIfNegative(timeline.injectorPeakRss()));
    m.put("peakHeapBytes", nullIfNegative(timeline.injectorPeakHeap()));
    m.put("rssPerConnectionBytes", timeline.injectorPeakRss() > 0 && clients.peakHeld() > 0
        ? (timeline.injectorPeakRss() - timeline.injectorIdleRss()) / clients.peakHeld() : null);
    return m;
  }

  public Map<String, Object> json() {
    return json;
  }

  private static Map<String, Long> withoutClientLeft(Map<String, Long> disconnects) {
    Map<String, Long> m = new LinkedHashMap<>(disconnects);
    m.remove("client-left");
    return m;
  }

  /**
   * The {@code injector} section where no timeline sampled this JVM (a shard's run, an injector of -Dinjectors):
   * its CPU from its load's start to its end, its peak RSS (VmHWM), and that peak less its RSS at the load's start
   * over its peak held. No sampler runs there: its cost is the load's alone.
   */
  public static Map<String, Object> injectorWithoutTimeline(ProcessStats.Sample atLoadStart,
      ProcessStats.Sample atLoadEnd, long peakRssBytes, ClientCounts clients) {
    Map<String, Object> m = new LinkedHashMap<>();
    long cpu = atLoadStart.cpuNanos() < 0 || atLoadEnd.cpuNanos() < 0 ? -1 : atLoadEnd.cpuNanos() - atLoadStart.cpuNanos();
    m.put("cpuSecondsPer1000Lifetimes", perThousand(cpu, clients.lifetimes()));
    m.put("samplerCpuSecondsPer1000Lifetimes", null);
    m.put("peakRssBytes", nullIfNegative(peakRssBytes));
    m.put("peakHeapBytes", null);
    m.put("rssPerConnectionBytes", peakRssBytes < 0 || atLoadStart.rssBytes() < 0 || clients.peakHeld() == 0 ? null
        : (peakRssBytes - atLoadStart.rssBytes()) / clients.peakHeld());
    return m;
  }

  /** CPU seconds per 1000 connection lifetimes; null when either is unknown. */
  public static Double perThousand(long cpuNanos, long lifetimes) {
    return cpuNanos < 0 || lifetimes <= 0 ? null : Math.round(cpuNanos / 1e9 / lifetimes * 1000 * 1000) / 1000.0;
  }

  /** A figure of every server's process added up; -1 (unknown) if one of them does not tell it. */
  private static long sum(List<TimelineStats> timelines, java.util.function.ToLongFunction<TimelineStats> figure) {
    long sum = 0;
    for (TimelineStats t : timelines) {
      long v = figure.applyAsLong(t);
      if (v < 0) {
        return -1;
      }
      sum += v;
    }
    return sum;
  }

  private static Long nullIfNegative(long v) {
    return v < 0 ? null : v;
  }
}

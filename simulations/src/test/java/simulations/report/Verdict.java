package simulations.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import lab.config.PropertyReader;
import lab.timeline.ServerSide;
import lab.timeline.TimelineStats;
import simulations.clients.ClientCounts;

/**
 * Did every connection live its whole life, and if not, why: PASS, or FAIL with its causes in the order a user
 * should look at them ({@link Cause}), from the clients' own counts and the server's side of the timeline. What
 * could not be checked is said, never taken as 0. The tolerance has one meaning: the share of lifetimes that may
 * end otherwise than planned (dropped, failed to connect, given up on a late or wrong answer), and the share of
 * the planned connections that may be missing at the peak.
 */
public final class Verdict {

  /** A cause with what was seen of it. */
  public record Finding(Cause cause, String text) {}

  /** The exit status of a FAIL (Gatling's own for failed assertions: the Maven plugin says "assertions failed"). */
  public static final int FAIL_EXIT = 2;
  /** The exit status of an interrupted run: 128 + SIGINT, as shells report it. */
  public static final int INTERRUPTED_EXIT = 130;

  /** Open files the JVM and the kernel need besides the connections: at fewer than this below the limit, it is reached. */
  private static final long FILES_HEADROOM = 2;
  private static final String INJECTOR_NO_PORT = "Cannot assign requested address";
  private static final String INJECTOR_NO_FILE = "Too many open files";

  private final List<Finding> findings = new ArrayList<>();
  private final List<String> notChecked = new ArrayList<>();
  private final String line;

  /** The churn's verdict: every way a connection can fail its life is a finding. */
  public static Verdict ofChurn(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server) {
    return new Verdict(facts, end, clients, server, true, null, null, List.of(), null, List.of());
  }

  /**
   * A resilience test's verdict ({@code -Dexpect=recovery:D}): the events are expected, so what they cost
   * (the restart, the connections lost and the reconnects that failed meanwhile, the server's silence) is not a
   * finding, if every lost connection is back within {@code expected}; the run fails naming the slowest
   * recovery otherwise, or when nothing was lost to recover from. With {@code expected} null, the churn's.
   */
  public static Verdict ofChurn(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server,
      List<Recoveries.Recovery> recoveries, Duration expected) {
    return ofChurn(facts, end, clients, server, recoveries, expected, List.of());
  }

  /** The same, with what grew through the run's steady part faster than its threshold ({@link Leaks#leaking()}). */
  public static Verdict ofChurn(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server,
      List<Recoveries.Recovery> recoveries, Duration expected, List<Leaks.Slope> leaking) {
    return new Verdict(facts, end, clients, server, true, null, null, recoveries, expected, leaking);
  }

  /**
   * A search's verdict (the breaking point): its connections failing is what it looks for, so only a run that
   * could not be carried out fails it, and an expectation the user gave ({@code expectation}, or null).
   */
  public static Verdict ofSearch(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server,
      Finding expectation, String finding) {
    return new Verdict(facts, end, clients, server, false, expectation, finding, List.of(), null, List.of());
  }

  private final List<Recoveries.Recovery> excused;
  private final long runEnd;

  private Verdict(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server, boolean connectionsCount,
      Finding expectation, String searchFinding, List<Recoveries.Recovery> recoveries, Duration expectedRecovery,
      List<Leaks.Slope> leaking) {
    this.excused = expectedRecovery == null ? List.of() : recoveries;
    this.runEnd = facts.loadEndsAt() > 0 ? facts.loadEndsAt() : Long.MAX_VALUE;
    runItself(facts, end);
    // a load that never started has nothing to say of connections
    if (connectionsCount && end.serverNotStarted() == null && facts.loadStartedAt() > 0) {
      serverAndMachine(facts, end, clients, server);
      connections(facts, end, clients, server);
      if (expectedRecovery != null) {
        recovered(facts, recoveries, expectedRecovery);
      }
      if (!leaking.isEmpty()) {
        add(Cause.LEAK, "leak: " + leaking.stream().map(Leaks.Slope::text).collect(Collectors.joining(", ")));
      }
    }
    if (expectation != null) {
      findings.add(expectation);
    }
    findings.sort(Comparator.comparing(Finding::cause));
    notChecked(facts, server);
    line = passed() ? (searchFinding != null ? searchFinding : passLine(facts, clients, server))
        : "FAIL: " + findings.stream().map(Finding::text).collect(Collectors.joining("; "))
            + (searchFinding != null ? " (" + searchFinding + ")" : "");
  }

  private void runItself(RunFacts facts, RunEnd end) {
    if (end.interruptedBy() != null) {
      add(Cause.RUN_INTERRUPTED, "run interrupted (" + end.interruptedBy() + ") "
          + facts.secondsIn(end.interruptedAt()) + " s into the run");
    }
    if (end.serverNotStarted() != null) {
      add(Cause.SERVER_NOT_STARTED, "the embedded server did not start: " + end.serverNotStarted());
    } else if (!end.gatlingFinished() && end.interruptedBy() == null) {
      add(Cause.GATLING_FAILED, "Gatling ended without its report (its output above says why)");
    }
    for (String lost : end.injectorsLost()) {
      add(Cause.GATLING_FAILED, "injector " + lost);
    }
  }

  private void serverAndMachine(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server) {
    long stopped = end.interruptedBy() != null ? end.interruptedAt() : Long.MAX_VALUE;
    boolean restarted = !server.restarts().isEmpty();
    if (server.processGoneAt() > 0 && server.processGoneAt() < stopped && !restarted) {
      add(Cause.SERVER_DIED, "the server process died " + facts.secondsIn(server.processGoneAt()) + " s into the run"
          + (end.serverExitCode() == null ? "" : " (exit code " + end.serverExitCode() + ")")
          + (server.lastStatus() != null && server.lastStatus().has("connected")
              ? ", holding " + server.lastStatus().get("connected").asLong() + " connections" : ""));
    }
    if (restarted && excused.isEmpty()) {
      TimelineStats.Restart first = server.restarts().get(0);
      add(Cause.SERVER_RESTARTED, "the server restarted " + (server.restarts().size() == 1 ? "once" :
          server.restarts().size() + " times") + ", first " + facts.secondsIn(first.at()) + " s into the run");
    }
    long acceptFailures = server.acceptFailures() == null ? 0
        : server.acceptFailures().getOrDefault("EMFILE", 0L) + server.acceptFailures().getOrDefault("ENFILE", 0L);
    boolean atLimit = server.openFileLimit() > 0 && server.peakOpenFds() != null
        && server.peakOpenFds().value() >= server.openFileLimit() - FILES_HEADROOM;
    if (acceptFailures > 0 || atLimit) {
      String limit = server.openFileLimit() > 0 ? " (" + server.openFileLimit() + " files)" : "";
      String failures = acceptFailures > 0 ? ": " + acceptFailures + " accept failures (" + nonZero(server.acceptFailures())
          + ")" : "";
      String when = atLimit ? ", " + (long) server.peakOpenFds().value() + " open " + facts.secondsIn(server.peakOpenFds().at())
          + " s into the run" : "";
      add(Cause.OPEN_FILE_LIMIT, "the server reached its open-file limit" + limit + failures + when);
    }
    long noPort = errorsContaining(clients, INJECTOR_NO_PORT);
    long noFile = errorsContaining(clients, INJECTOR_NO_FILE);
    if (noPort > 0) {
      add(Cause.INJECTOR_LIMIT, "the injector ran out of local ports " + noPort + " times (" + INJECTOR_NO_PORT + ")");
    }
    if (noFile > 0) {
      add(Cause.INJECTOR_LIMIT, "the injector reached its open-file limit " + noFile + " times (" + INJECTOR_NO_FILE + ")");
    }
    long patience = facts.ackTimeout().toMillis();
    List<String> silent = new ArrayList<>();
    // A server that reports its event-loop lag is judged on it: a /status asked on a new connection may wait
    // behind a burst of TLS handshakes that its loop serves on time, while the lag it reports once it answers
    // again covers a loop that was blocked. Only a silence that never ended says more than its lag can.
    boolean reportsLag = server.maxLag() != null;
    for (TimelineStats.Silence s : server.silences()) {
      if (s.millis() >= patience && s.from() < stopped && !duringRecovery(s.from()) && (!reportsLag || s.untilEnd())) {
        silent.add("/status unanswered for " + s.millis() / 1000 + " s from " + facts.secondsIn(s.from()) + " s into the run"
            + (s.untilEnd() ? ", and not again" : ""));
      }
    }
    if (server.maxLag() != null && server.maxLag().value() >= patience && server.maxLag().at() < stopped
        && !duringRecovery(server.maxLag().at())) {
      silent.add("event-loop lag " + Math.round(server.maxLag().value()) + " ms " + facts.secondsIn(server.maxLag().at())
          + " s into the run");
    }
    if (!silent.isEmpty()) {
      add(Cause.SERVER_STOPPED_ANSWERING, "the server stopped answering for longer than ackTimeout " + patience
          + " ms: " + String.join(", ", silent));
    }
  }

  private void connections(RunFacts facts, RunEnd end, ClientCounts clients, ServerSide server) {
    Long serverDrops = server.drops();
    long drops = Math.max(clients.totalDrops(), serverDrops == null ? 0 : serverDrops);
    long failed = clients.totalFailedConnects();
    if (!excused.isEmpty()) {
      // what the events cost is expected: the clients' counts outside them are what is left (the server's
      // counts are not timed finely enough to be split so)
      drops = Math.max(0, clients.totalDrops() - excused.stream().mapToLong(Recoveries.Recovery::dropsDuring).sum());
      failed = Math.max(0, failed - excused.stream().mapToLong(Recoveries.Recovery::failedConnectsDuring).sum());
    }
    long late = clients.totalLateAnswers();
    long wrong = clients.totalWrongAnswers();
    double tolerance = facts.tolerancePercent();
    double badPercent = percent(drops + failed + late + wrong, clients.lifetimes());
    if (badPercent > tolerance) {
      String share = tolerance > 0 ? " [" + round(badPercent) + " % of " + clients.lifetimes()
          + " lifetimes ended badly, tolerance " + tolerance + " %]" : "";
      if (drops > 0) {
        String reasons = server.disconnects() == null ? "" : nonZero(withoutClientLeft(server.disconnects()));
        add(Cause.DROPS, drops + " drops (" + (reasons.isEmpty() ? "" : "server: " + reasons + "; ")
            + "seen by the clients: " + clients.totalDrops() + ")" + share);
        share = "";
      }
      if (failed > 0) {
        add(Cause.FAILED_CONNECTS, failed + " failed connects (" + nonZero(clients.failedConnects()) + ")" + share);
        share = "";
      }
      if (late > 0) {
        add(Cause.LATE_ANSWERS, late + " late answers (" + nonZero(clients.lateAnswers()) + ": later than ackTimeout "
            + facts.ackTimeout().toMillis() + " ms" + (drops == 0 ? "; no connection was dropped" : "") + ")" + share);
        share = "";
      }
      if (wrong > 0) {
        add(Cause.WRONG_ANSWERS, wrong + " wrong answers (" + nonZero(clients.wrongAnswers()) + ")" + share);
      }
    }
    double needed = facts.plannedConnections() * (1 - tolerance / 100.0);
    if (clients.peakHeld() < needed && end.interruptedBy() == null) {
      add(Cause.NEVER_HELD_ALL, "never held all " + facts.plannedConnections() + " connections at once (peak "
          + clients.peakHeld() + (tolerance > 0 ? ", at least " + (long) Math.ceil(needed) + " expected" : "") + ")");
    }
  }

  /** -Dexpect=recovery:D: every event's lost connections back within D. */
  private void recovered(RunFacts facts, List<Recoveries.Recovery> recoveries, Duration expected) {
    String within = " (-Dexpect=recovery:" + PropertyReader.format(expected) + ")";
    if (recoveries.isEmpty()) {
      add(Cause.EXPECTATION_NOT_MET, "expected connections lost and recovered" + within + ", but none were lost");
      return;
    }
    Recoveries.Recovery slowest = null;
    for (Recoveries.Recovery r : recoveries) {
      boolean late = r.timeTo100PercentMs() == null || r.timeTo100PercentMs() > expected.toMillis();
      if (late && (slowest == null || slowest.timeTo100PercentMs() != null
          && (r.timeTo100PercentMs() == null || r.timeTo100PercentMs() > slowest.timeTo100PercentMs()))) {
        slowest = r;
      }
    }
    if (slowest != null) {
      String when = "after the " + slowest.cause() + " " + facts.secondsIn(slowest.at()) + " s into the run";
      add(Cause.EXPECTATION_NOT_MET, slowest.timeTo100PercentMs() == null
          ? (slowest.lost() - slowest.recovered()) + " of " + slowest.lost() + " lost connections never came back "
              + when + within
          : "the " + slowest.lost() + " lost connections took " + round(slowest.timeTo100PercentMs() / 1000.0)
              + " s to come back " + when + ", expected within " + PropertyReader.format(expected) + within);
    }
  }

  private boolean duringRecovery(long time) {
    return excused.stream().anyMatch(r -> time >= r.at() - 1000 && time <= r.until(runEnd));
  }

  private void notChecked(RunFacts facts, ServerSide server) {
    if (facts.config().containsKey("shard")) {
      notChecked.add("the server's side (a shard's run counts its own clients; the run of all the shards, or the"
          + " merge of their folders, judges the server)");
      return;
    }
    if (!server.statusAnswered()) {
      notChecked.add("the server's own counts (it never answered /status)");
    } else if (server.disconnects() == null) {
      notChecked.add("the server's drops by reason (its /status has no counters)");
    } else if (server.acceptFailures() == null) {
      notChecked.add("failed accepts (its /status does not count them)");
    }
    if (server.statusAnswered() && server.maxLag() == null) {
      notChecked.add("event-loop lag (not in its /status)");
    }
    if (!facts.serverLocal()) {
      notChecked.add("TCP states and the server process (it runs on another host)");
    } else if (!facts.pidKnown()) {
      notChecked.add("the server process: memory, CPU, open files (give -Dtarget.pid)");
    }
  }

  private String passLine(RunFacts facts, ClientCounts clients, ServerSide server) {
    String ack = clients.ackTimes().getTotalCount() == 0 ? "n/a"
        : Long.toString(Math.round(clients.ackTimes().getValueAtPercentile(99) / 1000.0));
    String events = excused.stream().map(r -> "the " + r.cause() + " " + facts.secondsIn(r.at()) + " s in lost " + r.lost()
        + ", all back in " + round(r.timeTo100PercentMs() / 1000.0) + " s").collect(Collectors.joining("; "));
    String other = excused.isEmpty() ? "" : " other";
    return String.format(Locale.ROOT, "PASS: %d connections held (peak %d%s), %d lifetimes, %s0%s drops, 0%s failed"
            + " connects, 0 late answers, ack p99 %s ms%s", facts.plannedConnections(), clients.peakHeld(),
        server.peakConnected() >= 0 ? ", server " + server.peakConnected() : "", clients.lifetimes(),
        events.isEmpty() ? "" : events + " (expected); ", other, other, ack,
        notChecked.isEmpty() ? "" : "; not checked: " + String.join(", ", notChecked));
  }

  private void add(Cause cause, String text) {
    findings.add(new Finding(cause, text));
  }

  public boolean passed() {
    return findings.isEmpty();
  }

  /** 0 for PASS, else {@link #FAIL_EXIT} ({@link #INTERRUPTED_EXIT} for an interrupted run). */
  public int exitCode() {
    if (passed()) {
      return 0;
    }
    return findings.get(0).cause() == Cause.RUN_INTERRUPTED ? INTERRUPTED_EXIT : FAIL_EXIT;
  }

  public String line() {
    return line;
  }

  /** The causes, first one first. */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  public List<String> notChecked() {
    return List.copyOf(notChecked);
  }

  private static long errorsContaining(ClientCounts clients, String text) {
    return clients.connectErrors().entrySet().stream().filter(e -> e.getKey().contains(text))
        .mapToLong(Map.Entry::getValue).sum();
  }

  private static Map<String, Long> withoutClientLeft(Map<String, Long> disconnects) {
    Map<String, Long> m = new LinkedHashMap<>(disconnects);
    m.remove("client-left");
    return m;
  }

  /** "server-close 5, ping-timeout 2", in the map's order, zeros left out. */
  static String nonZero(Map<String, Long> counts) {
    return counts.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static double percent(long part, long whole) {
    return whole <= 0 ? (part > 0 ? 100.0 : 0.0) : 100.0 * part / whole;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

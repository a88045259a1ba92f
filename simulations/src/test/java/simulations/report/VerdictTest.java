package simulations.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.timeline.ServerSide;
import lab.timeline.TimelineStats;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import simulations.clients.ClientCounts;

/** Every branch of the verdict and every cause, from plain figures: what a user is told, and the exit status. */
class VerdictTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final RunFacts FACTS = facts(0, true, true);

  private static RunFacts facts(double tolerance, boolean local, boolean pid) {
    return new RunFacts("SmokeSimulation", "wss://127.0.0.1:9010", T0 - 2000, T0, T0 + 60_000, 100, tolerance,
        Duration.ofSeconds(10), local, pid, Map.of());
  }

  /** 100 connections held, 300 lifetimes, all completed, 900 acks of 2 ms. */
  private static Clients clean() {
    return new Clients();
  }

  private static final class Clients {
    long lifetimes = 300;
    long peakHeld = 100;
    Map<String, Long> drops = new LinkedHashMap<>();
    Map<String, Long> late = new LinkedHashMap<>();
    Map<String, Long> wrong = new LinkedHashMap<>();
    Map<String, Long> failed = new LinkedHashMap<>(Map.of("tcp", 0L));
    Map<String, Long> errors = new LinkedHashMap<>();

    ClientCounts counts() {
      Histogram acks = new Histogram(3);
      acks.recordValueWithCount(2000, 900);
      return new ClientCounts(lifetimes, lifetimes, lifetimes, lifetimes, peakHeld, 0, 0, drops, late, wrong, failed, errors,
          new Histogram(3), new Histogram(3), acks);
    }
  }

  /** A server that answered all along, with counters, no drop. */
  private static final class Server {
    Map<String, Long> disconnects = new LinkedHashMap<>(Map.of("client-left", 300L, "server-close", 0L));
    Map<String, Long> accepts = new LinkedHashMap<>(Map.of("EMFILE", 0L));
    boolean answered = true;
    boolean counters = true;
    List<TimelineStats.Restart> restarts = List.of();
    List<TimelineStats.Silence> silences = List.of();
    TimelineStats.Peak lag = new TimelineStats.Peak(40, T0 + 5000);
    long goneAt = -1;
    long limit = 20_000;
    TimelineStats.Peak fds = new TimelineStats.Peak(160, T0 + 5000);

    ServerSide side() throws Exception {
      return new ServerSide(answered, counters ? 300L : null, counters ? disconnects : null, counters ? Map.of() : null,
          counters ? accepts : null, answered ? 100 : -1, 100, restarts, silences, lag, goneAt, limit, fds,
          answered ? new ObjectMapper().readTree("{\"connected\":40}") : null);
    }
  }

  private static Verdict churn(Clients c, Server s) throws Exception {
    return Verdict.ofChurn(FACTS, RunEnd.finished(), c.counts(), s.side());
  }

  private static List<Cause> causes(Verdict v) {
    return v.findings().stream().map(Verdict.Finding::cause).toList();
  }

  @Test
  void everyConnectionLivedItsLife() throws Exception {
    Verdict v = churn(clean(), new Server());
    assertTrue(v.passed());
    assertEquals(0, v.exitCode());
    assertEquals("PASS: 100 connections held (peak 100, server 100), 300 lifetimes, 0 drops, 0 failed connects,"
        + " 0 late answers, ack p99 2 ms", v.line());
    assertEquals(List.of(), v.notChecked());
  }

  @Test
  void dropsAreNamedByTheServersReasonsAndTheClientsCount() throws Exception {
    Clients c = clean();
    c.drops.put("ping", 5L);
    Server s = new Server();
    s.disconnects.put("server-close", 5L);
    Verdict v = churn(c, s);
    assertEquals(List.of(Cause.DROPS), causes(v));
    assertEquals("FAIL: 5 drops (server: server-close 5; seen by the clients: 5)", v.line());
    assertEquals(2, v.exitCode());
  }

  @Test
  void lateAnswersAreNotDrops() throws Exception {
    Clients c = clean();
    c.late.put("ping: ack", 220L);
    Verdict v = churn(c, new Server());
    assertEquals(List.of(Cause.LATE_ANSWERS), causes(v));
    assertEquals("FAIL: 220 late answers (ping: ack 220: later than ackTimeout 10000 ms; no connection was dropped)",
        v.line());
  }

  @Test
  void failedConnectsAndWrongAnswersAreNamedByStageAndRequest() throws Exception {
    Clients c = clean();
    c.failed.put("tls", 3L);
    c.failed.put("namespace", 2L);
    c.wrong.put("ping: ack", 4L);
    Verdict v = churn(c, new Server());
    assertEquals(List.of(Cause.FAILED_CONNECTS, Cause.WRONG_ANSWERS), causes(v));
    assertEquals("FAIL: 5 failed connects (tls 3, namespace 2); 4 wrong answers (ping: ack 4)", v.line());
  }

  @Test
  void theToleranceIsAShareOfLifetimesForEveryBadEndTogether() throws Exception {
    Clients c = clean(); // 300 lifetimes
    c.drops.put("ping", 2L);
    c.late.put("ping: ack", 1L);
    Server s = new Server();
    s.disconnects.put("server-close", 2L);
    assertTrue(Verdict.ofChurn(facts(1, true, true), RunEnd.finished(), c.counts(), s.side()).passed(),
        "3 bad ends of 300 lifetimes is 1 %: within a tolerance of 1 %");
    c.failed.put("tcp", 1L);
    Verdict v = Verdict.ofChurn(facts(1, true, true), RunEnd.finished(), c.counts(), s.side());
    assertFalse(v.passed(), "4 of 300 is 1.3 %");
    assertEquals(List.of(Cause.DROPS, Cause.FAILED_CONNECTS, Cause.LATE_ANSWERS), causes(v));
    assertTrue(v.line().startsWith("FAIL: 2 drops (server: server-close 2; seen by the clients: 2) [1.3 % of 300"
        + " lifetimes ended badly, tolerance 1.0 %]"), v.line());
    assertEquals(2, v.exitCode(), "a FAIL within or without tolerance is a failed build");
  }

  @Test
  void thePeakMustReachThePlannedConnectionsLessTheTolerance() throws Exception {
    Clients c = clean();
    c.peakHeld = 99;
    assertEquals(List.of(Cause.NEVER_HELD_ALL), causes(churn(c, new Server())));
    assertEquals("FAIL: never held all 100 connections at once (peak 99)", churn(c, new Server()).line());
    assertTrue(Verdict.ofChurn(facts(1, true, true), RunEnd.finished(), c.counts(), new Server().side()).passed());
  }

  @Test
  void aServerAtItsOpenFileLimitIsNamedBeforeTheFailedConnectsItCaused() throws Exception {
    Clients c = clean();
    c.failed.put("tcp", 300L);
    c.errors.put("ConnectTimeoutException: connection timed out after 30000 ms", 300L);
    c.peakHeld = 40;
    Server s = new Server();
    s.accepts.put("EMFILE", 431L);
    s.limit = 1200;
    s.fds = new TimelineStats.Peak(1200, T0 + 12_000);
    Verdict v = churn(c, s);
    assertEquals(List.of(Cause.OPEN_FILE_LIMIT, Cause.FAILED_CONNECTS, Cause.NEVER_HELD_ALL), causes(v));
    assertTrue(v.line().startsWith("FAIL: the server reached its open-file limit (1200 files): 431 accept failures"
        + " (EMFILE 431), 1200 open 12 s into the run; 300 failed connects"), v.line());
  }

  @Test
  void theOpenFileLimitIsSeenFromTheProcessAloneWhenTheServerCountsNoAcceptFailures() throws Exception {
    Server s = new Server();
    s.accepts = null; // Node's /status, or none
    s.limit = 1024;
    s.fds = new TimelineStats.Peak(1023, T0 + 3000);
    Verdict v = churn(clean(), s);
    assertEquals(List.of(Cause.OPEN_FILE_LIMIT), causes(v));
    assertEquals("FAIL: the server reached its open-file limit (1024 files), 1023 open 3 s into the run", v.line());
  }

  @Test
  void theInjectorsOwnLimitsAreNotTheServers() throws Exception {
    Clients c = clean();
    c.failed.put("tcp", 7L);
    c.errors.put("BindException: Cannot assign requested address", 5L);
    c.errors.put("SocketException: Too many open files", 2L);
    Verdict v = churn(c, new Server());
    assertEquals(List.of(Cause.INJECTOR_LIMIT, Cause.INJECTOR_LIMIT, Cause.FAILED_CONNECTS), causes(v));
    assertTrue(v.line().startsWith("FAIL: the injector ran out of local ports 5 times (Cannot assign requested address);"
        + " the injector reached its open-file limit 2 times (Too many open files)"), v.line());
  }

  @Test
  void aServerThatStopsAnsweringIsNamedFromItsSilenceOrItsLag() throws Exception {
    Server silent = new Server(); // one that does not report its lag
    silent.lag = null;
    silent.silences = List.of(new TimelineStats.Silence(T0 + 14_000, T0 + 39_000));
    assertEquals("FAIL: the server stopped answering for longer than ackTimeout 10000 ms: /status unanswered for 25 s"
        + " from 14 s into the run", churn(clean(), silent).line());

    Server busy = new Server(); // reports a lag of 40 ms after a /status that waited behind a burst of handshakes
    busy.silences = List.of(new TimelineStats.Silence(T0 + 4_000, T0 + 16_000));
    assertTrue(churn(clean(), busy).passed(), "its loop answered in time: the lag it reports says so");
    busy.silences = List.of(new TimelineStats.Silence(T0 + 40_000, T0 + 60_000, true));
    assertEquals("FAIL: the server stopped answering for longer than ackTimeout 10000 ms: /status unanswered for 20 s"
        + " from 40 s into the run, and not again", churn(clean(), busy).line(), "a silence to the end says more");

    Server lagging = new Server();
    lagging.lag = new TimelineStats.Peak(25_000, T0 + 40_000);
    assertEquals("FAIL: the server stopped answering for longer than ackTimeout 10000 ms: event-loop lag 25000 ms"
        + " 40 s into the run", churn(clean(), lagging).line());

    Server brief = new Server();
    brief.silences = List.of(new TimelineStats.Silence(T0, T0 + 9000));
    brief.lag = new TimelineStats.Peak(9999, T0);
    assertTrue(churn(clean(), brief).passed(), "shorter than the clients' patience");
  }

  @Test
  void aDeadServerIsNamedFirstWithWhatItHeld() throws Exception {
    Clients c = clean();
    c.drops.put("ping", 20L);
    c.failed.put("tcp", 40L);
    c.errors.put("ConnectException: Connection refused", 40L);
    Server s = new Server();
    s.goneAt = T0 + 7000;
    Verdict v = Verdict.ofChurn(FACTS, new RunEnd(null, -1, null, true, 70), c.counts(), s.side());
    assertEquals(List.of(Cause.SERVER_DIED, Cause.DROPS, Cause.FAILED_CONNECTS), causes(v));
    assertTrue(v.line().startsWith("FAIL: the server process died 7 s into the run (exit code 70), holding 40 connections;"),
        v.line());
  }

  @Test
  void aRestartIsNamedInsteadOfADeath() throws Exception {
    Server s = new Server();
    s.goneAt = T0 + 7000;
    s.restarts = List.of(new TimelineStats.Restart(T0 + 9000));
    assertEquals(List.of(Cause.SERVER_RESTARTED), causes(churn(clean(), s)));
    assertEquals("FAIL: the server restarted once, first 9 s into the run", churn(clean(), s).line());
  }

  @Test
  void anInterruptedRunSaysSoAndWhatHappenedAfterTheSignalIsNotTheServers() throws Exception {
    Clients c = clean();
    c.peakHeld = 100;
    Server s = new Server();
    s.goneAt = T0 + 21_000; // the server stopped with the run
    Verdict v = Verdict.ofChurn(FACTS, new RunEnd("SIGINT", T0 + 20_000, null, false, null), c.counts(), s.side());
    assertEquals(List.of(Cause.RUN_INTERRUPTED), causes(v));
    assertEquals("FAIL: run interrupted (SIGINT) 20 s into the run", v.line());
    assertEquals(130, v.exitCode());
  }

  @Test
  void aServerThatDidNotStartAndAGatlingThatDidNotFinishAreRunFailures() throws Exception {
    Clients none = clean();
    none.lifetimes = 0;
    none.peakHeld = 0;
    Server unseen = new Server();
    unseen.answered = false;
    unseen.counters = false;
    unseen.lag = null;
    Verdict notStarted = Verdict.ofChurn(FACTS, new RunEnd(null, -1, "cannot listen on 127.0.0.1:9010: Address already in use",
        false, null), none.counts(), unseen.side());
    assertEquals(Cause.SERVER_NOT_STARTED, causes(notStarted).get(0));
    assertTrue(notStarted.line().startsWith("FAIL: the embedded server did not start: cannot listen on 127.0.0.1:9010:"
        + " Address already in use"), notStarted.line());
    assertEquals(2, notStarted.exitCode());

    Verdict crashed = Verdict.ofChurn(FACTS, new RunEnd(null, -1, null, false, null), clean().counts(), new Server().side());
    assertEquals(List.of(Cause.GATLING_FAILED), causes(crashed));

    // one of -Dinjectors=N lost: whatever the others held, the run is not what was planned
    Verdict lost = Verdict.ofChurn(FACTS, new RunEnd(null, -1, null, true, null,
        List.of("2/2 ended (exit 137) without its report: (no output)")), clean().counts(), new Server().side());
    assertEquals(List.of(Cause.GATLING_FAILED), causes(lost));
    assertEquals("FAIL: injector 2/2 ended (exit 137) without its report: (no output)", lost.line());
  }

  @Test
  void whatCouldNotBeCheckedIsSaidAndNeverTakenAsZero() throws Exception {
    Server noStatus = new Server();
    noStatus.answered = false;
    noStatus.counters = false;
    noStatus.lag = null;
    Verdict remote = Verdict.ofChurn(facts(0, false, false), RunEnd.finished(), clean().counts(), noStatus.side());
    assertTrue(remote.passed(), "the clients' own counts still decide");
    assertEquals(List.of("the server's own counts (it never answered /status)",
        "TCP states and the server process (it runs on another host)"), remote.notChecked());
    assertTrue(remote.line().endsWith("; not checked: the server's own counts (it never answered /status), TCP states"
        + " and the server process (it runs on another host)"), remote.line());
    assertFalse(remote.line().contains("server 100"), "no server peak claimed");

    Server seedOnly = new Server(); // {"connected":N} and nothing else, on this host, no pid
    seedOnly.counters = false;
    seedOnly.lag = null;
    Verdict local = Verdict.ofChurn(facts(0, true, false), RunEnd.finished(), clean().counts(), seedOnly.side());
    assertEquals(List.of("the server's drops by reason (its /status has no counters)", "event-loop lag (not in its /status)",
        "the server process: memory, CPU, open files (give -Dtarget.pid)"), local.notChecked());
  }

  @Test
  void aSearchsFindingIsNotAFailureUnlessTheRunFailedOrAnExpectationWasNotMet() throws Exception {
    Clients c = clean();
    c.drops.put("ping", 12L);
    Verdict broke = Verdict.ofSearch(FACTS, RunEnd.finished(), c.counts(), new Server().side(), null,
        "BROKE at 10000 connections: ack p99 1019 ms (threshold 1000 ms)");
    assertTrue(broke.passed());
    assertEquals(0, broke.exitCode());
    assertEquals("BROKE at 10000 connections: ack p99 1019 ms (threshold 1000 ms)", broke.line());

    Verdict expected = Verdict.ofSearch(FACTS, RunEnd.finished(), c.counts(), new Server().side(),
        new Verdict.Finding(Cause.EXPECTATION_NOT_MET, "expected to hold 12000 connections, held up to 8000"),
        "BROKE at 10000 connections: ack p99 1019 ms (threshold 1000 ms)");
    assertEquals(2, expected.exitCode());
    assertEquals("FAIL: expected to hold 12000 connections, held up to 8000 (BROKE at 10000 connections: ack p99 1019 ms"
        + " (threshold 1000 ms))", expected.line());

    Verdict interrupted = Verdict.ofSearch(FACTS, new RunEnd("SIGTERM", T0 + 5000, null, false, null), c.counts(),
        new Server().side(), null, "HELD up to 2000 connections: no threshold crossed");
    assertEquals(List.of(Cause.RUN_INTERRUPTED), causes(interrupted));
  }

  @Test
  void everyCauseHasANameAMeaningAndWhatToLookAt() {
    for (Cause cause : Cause.values()) {
      assertTrue(cause.label.matches("[a-z-]+"), cause.label);
      assertFalse(cause.meaning.isBlank(), cause.name());
      assertFalse(cause.lookAt.isBlank(), cause.name());
    }
  }

  private static Recoveries.Recovery recovery(long atSecond, Long allBackMs, long lost, long recovered, long drops,
      long failed) {
    return new Recoveries.Recovery(T0 + atSecond * 1000, "restart", 100, lost, recovered, allBackMs, allBackMs, allBackMs,
        40, failed, 30, drops, failed);
  }

  @Test
  void aResilienceTestExpectsTheEventAndWhatItCostsIfAllCameBackInTime() throws Exception {
    Clients c = clean();
    c.drops.put("hold", 100L);
    c.failed.put("tcp", 35L);
    Server s = new Server();
    s.disconnects.put("transport-close", 100L);
    s.goneAt = T0 + 20_000;
    s.restarts = List.of(new TimelineStats.Restart(T0 + 23_000));
    s.silences = List.of(new TimelineStats.Silence(T0 + 19_000, T0 + 33_000)); // down, then starting
    List<Recoveries.Recovery> within = List.of(recovery(20, 13_400L, 100, 100, 100, 35));

    Verdict v = Verdict.ofChurn(FACTS, RunEnd.finished(), c.counts(), s.side(), within, Duration.ofSeconds(20));
    assertTrue(v.passed(), v.line());
    assertEquals("PASS: 100 connections held (peak 100, server 100), 300 lifetimes, the restart 20 s in lost 100, all"
        + " back in 13.4 s (expected); 0 other drops, 0 other failed connects, 0 late answers, ack p99 2 ms", v.line());

    Verdict slow = Verdict.ofChurn(FACTS, RunEnd.finished(), c.counts(), s.side(),
        List.of(recovery(20, 27_300L, 100, 100, 100, 35)), Duration.ofSeconds(20));
    assertEquals(List.of(Cause.EXPECTATION_NOT_MET), causes(slow));
    assertEquals("FAIL: the 100 lost connections took 27.3 s to come back after the restart 20 s into the run, expected"
        + " within 20s (-Dexpect=recovery:20s)", slow.line());

    Verdict never = Verdict.ofChurn(FACTS, RunEnd.finished(), c.counts(), s.side(),
        List.of(recovery(20, null, 100, 30, 100, 35)), Duration.ofSeconds(20));
    assertEquals("FAIL: 70 of 100 lost connections never came back after the restart 20 s into the run"
        + " (-Dexpect=recovery:20s)", never.line());

    Verdict nothing = Verdict.ofChurn(FACTS, RunEnd.finished(), clean().counts(), new Server().side(), List.of(),
        Duration.ofSeconds(20));
    assertEquals("FAIL: expected connections lost and recovered (-Dexpect=recovery:20s), but none were lost", nothing.line());

    Verdict without = Verdict.ofChurn(FACTS, RunEnd.finished(), c.counts(), s.side(), within, null);
    assertEquals(List.of(Cause.SERVER_RESTARTED, Cause.DROPS, Cause.FAILED_CONNECTS), causes(without),
        "without the expectation, the same run fails on what the event cost (its lag told the silence was the restart's)");
  }

  @Test
  void dropsOutsideTheRecoveriesAreStillDrops() throws Exception {
    Clients c = clean();
    c.drops.put("hold", 103L); // 100 in the restart, 3 others
    Verdict v = Verdict.ofChurn(FACTS, RunEnd.finished(), c.counts(), new Server().side(),
        List.of(recovery(20, 9000L, 100, 100, 100, 0)), Duration.ofSeconds(20));
    assertEquals(List.of(Cause.DROPS), causes(v));
    assertTrue(v.line().startsWith("FAIL: 3 drops"), v.line());
  }

  @Test
  void aLeakFailsTheRunNamingTheSeriesAndItsRate() throws Exception {
    Leaks.Slope heap = new Leaks.Slope(new Leaks.Watch("heap_live_bytes", "server live heap", "MiB", 1 << 20, 16), 40.2,
        3300, 60, 100);
    Verdict v = Verdict.ofChurn(FACTS, RunEnd.finished(), clean().counts(), new Server().side(), List.of(), null,
        List.of(heap));
    assertEquals(List.of(Cause.LEAK), causes(v));
    assertEquals("FAIL: leak: server live heap +40.2 MiB/h (threshold 16 MiB/h)", v.line());
    assertEquals(Verdict.FAIL_EXIT, v.exitCode());
  }
}

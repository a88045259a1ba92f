package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's server-side figures are this run's: from its first sample on, across restarts, silences and deaths. */
class TimelineStatsTest {

  private static final long T0 = 1_800_000_000_000L;

  /** Feeds samples one second apart, as the sampler does. */
  private static final class Feed {
    final TimelineStats stats = new TimelineStats();
    final CounterDeltas deltas = new CounterDeltas();
    int second;

    Feed status(String json) throws Exception {
      return sample(new ObjectMapper().readTree(json), false, null, -1);
    }

    Feed silent() {
      return sample(null, false, null, -1);
    }

    Feed gone() {
      return sample(null, true, null, -1);
    }

    Feed sample(JsonNode json, boolean gone, Long openFds, long limit) {
      ServerCounters counters = json == null ? null : ServerCounters.of(json);
      CounterDeltas.Deltas d = counters == null ? null : deltas.next(counters);
      Long connected = json == null || !json.has("connected") ? null : json.get("connected").asLong();
      Double lag = json == null || !json.has("eventLoopLagMs") ? null : json.get("eventLoopLagMs").asDouble();
      TimelineRow row = new TimelineRow(T0 + second * 1000L, second, null, null, null, connected, null, null, null, null, null, null,
          null, null, null, null, null, null, null, null, null, null, openFds, lag, null, null);
      stats.add(row, json, counters, d, gone, null, limit);
      second++;
      return this;
    }
  }

  @Test
  void aStandaloneServersEarlierLifeIsNotThisRuns() throws Exception {
    // the server had 5 drops and a peak of 90 before the run; during it, 50 connects and 3 kicks, peak 60
    Feed f = new Feed()
        .status("{\"pid\":7,\"startedAt\":1,\"connected\":0,\"peakConnected\":90,\"connects\":900,"
            + "\"disconnects\":{\"client-left\":895,\"server-close\":5}}")
        .status("{\"pid\":7,\"startedAt\":1,\"connected\":50,\"peakConnected\":90,\"connects\":950,"
            + "\"disconnects\":{\"client-left\":895,\"server-close\":5}}")
        .status("{\"pid\":7,\"startedAt\":1,\"connected\":0,\"peakConnected\":90,\"connects\":950,"
            + "\"disconnects\":{\"client-left\":942,\"server-close\":8}}");
    TimelineStats s = f.stats;
    assertEquals(50, s.total("connects"));
    assertEquals(Map.of("client-left", 47L, "server-close", 3L), s.totals("disconnects"));
    assertEquals(50, s.peakConnected(), "the server's peak of 90 was before the run");
    assertEquals(List.of(), s.restarts());
  }

  @Test
  void aServersOwnPeakCountsOnceItRisesDuringTheRun() throws Exception {
    Feed f = new Feed()
        .status("{\"connected\":0,\"peakConnected\":10,\"connects\":10}")
        .status("{\"connected\":30,\"peakConnected\":44,\"connects\":60}"); // 44 held between two samples
    assertEquals(44, f.stats.peakConnected());
  }

  @Test
  void aRestartMidRunIsRecordedAndItsCountsAdded() throws Exception {
    Feed f = new Feed()
        .status("{\"pid\":7,\"startedAt\":1,\"connected\":20,\"peakConnected\":20,\"connects\":100}")
        .status("{\"pid\":7,\"startedAt\":1,\"connected\":20,\"peakConnected\":20,\"connects\":110}")
        .silent()
        .status("{\"pid\":8,\"startedAt\":5,\"connected\":15,\"peakConnected\":15,\"connects\":15}");
    TimelineStats s = f.stats;
    assertEquals(List.of(new TimelineStats.Restart(T0 + 3000)), s.restarts());
    assertEquals(25, s.total("connects"), "10 before the restart, 15 after");
    assertEquals(20, s.peakConnected());
  }

  @Test
  void silencesOfAServerThatHadAnsweredAreMeasuredUntilItDies() throws Exception {
    Feed f = new Feed().silent() // never answered yet: not a silence
        .status("{\"connected\":1}").silent().silent().silent().status("{\"connected\":1}") // 4 s
        .silent() // one sample missed: not a silence
        .status("{\"connected\":1}").silent().silent().gone().gone(); // silent 2 s, then dead: not silent any more
    List<TimelineStats.Silence> silences = f.stats.silences();
    assertEquals(2, silences.size(), silences.toString());
    assertEquals(4000, silences.get(0).millis());
    assertEquals(T0 + 1000, silences.get(0).from());
    assertEquals(3000, silences.get(1).millis(), "from its last answer to when it was seen gone");
    assertEquals(T0 + 10_000, f.stats.processGoneAt());
  }

  @Test
  void aSilenceStillGoingOnAtTheEndCounts() throws Exception {
    Feed f = new Feed().status("{\"connected\":1}").silent().silent().silent();
    assertEquals(List.of(new TimelineStats.Silence(T0, T0 + 3000, true)), f.stats.silences());
  }

  @Test
  void withoutCountersNothingIsClaimedAndTheFilesAndLagAreKept() throws Exception {
    Feed f = new Feed().status("{\"connected\":3,\"eventLoopLagMs\":12.5}")
        .sample(new ObjectMapper().readTree("{\"connected\":4,\"eventLoopLagMs\":900}"), false, 1199L, 1200)
        .status("{\"connected\":4,\"eventLoopLagMs\":3}");
    TimelineStats s = f.stats;
    assertNull(s.total("connects"), "unknown, not 0");
    assertEquals(new TimelineStats.Peak(900, T0 + 1000), s.maxLag());
    assertEquals(new TimelineStats.Peak(1199, T0 + 1000), s.peakOpenFds());
    assertEquals(1200, s.openFileLimit());
    assertEquals(4, s.peakConnected());
    assertEquals(-1, s.peakEstablished(), "no view of the port");
  }

  @Test
  void theSamplersCpuIsTakenOutOfTheInjectors() {
    TimelineStats stats = new TimelineStats();
    stats.addInjector(new ProcessStats.Sample(100, 1_000_000_000L, 10, 10), 100_000_000L, 1);
    stats.addInjector(new ProcessStats.Sample(300, 4_000_000_000L, 10, 10), 600_000_000L, 1);
    assertEquals(500_000_000L, stats.samplerCpuNanos());
    assertEquals(2_500_000_000L, stats.injectorCpuNanos());
    assertEquals(300, stats.injectorPeakRss());
    assertEquals(100, stats.injectorIdleRss());
  }

  @Test
  void withoutThreadCpuTimesNothingIsClaimed() {
    TimelineStats stats = new TimelineStats();
    stats.addInjector(new ProcessStats.Sample(100, 1_000_000_000L, 10, 10), -1, 1);
    assertEquals(-1, stats.injectorCpuNanos());
    assertEquals(-1, stats.samplerCpuNanos());
  }

  @Test
  void aRunningSamplerMeasuresItsOwnThreads(@TempDir Path dir) throws Exception {
    assumeTrue(ProcNetTcp.available(), "needs /proc for the process's own CPU");
    try (TimelineSampler sampler = new TimelineSampler(dir.resolve("t.csv"),
        new TimelineSampler.Watched(URI.create("wss://127.0.0.1:1"), ProcessHandle.current().pid()))) {
      sampler.start(Duration.ofMillis(5));
      long deadline = System.currentTimeMillis() + 10_000;
      while (sampler.stats().samplerCpuNanos() <= 0 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      // each sample reads /proc/net/tcp, /proc/<pid> and the status: its thread's CPU time is not zero
      assertTrue(sampler.stats().samplerCpuNanos() > 0, "the sampler's own CPU time");
    }
  }
}

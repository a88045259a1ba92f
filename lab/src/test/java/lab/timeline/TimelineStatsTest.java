package lab.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The injector's CPU is the load's cost: the sampler, which runs in the same JVM, is counted apart. */
class TimelineStatsTest {

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
        new TimelineSampler.Target(URI.create("wss://127.0.0.1:1"), ProcessHandle.current().pid()))) {
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

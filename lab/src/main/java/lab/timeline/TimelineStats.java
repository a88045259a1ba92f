package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What a run's summary needs from its timeline: peaks, the idle baseline, and the server's last counters. */
public final class TimelineStats {

  /** The disconnect reasons as /status names them, in the CSV's column order. */
  public static final List<String> REASONS = List.of("client-left", "transport-close", "ping-timeout", "server-close");

  private int samples;
  private long firstAt;
  private long lastAt;
  private long peakConnected = -1;
  private long peakEstablished = -1;
  private long idleRss = -1;
  private long peakRss = -1;
  private double maxLagMs = -1;
  private long firstCpuNanos = -1;
  private long lastCpuNanos = -1;
  private JsonNode lastStatus;
  private long lastStatusAt;
  private long processGoneAt = -1;
  private long injectorPeakRss = -1;
  private long injectorIdleRss = -1;
  private long injectorPeakHeap = -1;
  private long injectorFirstCpuNanos = -1;
  private long injectorLastCpuNanos = -1;
  private long samplerFirstCpuNanos = -1;
  private long samplerLastCpuNanos = -1;

  synchronized void add(long now, JsonNode status, PortCounts tcp, Long rss, Long cpuNanos, Double lagMs, boolean processGone) {
    if (samples++ == 0) {
      firstAt = now;
    }
    lastAt = now;
    if (status != null) {
      lastStatus = status;
      lastStatusAt = now;
      // the server's own peak is exact; a server with only {"connected":N} is peaked at our sampling times
      for (String field : List.of("connected", "peakConnected")) {
        JsonNode value = status.get(field);
        if (value != null && value.isNumber()) {
          peakConnected = Math.max(peakConnected, value.asLong());
        }
      }
    }
    if (tcp != null) {
      peakEstablished = Math.max(peakEstablished, tcp.established());
    }
    if (rss != null) {
      if (idleRss < 0) {
        idleRss = rss;
      }
      peakRss = Math.max(peakRss, rss);
    }
    if (cpuNanos != null) {
      if (firstCpuNanos < 0) {
        firstCpuNanos = cpuNanos;
      }
      lastCpuNanos = cpuNanos;
    }
    if (lagMs != null) {
      maxLagMs = Math.max(maxLagMs, lagMs);
    }
    if (processGone && processGoneAt < 0) {
      processGoneAt = now;
    }
  }

  /**
   * The sampling JVM itself, which is also the load injector: its cost is part of every run's figures.
   * {@code samplerCpuNanos} is the CPU the sampler's own threads have used so far (reading /proc/net/tcp
   * costs the kernel about 1.5 µs per socket on the host, every second): kept apart, so that the injector's
   * figure is the load's cost, not the observer's.
   */
  synchronized void addInjector(ProcessStats.Sample self, long samplerCpuNanos, long heapUsed) {
    if (injectorIdleRss < 0) {
      injectorIdleRss = self.rssBytes();
    }
    injectorPeakRss = Math.max(injectorPeakRss, self.rssBytes());
    injectorPeakHeap = Math.max(injectorPeakHeap, heapUsed);
    if (self.cpuNanos() >= 0 && samplerCpuNanos >= 0) {
      if (injectorFirstCpuNanos < 0) {
        injectorFirstCpuNanos = self.cpuNanos();
        samplerFirstCpuNanos = samplerCpuNanos;
      }
      injectorLastCpuNanos = self.cpuNanos();
      samplerLastCpuNanos = samplerCpuNanos;
    }
  }

  public synchronized long injectorPeakRss() {
    return injectorPeakRss;
  }

  /** The most heap the injector (this JVM) used at a sample. */
  public synchronized long injectorPeakHeap() {
    return injectorPeakHeap;
  }

  /** The injector's RSS at the first sample, before the load. */
  public synchronized long injectorIdleRss() {
    return injectorIdleRss;
  }

  /** Injector CPU time between the first and the last sample, less the sampler's own; -1 when unknown. */
  public synchronized long injectorCpuNanos() {
    // the process's CPU comes in 10 ms clock ticks, the threads' in ns: over a short window the difference
    // can dip below zero by a tick
    return injectorFirstCpuNanos < 0 ? -1 : Math.max(0, injectorLastCpuNanos - injectorFirstCpuNanos - samplerCpuNanos());
  }

  /** The sampler's own CPU time between the first and the last sample (it runs in the injector's JVM). */
  public synchronized long samplerCpuNanos() {
    return samplerFirstCpuNanos < 0 ? -1 : samplerLastCpuNanos - samplerFirstCpuNanos;
  }

  public synchronized int samples() {
    return samples;
  }

  public synchronized long firstAt() {
    return firstAt;
  }

  public synchronized long lastAt() {
    return lastAt;
  }

  /** The most connections the server held (its own peak, or the peak of our samples); -1 without /status. */
  public synchronized long peakConnected() {
    return peakConnected;
  }

  /** The most ESTABLISHED sockets on the server's port; -1 without /proc. */
  public synchronized long peakEstablished() {
    return peakEstablished;
  }

  /** RSS at the first sample, before the load: the baseline for RSS per connection; -1 when unknown. */
  public synchronized long idleRss() {
    return idleRss;
  }

  public synchronized long peakRss() {
    return peakRss;
  }

  public synchronized double maxLagMs() {
    return maxLagMs;
  }

  /** Server CPU time spent between the first and the last sample; -1 when unknown. */
  public synchronized long cpuNanos() {
    return firstCpuNanos < 0 ? -1 : lastCpuNanos - firstCpuNanos;
  }

  /** The last /status the server answered (its counters at the end, or just before it died); null if none. */
  public synchronized JsonNode lastStatus() {
    return lastStatus;
  }

  public synchronized long lastStatusAt() {
    return lastStatusAt;
  }

  /** When the watched process was first seen gone; -1 if it lived through the run. */
  public synchronized long processGoneAt() {
    return processGoneAt;
  }
}

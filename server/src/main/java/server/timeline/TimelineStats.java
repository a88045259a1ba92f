package server.timeline;

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

  /** The sampling JVM itself, which is also the load injector: its cost is part of every run's figures. */
  synchronized void addInjector(ProcessStats.Sample self) {
    if (injectorIdleRss < 0) {
      injectorIdleRss = self.rssBytes();
    }
    injectorPeakRss = Math.max(injectorPeakRss, self.rssBytes());
    injectorPeakHeap = Math.max(injectorPeakHeap,
        java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    if (self.cpuNanos() >= 0) {
      if (injectorFirstCpuNanos < 0) {
        injectorFirstCpuNanos = self.cpuNanos();
      }
      injectorLastCpuNanos = self.cpuNanos();
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

  /** Injector CPU time between the first and the last sample; -1 when unknown. */
  public synchronized long injectorCpuNanos() {
    return injectorFirstCpuNanos < 0 ? -1 : injectorLastCpuNanos - injectorFirstCpuNanos;
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

package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's summary needs from its timeline, all of it this run's: counters as the sum of the differences
 * between samples (so a standalone server's earlier life and a restart mid-run are both accounted for), peaks
 * within the run, when the server restarted, went silent, died or reached its open-file limit, and what its
 * process and the injector cost. A figure the timeline could not see is null, never 0.
 */
public final class TimelineStats {

  /** A server that is not the one that answered before: another pid or start time, or counters that went back. */
  public record Restart(long at) {}

  /**
   * A stretch in which a server that had answered /status did not, while its process was not known to be gone;
   * {@code untilEnd} when it had not answered again by the last sample.
   */
  public record Silence(long from, long to, boolean untilEnd) {
    public Silence(long from, long to) {
      this(from, to, false);
    }

    public long millis() {
      return to - from;
    }
  }

  /** A figure and when it was seen. */
  public record Peak(double value, long at) {}

  /** Samples are a second apart: one missed sample leaves two seconds between answers, and is no silence. */
  private static final long ONE_MISSED_SAMPLE_MILLIS = 2500;

  private int samples;
  private long lastAt;
  private int statusSamples;
  private JsonNode lastStatus;
  private long lastStatusAt = -1;
  private final Map<String, Long> totals = new LinkedHashMap<>();
  private boolean countersSeen;
  private long segmentBaselinePeak = -1;
  private long peakConnected = -1;
  private long peakEstablished = -1;
  private long peakHeld = -1;
  private final List<Restart> restarts = new ArrayList<>();
  private final List<Silence> silences = new ArrayList<>();
  private long silentSince = -1;
  private Peak maxLag;
  private long processGoneAt = -1;
  private long openFileLimit = -1;
  private Peak peakOpenFds;
  private long idleRss = -1;
  private long peakRss = -1;
  private long cpuNanos = -1;
  private Long previousCpu;
  private long injectorPeakRss = -1;
  private long injectorIdleRss = -1;
  private long injectorPeakHeap = -1;
  private long injectorFirstCpuNanos = -1;
  private long injectorLastCpuNanos = -1;
  private long samplerFirstCpuNanos = -1;
  private long samplerLastCpuNanos = -1;

  /**
   * One sample.
   *
   * @param status       the server's fresh /status, or null (not answered, stale, or none at all)
   * @param counters     its counters, or null without status
   * @param deltas       their differences from the previous answer
   * @param processGone  the watched process is known to be gone
   * @param cpu          the server's CPU time so far (from /proc or its /status), or null
   * @param limit        the server process's open-file limit, or -1 when unknown
   */
  synchronized void add(TimelineRow row, JsonNode status, ServerCounters counters, CounterDeltas.Deltas deltas,
      boolean processGone, Long cpu, long limit) {
    samples++;
    lastAt = row.time();
    if (processGone && processGoneAt < 0) {
      processGoneAt = row.time();
    }
    if (status != null) {
      addStatus(row, status, counters, deltas);
    } else if (lastStatusAt >= 0 && silentSince < 0 && processGoneAt < 0) {
      silentSince = lastStatusAt;
    }
    if (silentSince >= 0 && processGoneAt >= 0) {
      closeSilence(processGoneAt);
    }
    if (row.tcp() != null) {
      peakEstablished = Math.max(peakEstablished, row.tcp().established());
    }
    if (row.held() != null) {
      peakHeld = Math.max(peakHeld, row.held());
    }
    if (row.eventLoopLagMs() != null && (maxLag == null || row.eventLoopLagMs() > maxLag.value())) {
      maxLag = new Peak(row.eventLoopLagMs(), row.time());
    }
    if (row.rssBytes() != null) {
      if (idleRss < 0) {
        idleRss = row.rssBytes();
      }
      peakRss = Math.max(peakRss, row.rssBytes());
    }
    if (row.openFds() != null && (peakOpenFds == null || row.openFds() > peakOpenFds.value())) {
      peakOpenFds = new Peak(row.openFds(), row.time());
    }
    if (limit > 0) {
      openFileLimit = limit;
    }
    if (cpu != null) {
      // a restarted server's CPU starts from zero again: count what each process used
      cpuNanos = Math.max(0, cpuNanos) + (previousCpu == null ? 0 : cpu >= previousCpu ? cpu - previousCpu : cpu);
      previousCpu = cpu;
    }
  }

  private void addStatus(TimelineRow row, JsonNode status, ServerCounters counters, CounterDeltas.Deltas deltas) {
    boolean first = statusSamples++ == 0;
    if (silentSince >= 0) {
      closeSilence(row.time());
    }
    lastStatus = status;
    lastStatusAt = row.time();
    if (deltas.restarted()) {
      restarts.add(new Restart(row.time()));
      segmentBaselinePeak = 0; // everything the new process counted happened during the run
    }
    countersSeen |= !counters.values().isEmpty();
    deltas.values().forEach((k, v) -> totals.merge(k, v, Long::sum));
    if (row.connected() != null) {
      peakConnected = Math.max(peakConnected, row.connected());
    }
    // The server's own peak is exact, but a standalone server's may be from before the run: it counts only once
    // it rises above what it was at the first answer (or after a restart).
    JsonNode reported = status.get("peakConnected");
    if (reported != null && reported.isNumber()) {
      if (first) {
        segmentBaselinePeak = reported.asLong();
      } else if (reported.asLong() > segmentBaselinePeak) {
        peakConnected = Math.max(peakConnected, reported.asLong());
      }
    }
  }

  private void closeSilence(long to) {
    if (to - silentSince > ONE_MISSED_SAMPLE_MILLIS) {
      silences.add(new Silence(silentSince, to));
    }
    silentSince = -1;
  }

  /**
   * The sampling JVM itself, which is also the load injector: its cost is part of every run's figures.
   * {@code samplerCpuNanos} is the CPU the sampler's own threads have used so far, the kernel's work for them
   * included (counting the port's sockets walks every TCP socket on the host, every second): kept apart, so that
   * the injector's figure is the load's cost, not the observer's.
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

  /** The server's side for the verdict, as seen so far. */
  public synchronized ServerSide serverSide() {
    return new ServerSide(statusSamples > 0, total("connects"), countersSeen ? totals("disconnects") : null,
        countersSeen ? totals("handshakeFailures") : null,
        lastStatus != null && lastStatus.has("acceptFailures") ? totals("acceptFailures") : null,
        peakConnected, peakEstablished, restarts(), silences(), maxLag, processGoneAt, openFileLimit, peakOpenFds,
        lastStatus);
  }

  public synchronized int samples() {
    return samples;
  }

  /** Samples in which the server answered /status (or its status file was fresh). */
  public synchronized int statusSamples() {
    return statusSamples;
  }

  /** This run's total of one counter ({@code connects}, {@code disconnects.client-left}...); null when never reported. */
  public synchronized Long total(String counter) {
    return countersSeen ? totals.getOrDefault(counter, 0L) : null;
  }

  /** This run's totals of the counters under {@code prefix.}, by the rest of their name; empty when none. */
  public synchronized Map<String, Long> totals(String prefix) {
    Map<String, Long> m = new LinkedHashMap<>();
    totals.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        m.put(k.substring(prefix.length() + 1), v);
      }
    });
    return m;
  }

  /** The most connections the server held during the run (its own gauge); -1 when it never said. */
  public synchronized long peakConnected() {
    return peakConnected;
  }

  /** The most ESTABLISHED sockets on the server's port; -1 without a view of the port (another host, no /proc). */
  public synchronized long peakEstablished() {
    return peakEstablished;
  }

  /** The most connections the clients held at once; -1 without the injector's count. */
  public synchronized long peakHeld() {
    return peakHeld;
  }

  public synchronized List<Restart> restarts() {
    return List.copyOf(restarts);
  }

  /** The silences of /status, the one still going on at the last sample included. */
  public synchronized List<Silence> silences() {
    List<Silence> all = new ArrayList<>(silences);
    if (silentSince >= 0 && lastAt - silentSince > ONE_MISSED_SAMPLE_MILLIS) {
      all.add(new Silence(silentSince, lastAt, true));
    }
    return all;
  }

  /** The worst event-loop lag the server reported, and when; null when it reports none. */
  public synchronized Peak maxLag() {
    return maxLag;
  }

  /** When the watched process was first seen gone; -1 if it lived through the run. */
  public synchronized long processGoneAt() {
    return processGoneAt;
  }

  /** The server process's open-file limit ({@code ulimit -n}); -1 when unknown. */
  public synchronized long openFileLimit() {
    return openFileLimit;
  }

  /** The most files the server process had open, and when; null when unknown. */
  public synchronized Peak peakOpenFds() {
    return peakOpenFds;
  }

  /** The last /status the server answered (its counters at the end, or just before it died); null if none. */
  public synchronized JsonNode lastStatus() {
    return lastStatus;
  }

  /** RSS at the first sample, before the load: the baseline for RSS per connection; -1 when unknown. */
  public synchronized long idleRss() {
    return idleRss;
  }

  public synchronized long peakRss() {
    return peakRss;
  }

  /** Server CPU time spent between the first and the last sample; -1 when unknown. */
  public synchronized long cpuNanos() {
    return cpuNanos;
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
}

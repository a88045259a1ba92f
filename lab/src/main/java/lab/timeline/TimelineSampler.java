package lab.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server's side of a run, once a second, into {@code server-timeline.csv}: its own counters (from
 * {@code /status}), the OS view of its port ({@code /proc/net/tcp}), and its process ({@code /proc/<pid>}).
 * Each part works without the others, so it watches a server we did not start, a Node server, or a server
 * that crashed: the rows go on with what can still be read, and every row is on disk as soon as it is taken.
 */
public final class TimelineSampler implements AutoCloseable {

  private static final Duration STATUS_WAIT = Duration.ofMillis(900);

  /**
   * What to watch: the server's URL (for /status and its port), its pid (-1 when unknown), and the status
   * file it writes (null when it writes none: then /status is asked over HTTP).
   */
  public record Target(URI url, long pid, Path statusFile) {
    public Target(URI url, long pid) {
      this(url, pid, null);
    }
  }

  private final Target target;
  private final StatusClient status;
  private final BufferedWriter out;
  private final TimelineStats stats = new TimelineStats();
  private final List<Thread> threads = new CopyOnWriteArrayList<>(); // ours, for their CPU time
  private final Map<Thread, Long> threadCpuNanos = new HashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "timeline-sampler"));
  private final long startedAtNanos = System.nanoTime();
  private final ExecutorService statusRequests = Executors.newSingleThreadExecutor(r -> thread(r, "timeline-status"));
  private final AtomicBoolean closing = new AtomicBoolean();
  private Future<Optional<JsonNode>> statusInFlight;
  private Previous previous;
  private boolean closed;

  public TimelineSampler(Path csv, Target target) throws IOException {
    this.target = target;
    this.status = new StatusClient(target.url(), target.statusFile());
    Files.createDirectories(csv.toAbsolutePath().getParent());
    this.out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
    out.write(String.join(",", TimelineColumns.ALL));
    out.newLine();
    out.flush();
  }

  /** Samples now and then every {@code period} until {@link #close()}. */
  public TimelineSampler start(Duration period) {
    timer.scheduleAtFixedRate(this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Takes one sample and appends its row; public for tests that drive the clock themselves. */
  public synchronized List<String> sample() {
    if (closed) {
      return List.of();
    }
    long now = System.currentTimeMillis();
    // The OS views first, then /status: the status request's own connection must not be in the counts.
    Optional<PortCounts> tcp = ProcNetTcp.read(target.url().getPort());
    Optional<ProcessStats.Sample> proc = target.pid() > 0 ? ProcessStats.read(target.pid()) : Optional.empty();
    Optional<JsonNode> json = readStatus();
    Current current = new Current(now, json.orElse(null), proc.orElse(null));

    List<String> row = new ArrayList<>(TimelineColumns.ALL.size());
    row.add(Long.toString(now));
    row.add(String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - startedAtNanos) / 1e9));
    row.add(cell(current.counter("connected")));
    row.add(cell(delta(current.counter("connects"), previous == null ? null : previous.connects)));
    Long[] byReason = new Long[TimelineStats.REASONS.size()];
    for (int i = 0; i < byReason.length; i++) {
      byReason[i] = current.disconnects(TimelineStats.REASONS.get(i));
      row.add(cell(delta(byReason[i], previous == null ? null : previous.disconnects[i])));
    }
    Long failures = current.handshakeFailures();
    row.add(cell(delta(failures, previous == null ? null : previous.handshakeFailures)));
    row.add(cell(tcp.map(t -> (long) t.established()).orElse(null)));
    row.add(cell(tcp.map(t -> (long) t.closeWait()).orElse(null)));
    row.add(cell(tcp.map(t -> (long) t.timeWait()).orElse(null)));
    row.add(cell(tcp.map(t -> (long) t.synRecv()).orElse(null)));
    row.add(cell(tcp.map(t -> (long) t.perfmonEstablished()).orElse(null)));
    Long rss = proc.map(p -> p.rssBytes() >= 0 ? p.rssBytes() : null).orElse(null);
    row.add(cell(rss));
    row.add(cell(current.counter("heapUsedBytes")));
    row.add(cell(current.counter("directBytes")));
    row.add(cell(delta(current.counter("gcMillis"), previous == null ? null : previous.gcMillis)));
    Long cpu = current.cpuNanos();
    Double cpuPercent = previous == null || cpu == null || previous.cpuNanos == null || now <= previous.time ? null
        : 100.0 * (cpu - previous.cpuNanos) / ((now - previous.time) * 1e6);
    row.add(cpuPercent == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", cpuPercent));
    row.add(cell(proc.map(p -> p.threads() >= 0 ? (long) p.threads() : null).orElse(current.counter("threads"))));
    row.add(cell(proc.map(p -> p.openFds() >= 0 ? (long) p.openFds() : null).orElse(null)));
    JsonNode lag = current.json == null ? null : current.json.get("eventLoopLagMs");
    row.add(lag == null ? "" : lag.asText());

    write(row);
    stats.add(now, current.json, tcp.orElse(null), rss, cpu, lag == null ? null : lag.asDouble(),
        target.pid() > 0 && proc.isEmpty());
    ProcessStats.read(ProcessHandle.current().pid()).ifPresent(self -> stats.addInjector(self, ownCpuNanos(),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
    previous = new Previous(now, current.counter("connects"), byReason, failures, current.counter("gcMillis"), cpu);
    return row;
  }

  public TimelineStats stats() {
    return stats;
  }

  /** Stops sampling after one last row; closing again does nothing. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    status.awaitWrittenAfter(System.currentTimeMillis());
    synchronized (this) {
      sampleQuietly();
      closed = true;
      statusRequests.shutdownNow();
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * /status, waiting at most {@link #STATUS_WAIT} for it. A slow answer is not cut off: aborting a request
   * halfway through its TLS handshake would show as a handshake failure on the server, caused by us. It is
   * left to finish and this sample goes without the server's counters.
   */
  private Optional<JsonNode> readStatus() {
    if (statusInFlight == null || statusInFlight.isDone()) {
      statusInFlight = statusRequests.submit(status::read);
    }
    try {
      return statusInFlight.get(STATUS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    return t;
  }

  /**
   * CPU (user and system) used so far by the sampler's own threads; -1 where the JVM cannot tell. A thread
   * that has ended keeps the last time read from it, so that the sum never goes back.
   */
  private long ownCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) {
      return -1;
    }
    long sum = 0;
    for (Thread t : threads) {
      long now = mx.getThreadCpuTime(t.getId());
      if (now >= 0) {
        threadCpuNanos.put(t, now);
      }
      sum += threadCpuNanos.getOrDefault(t, 0L);
    }
    return sum;
  }

  private void sampleQuietly() {
    try {
      sample();
    } catch (RuntimeException e) {
      // one bad sample must not end the timeline; the gap shows in the CSV
      System.err.println("timeline: sample failed: " + e);
    }
  }

  private void write(List<String> row) {
    try {
      out.write(String.join(",", row));
      out.newLine();
      out.flush(); // a crash of anything must leave every row taken so far on disk
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Long delta(Long now, Long before) {
    return now == null || before == null ? null : Math.max(0, now - before);
  }

  private static String cell(Long value) {
    return value == null ? "" : Long.toString(value);
  }

  private record Previous(long time, Long connects, Long[] disconnects, Long handshakeFailures, Long gcMillis, Long cpuNanos) {}

  /** One reading of /status and /proc, with the lookups the row needs. */
  private record Current(long time, JsonNode json, ProcessStats.Sample proc) {
    Long counter(String name) {
      JsonNode n = json == null ? null : json.get(name);
      return n == null || !n.isNumber() ? null : n.asLong();
    }

    Long disconnects(String reason) {
      JsonNode n = json == null ? null : json.path("disconnects").get(reason);
      return n == null ? null : n.asLong();
    }

    Long handshakeFailures() {
      JsonNode n = json == null ? null : json.get("handshakeFailures");
      if (n == null) {
        return null;
      }
      long sum = 0;
      for (JsonNode v : n) {
        sum += v.asLong();
      }
      return sum;
    }

    /** CPU from /proc when we can read it, else what the server's JVM says of itself. */
    Long cpuNanos() {
      if (proc != null && proc.cpuNanos() >= 0) {
        return proc.cpuNanos();
      }
      Long fromStatus = counter("cpuNanos");
      return fromStatus == null || fromStatus < 0 ? null : fromStatus;
    }
  }
}
